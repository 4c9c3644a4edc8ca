import { OptionError } from '@descent/core-tensor';
import { type PlateauOptions, describeValue, resolveScheduleOptions } from './options.js';
import type { LrScheduler, ScheduleTarget } from './schedule.js';

export interface PlateauState {
  lastEpoch: number;
  /** null stands for the initial +/-Infinity (not representable in JSON). */
  best: number | null;
  numBadEpochs: number;
  cooldownCounter: number;
}

/**
 * ReduceLROnPlateau (README 4.4): stateful, driven by a metric. The lr is read from the target at every step
 * (so other changes to it are respected) and written back when reduced. For standalone use pass `{ lr }`.
 */
export class ReduceLROnPlateau implements LrScheduler {
  readonly options: Readonly<PlateauOptions>;
  lastEpoch = 0;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;

  constructor(
    readonly target: ScheduleTarget,
    options: Partial<PlateauOptions> = {},
  ) {
    this.options = Object.freeze(resolveScheduleOptions('plateau', options));
    if (typeof target?.lr !== 'number' || !Number.isFinite(target.lr) || target.lr < 0) {
      throw new OptionError('plateau', 'lr', `needs the optimizer's lr to be a finite number at least 0, got ${describeValue(target?.lr)}`, { value: target?.lr });
    }
    this.best = this.worst();
  }

  get lr(): number {
    return this.target.lr;
  }

  private worst(): number {
    return this.options.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether `metric` improves on the best value so far by more than the threshold. */
  isBetter(metric: number): boolean {
    const { mode, thresholdMode, threshold } = this.options;
    const best = this.best;
    if (mode === 'min') return thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return thresholdMode === 'rel' ? metric > best * (1 + threshold) : metric > best + threshold;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Record one metric value (after an epoch); may reduce the lr. */
  step(metric?: number): void {
    if (typeof metric !== 'number') throw new OptionError('plateau', 'metric', `step(metric) needs a number, got ${describeValue(metric)}`, { value: metric });
    this.lastEpoch++;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.inCooldown) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs are ignored during cooldown
    }
    if (this.numBadEpochs > this.options.patience) {
      const old = this.target.lr;
      const next = Math.max(old * this.options.factor, this.options.minLr);
      if (old - next > this.options.eps) this.target.lr = next;
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
  }

  stateDict(): PlateauState {
    return {
      lastEpoch: this.lastEpoch,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
    };
  }

  loadStateDict(sd: PlateauState): void {
    const int = (k: keyof PlateauState) => {
      const v = sd?.[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new OptionError('plateau.loadStateDict', k, `must be a non-negative integer, got ${describeValue(v)}`, { value: v });
      return v;
    };
    const lastEpoch = int('lastEpoch');
    const numBad = int('numBadEpochs');
    const cooldown = int('cooldownCounter');
    if (sd.best !== null && typeof sd.best !== 'number') throw new OptionError('plateau.loadStateDict', 'best', `must be a number or null, got ${describeValue(sd.best)}`, { value: sd.best });
    this.lastEpoch = lastEpoch;
    this.numBadEpochs = numBad;
    this.cooldownCounter = cooldown;
    this.best = sd.best === null ? this.worst() : sd.best;
  }
}
