import {
  constantSchedule,
  cosineSchedule,
  cosineWarmRestartsSchedule,
  exponentialSchedule,
  lambdaSchedule,
  linearSchedule,
  multiStepSchedule,
  polynomialSchedule,
  stepSchedule,
} from './closed-forms.js';
import { OptionError } from '@descent/core-tensor';
import { cyclicSchedule } from './cyclic.js';
import { oneCycleSchedule } from './one-cycle.js';
import { type ScheduleName, type ScheduleOptionsMap, type ScheduleSpec, type SequentialOptions, describeValue, isScheduleName, resolveScheduleOptions, scheduleNames } from './options.js';
import type { Schedule } from './schedule.js';
import { sequentialOf } from './sequential.js';

/** Sub-schedules (same baseLr) run one after another, each restarting at its milestone. */
export function sequentialSchedule(baseLr: number, options: Partial<SequentialOptions>): Schedule {
  const o = resolveScheduleOptions('sequential', options);
  return sequentialOf(
    o.schedulers.map((s) => createSchedule(s.scheduler, s.options as never, baseLr)),
    o.milestones,
  );
}

/**
 * Build a schedule `(step) => lr` by name. `baseLr` is the optimizer's lr before the schedule starts (cyclic and
 * onecycle ignore it: they set the lr themselves). `plateau` is not a function of the step: use createScheduler.
 */
export function createSchedule<N extends ScheduleName>(name: N, options: Partial<ScheduleOptionsMap[N]>, baseLr: number): Schedule {
  if (!isScheduleName(name)) throw new OptionError('scheduler', 'name', `must be one of ${scheduleNames.join(', ')}, got ${describeValue(name)}`, { value: name });
  if (typeof baseLr !== 'number' || !Number.isFinite(baseLr) || baseLr < 0) throw new OptionError(name, 'baseLr', `must be a finite number at least 0, got ${describeValue(baseLr)}`, { value: baseLr });
  const o = options as never;
  switch (name as ScheduleName) {
    case 'constant':
      return constantSchedule(baseLr, o);
    case 'step':
      return stepSchedule(baseLr, o);
    case 'multistep':
      return multiStepSchedule(baseLr, o);
    case 'exponential':
      return exponentialSchedule(baseLr, o);
    case 'cosine':
      return cosineSchedule(baseLr, o);
    case 'cosineWarmRestarts':
      return cosineWarmRestartsSchedule(baseLr, o);
    case 'linear':
      return linearSchedule(baseLr, o);
    case 'polynomial':
      return polynomialSchedule(baseLr, o);
    case 'cyclic':
      return cyclicSchedule(o);
    case 'onecycle':
      return oneCycleSchedule(o);
    case 'sequential':
      return sequentialSchedule(baseLr, o);
    case 'lambda':
      return lambdaSchedule(baseLr, o);
    case 'plateau':
      throw new OptionError('plateau', null, 'ReduceLROnPlateau depends on metrics, not on the step; use createScheduler(target, "plateau", options)');
  }
}

/** Longest preview lrCurve/momentumCurve compute (10 million steps, 80 MB): beyond it, sample the schedule instead. */
export const MAX_CURVE_STEPS = 10_000_000;

/**
 * Preview: the lr used at each of the first n steps, without an optimizer (curve[t] = lr of step t). `plateau`
 * cannot be previewed without metrics: its curve is flat at baseLr (it only ever goes down from there).
 */
export function lrCurve(spec: ScheduleSpec, baseLr: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CURVE_STEPS) throw new OptionError('lrCurve', 'n', `must be an integer from 0 to ${MAX_CURVE_STEPS}, got ${describeValue(n)}`, { value: n });
  if (spec === null || typeof spec !== 'object') throw new OptionError('lrCurve', 'spec', `must be { scheduler, options }, got ${describeValue(spec)}`, { value: spec });
  if (spec.scheduler === 'plateau') {
    // Checked as createSchedule checks it for the other schedules: the flat curve is baseLr itself.
    if (typeof baseLr !== 'number' || !Number.isFinite(baseLr) || baseLr < 0) throw new OptionError('plateau', 'baseLr', `must be a finite number at least 0, got ${describeValue(baseLr)}`, { value: baseLr });
    resolveScheduleOptions('plateau', spec.options as never);
    return new Array<number>(n).fill(baseLr);
  }
  const s = createSchedule(spec.scheduler, spec.options as never, baseLr);
  return Array.from({ length: n }, (_, t) => s(t));
}

/** Preview of the momentum (SGD momentum / Adam beta1) a schedule sets, or undefined if it does not set one. */
export function momentumCurve(spec: ScheduleSpec, baseLr: number, n: number): number[] | undefined {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CURVE_STEPS) throw new OptionError('momentumCurve', 'n', `must be an integer from 0 to ${MAX_CURVE_STEPS}, got ${describeValue(n)}`, { value: n });
  if (spec === null || typeof spec !== 'object') throw new OptionError('momentumCurve', 'spec', `must be { scheduler, options }, got ${describeValue(spec)}`, { value: spec });
  if (spec.scheduler === 'plateau') return undefined;
  const m = createSchedule(spec.scheduler, spec.options as never, baseLr).momentum;
  return m ? Array.from({ length: n }, (_, t) => m(t)) : undefined;
}
