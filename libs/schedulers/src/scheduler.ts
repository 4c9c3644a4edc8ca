import { ReduceLROnPlateau } from './plateau.js';
import { OptionError } from '@descent/core-tensor';
import { type ScheduleName, type ScheduleOptionsMap, describeValue } from './options.js';
import { createSchedule } from './registry.js';
import type { LrScheduler, Schedule, ScheduleTarget } from './schedule.js';

/**
 * Applies a schedule to a target ({ lr, momentum? }, e.g. an Optimizer), PyTorch style: construction sets
 * target.lr = schedule(0) (and the momentum, for momentum-cycling schedules), and each step() sets schedule(e)
 * for the next e. So the lr used by optimizer step t is schedule(t) when step() follows each optimizer step.
 * Closed forms are applied, so the lr does not drift and other writes to target.lr are overwritten.
 */
export class Scheduler implements LrScheduler {
  lastEpoch = 0;

  constructor(
    readonly target: ScheduleTarget,
    readonly schedule: Schedule,
    readonly label = 'schedule',
  ) {
    if (schedule.momentum && typeof target.momentum !== 'number') {
      throw new OptionError(label, 'cycleMomentum', `needs an optimizer with momentum (SGD/RMSprop momentum or Adam-family beta1), got momentum ${describeValue(target.momentum)}; set cycleMomentum: false`, { value: true });
    }
    // PyTorch 1.13's CyclicLR raises for optimizers without a 'momentum' option (Adam's beta1 is not cycled).
    if (schedule.momentum && label === 'cyclic' && (target.momentumKind ?? 'momentum') !== 'momentum') {
      throw new OptionError('cyclic', 'cycleMomentum', 'needs an optimizer with a momentum option (SGD or RMSprop), as in PyTorch; the Adam family has betas instead: set cycleMomentum: false (one-cycle does cycle beta1)', { value: true });
    }
    this.apply();
  }

  get lr(): number {
    return this.target.lr;
  }

  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  private apply(): void {
    this.target.lr = this.schedule(this.lastEpoch);
    if (this.schedule.momentum) this.target.momentum = this.schedule.momentum(this.lastEpoch);
  }

  stateDict(): { lastEpoch: number } {
    return { lastEpoch: this.lastEpoch };
  }

  /** Resume at a saved step (re-applies the lr of that step). */
  loadStateDict(sd: { lastEpoch: number }): void {
    const e = sd?.lastEpoch;
    if (typeof e !== 'number' || !Number.isInteger(e) || e < 0) throw new OptionError(`${this.label}.loadStateDict`, 'lastEpoch', `must be a non-negative integer, got ${describeValue(e)}`, { value: e });
    this.lastEpoch = e;
    this.apply();
  }
}

/** An optimizer with parameter groups: each group is driven from its own lr, as PyTorch does. */
export interface GroupedTarget {
  readonly groups: readonly ScheduleTarget[];
}

const isGrouped = (t: unknown): t is GroupedTarget => !!t && typeof t === 'object' && Array.isArray((t as GroupedTarget).groups);

/** One scheduler per parameter group, stepped together (PyTorch schedules every param_group). */
class GroupScheduler implements LrScheduler {
  constructor(private readonly parts: readonly LrScheduler[]) {}
  get lastEpoch(): number {
    return this.parts[0].lastEpoch;
  }
  get lr(): number {
    return this.parts[0].lr;
  }
  /** Every group's lr. */
  get lrs(): number[] {
    return this.parts.map((p) => p.lr);
  }
  step(metric?: number): void {
    for (const p of this.parts) p.step(metric);
  }
  stateDict(): { lastEpoch: number; groups: { lastEpoch: number }[] } {
    return { lastEpoch: this.lastEpoch, groups: this.parts.map((p) => p.stateDict()) };
  }
  loadStateDict(sd: { lastEpoch: number; groups?: { lastEpoch: number }[] }): void {
    const groups = sd?.groups ?? this.parts.map(() => sd);
    if (groups.length !== this.parts.length) throw new OptionError('scheduler.loadStateDict', 'groups', `has ${groups.length} groups, the optimizer has ${this.parts.length}`);
    groups.forEach((g, i) => this.parts[i].loadStateDict(g));
  }
}

/**
 * Attach a schedule to a target by name, PyTorch style. The target's current lr is the base lr; an optimizer
 * with parameter groups (`@descent/optimizers`' bound optimizers: `new Adam(model.parameters())`) gets one
 * schedule per group, from that group's lr. For `plateau` this returns a ReduceLROnPlateau (step(metric)).
 */
export function createScheduler<N extends ScheduleName>(target: ScheduleTarget | GroupedTarget, name: N, options: Partial<ScheduleOptionsMap[N]>): LrScheduler {
  if (isGrouped(target)) return new GroupScheduler(target.groups.map((g) => createScheduler(g, name, options)));
  if (name === 'plateau') return new ReduceLROnPlateau(target, options as never);
  return new Scheduler(target, createSchedule(name, options, target.lr), name);
}
