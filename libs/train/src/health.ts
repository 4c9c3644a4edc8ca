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
/** A spike to this many times the starting loss, after which the run ends no better than SPIKE_END × start. */
export const SPIKE_FACTOR = 10;
export const SPIKE_END = 0.9;
/** Learned, then lost it: the best loss was at most COLLAPSE_BEST × start and the run gave back COLLAPSE_LOST of that gain. */
export const COLLAPSE_BEST = 0.5;
export const COLLAPSE_LOST = 0.8;
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
 *   or it spiked to SPIKE_FACTOR × and ended no better than SPIKE_END × the start; or it learned (best ≤ COLLAPSE_BEST ×
 *   start) and then gave back COLLAPSE_LOST of that gain by the end (a schedule's peak too high kills a net that way);
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
  const spikeAt = epochLosses.findIndex((v) => v !== null && base > 0 && v >= SPIKE_FACTOR * base);
  if (spikeAt >= 0 && last >= SPIKE_END * start) {
    const peak = Math.max(...finite);
    return {
      verdict: 'blew-up',
      reason: `loss spiked from ${short(start)} to ${short(peak)} in epoch ${spikeAt + 1} and ended at ${short(last)}: the learning rate (or the schedule's peak) is probably too high`,
      epoch: spikeAt + 1,
    };
  }
  const best = Math.min(...finite);
  if (base > 0 && start > 0 && best <= COLLAPSE_BEST * start && last - best >= COLLAPSE_LOST * (start - best)) {
    const bestAt = epochLosses.findIndex((v) => v === best) + 1;
    const lostAt = epochLosses.findIndex((v, i) => i >= bestAt && v !== null && v - best >= COLLAPSE_LOST * (start - best)) + 1;
    return {
      verdict: 'blew-up',
      reason: `loss fell from ${short(start)} to ${short(best)} by epoch ${bestAt}, then rose back to ${short(last)}: the model learned, then lost it; the learning rate (or the schedule's peak) is probably too high`,
      epoch: lostAt > 0 ? lostAt : epochLosses.length,
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
