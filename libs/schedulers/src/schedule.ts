/**
 * A learning-rate schedule: a plain function of the step `e` (the number of scheduler steps taken so far,
 * PyTorch's `last_epoch`) returning the lr to use for the next optimizer step. Schedules that cycle momentum
 * (cyclic, one-cycle) also carry a `momentum` function of the same step (SGD momentum or Adam beta1).
 */
export interface Schedule {
  (step: number): number;
  momentum?: (step: number) => number;
}

/** What a scheduler drives: anything with a writable lr, and optionally a momentum (an @descent/optimizers Optimizer fits). */
export interface ScheduleTarget {
  lr: number;
  momentum?: number;
  /**
   * What `momentum` is: SGD/RMSprop 'momentum' or the Adam family's 'beta1' (PyTorch's CyclicLR cycles only
   * the former, OneCycleLR both). Undefined: treated as 'momentum' when `momentum` is a number.
   */
  momentumKind?: 'momentum' | 'beta1' | null;
}

export function withMomentum(lr: (step: number) => number, momentum: ((step: number) => number) | undefined): Schedule {
  const s: Schedule = (step: number) => lr(step);
  if (momentum) s.momentum = momentum;
  return s;
}

/** The common driver interface of Scheduler and ReduceLROnPlateau. */
export interface LrScheduler {
  /** Number of step() calls so far (PyTorch's last_epoch). */
  readonly lastEpoch: number;
  /** The lr the target uses now. */
  readonly lr: number;
  /** Advance one step; plateau needs the metric, the others ignore it. */
  step(metric?: number): void;
  /** JSON-serializable progress (plateau adds best, numBadEpochs, cooldownCounter). */
  stateDict(): { lastEpoch: number };
  loadStateDict(sd: { lastEpoch: number }): void;
}

