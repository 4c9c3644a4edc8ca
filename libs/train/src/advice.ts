import type { LayerGradNorm } from './record.js';

// Teaching notes: what a run's metrics say about the lecture's failure modes, in words a student can act on.
// Health (health.ts) is the verdict stored in the record; these are live hints, computed from the epochs so
// far, each naming the effect so a viewer can link it to a demonstration.

export type AdviceId = 'vanishing-gradients' | 'lr-too-high' | 'plateau';

export interface Advice {
  id: AdviceId;
  /** With the numbers: "gradient norms of the first layers are below 1e-4 while the last layer's is 0.2: …". */
  message: string;
  /** The epoch the note is about. */
  epoch: number;
}

/** What advice reads of each epoch: its loss and its per-layer gradient norms. */
export interface AdviceEpoch {
  epoch: number;
  trainLoss: number | null;
  gradNorms: readonly LayerGradNorm[];
}

/** First layers' gradients below this, while the last layer's is at least VANISHING_RATIO times larger. */
export const VANISHING_NORM = 1e-4;
export const VANISHING_RATIO = 1e3;
/** The loss rose this many times within LR_WINDOW epochs. */
export const LR_RISE = 1e3;
export const LR_WINDOW = 3;
/** Epochs without a relative improvement of PLATEAU_DELTA in the best loss. */
export const PLATEAU_EPOCHS = 10;
export const PLATEAU_DELTA = 1e-3;
/** ...and, with 2·PLATEAU_EPOCHS epochs of history, the last ones' mean is not PLATEAU_TREND below the ones' before. */
export const PLATEAU_TREND = 0.01;

const num = (v: number): string => (v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(2))));
const norm = (g: LayerGradNorm): number | null => (g.weight === null ? null : Math.hypot(g.weight, g.bias ?? 0));

/** The notes that apply after the given epochs (in order), at most one of each kind. */
export function adviseRun(epochs: readonly AdviceEpoch[], options: { plateauScheduled?: boolean } = {}): Advice[] {
  const out: Advice[] = [];
  const last = epochs[epochs.length - 1];
  if (!last) return out;

  // Learning rate too high: the loss rose LR_RISE× within LR_WINDOW epochs, or overflowed to ∞/NaN after
  // finite epochs (the same blow-up, one step further).
  const losses = epochs.map((e) => e.trainLoss);
  const firstBad = losses.findIndex((v) => v !== null && !Number.isFinite(v));
  const before = losses.slice(0, Math.max(0, firstBad)).filter((v): v is number => v !== null && Number.isFinite(v));
  if (firstBad > 0 && before.length) {
    out.push({ id: 'lr-too-high', epoch: epochs[firstBad].epoch, message: `the loss became ${losses[firstBad]} in epoch ${epochs[firstBad].epoch} (it was ${num(before[before.length - 1])}): learning rate too high` });
  }
  for (let i = losses.length - 1; i >= 1 && !out.some((a) => a.id === 'lr-too-high'); i--) {
    const now = losses[i];
    if (now === null || !Number.isFinite(now)) continue;
    const window = losses.slice(Math.max(0, i - LR_WINDOW), i).filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
    if (window.length && now >= LR_RISE * Math.min(...window)) {
      out.push({ id: 'lr-too-high', epoch: epochs[i].epoch, message: `the loss rose ${num(now / Math.min(...window))}× in ${Math.min(LR_WINDOW, i)} epoch${Math.min(LR_WINDOW, i) === 1 ? '' : 's'} (to ${num(now)} in epoch ${epochs[i].epoch}): learning rate too high` });
      break;
    }
  }

  // Vanishing gradients: the first layers barely move while the last one still learns.
  const norms = last.gradNorms.map(norm);
  const lastNorm = norms[norms.length - 1];
  let small = 0;
  // Exactly 0 is dead units (a ReLU layer that never fires), not a gradient shrunk by depth.
  while (small < norms.length - 1 && norms[small] !== null && norms[small]! > 0 && norms[small]! < VANISHING_NORM) small++;
  const smallMax = Math.max(...norms.slice(0, small).map((v) => v!));
  // All layers tiny is convergence, not vanishing: the last layer must still learn, orders of magnitude faster.
  // An exploding run's first layers can read 0 (dead ReLUs) beside a huge last layer: that is the learning
  // rate, not depth, so the blow-up note alone is given.
  if (!out.some((x) => x.id === 'lr-too-high') && small > 0 && lastNorm !== null && lastNorm >= VANISHING_NORM && lastNorm >= VANISHING_RATIO * smallMax) {
    const which = small === 1 ? "the first layer's gradient norm is" : `gradient norms of the first ${small} layers are`;
    out.unshift({ id: 'vanishing-gradients', epoch: last.epoch, message: `${which} below ${num(VANISHING_NORM)} (layer 1: ${num(norms[0]!)}) while the last layer's is ${num(lastNorm)}: vanishing gradients; try ReLU or fewer sigmoid layers` });
  }

  // Plateau: no real improvement of the best loss for PLATEAU_EPOCHS epochs.
  if (!options.plateauScheduled && losses.length > PLATEAU_EPOCHS) {
    let best = Infinity, bestAt = -1;
    losses.forEach((v, i) => {
      if (v !== null && Number.isFinite(v) && v < best * (1 - PLATEAU_DELTA)) {
        best = v;
        bestAt = i;
      }
    });
    const since = losses.length - 1 - bestAt;
    // A noisy descent (SGD, small batches) sets a lucky low and then wanders above it while still going down:
    // with enough history, the last PLATEAU_EPOCHS must also be no better on average than the ones before.
    const mean = (xs: (number | null)[]) => {
      const f = xs.filter((v): v is number => v !== null && Number.isFinite(v));
      return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
    };
    const n = losses.length;
    const trending = n >= 2 * PLATEAU_EPOCHS && mean(losses.slice(n - PLATEAU_EPOCHS)) < (1 - PLATEAU_TREND) * mean(losses.slice(n - 2 * PLATEAU_EPOCHS, n - PLATEAU_EPOCHS));
    if (bestAt >= 0 && since >= PLATEAU_EPOCHS && !trending && !out.some((a) => a.id === 'lr-too-high')) {
      out.push({ id: 'plateau', epoch: last.epoch, message: `the loss has not improved for ${since} epochs (best ${num(best)} in epoch ${epochs[bestAt].epoch}): a plateau; a schedule such as reduce-on-plateau may help` });
    }
  }
  return out;
}
