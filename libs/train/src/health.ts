// Was the run healthy? A run can end "completed" and still have failed: its loss grew by orders of magnitude
// while staying finite (the learning rate is too high), or it never got better than where it started.
// The verdict is part of the run record, so the Studio, the CLI and every library user get the same one.

export type HealthVerdict = 'ok' | 'diverged' | 'blew-up' | 'no-progress' | 'unknown';

export interface Health {
  verdict: HealthVerdict;
  /** In words, with the numbers: "loss rose from 0.69 to 1.1e9 by epoch 3: the learning rate is probably too high". */
  reason: string | null;
  /** The epoch the problem shows at (blew-up: the first epoch past the threshold), or null. */
  epoch: number | null;
}

/** The loss has blown up once it is this many times its starting value. */
export const BLOW_UP_FACTOR = 100;
/** The run made no progress if its final loss is not below this fraction of the starting loss. */
export const PROGRESS_FRACTION = 0.999;

const short = (v: number): string => {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(2)));
};

/**
 * The rule, on the losses a run produced:
 * - diverged: the loss became NaN or infinite (the trainer stopped the run);
 * - blew-up: some epoch's training loss reached BLOW_UP_FACTOR × the starting loss, and the run ended no lower than it started;
 * - no-progress: at least one epoch ran and the final training loss is not below PROGRESS_FRACTION × the starting loss;
 * - unknown: no epoch finished.
 * The starting loss is the first batch's (computed before any update), else the first epoch's.
 */
export function assessHealth(input: { firstBatchLoss: number | null; epochLosses: readonly (number | null)[]; diverged: { epoch: number; loss: number | null } | null }): Health {
  const { epochLosses, diverged } = input;
  if (diverged) {
    const what = diverged.loss === null ? 'non-finite' : short(diverged.loss);
    return { verdict: 'diverged', reason: `the loss became ${what} in epoch ${diverged.epoch}: the learning rate is probably too high`, epoch: diverged.epoch };
  }
  const finite = epochLosses.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return { verdict: 'unknown', reason: null, epoch: null };
  const start = input.firstBatchLoss !== null && Number.isFinite(input.firstBatchLoss) ? input.firstBatchLoss : finite[0];
  const last = finite[finite.length - 1];
  const base = Math.abs(start);
  const peakAt = epochLosses.findIndex((v) => v !== null && base > 0 && v >= BLOW_UP_FACTOR * base);
  if (peakAt >= 0 && last >= start) {
    const peak = Math.max(...finite);
    return {
      verdict: 'blew-up',
      reason: `loss rose from ${short(start)} to ${short(peak)} by epoch ${peakAt + 1}: the learning rate is probably too high`,
      epoch: peakAt + 1,
    };
  }
  if (!(last < PROGRESS_FRACTION * start)) {
    return {
      verdict: 'no-progress',
      reason: `the loss did not improve (${short(start)} at the start, ${short(last)} after ${epochLosses.length} epoch${epochLosses.length === 1 ? '' : 's'}): the model is not learning; check the learning rate, the schedule and the model`,
      epoch: epochLosses.length,
    };
  }
  return { verdict: 'ok', reason: null, epoch: null };
}
