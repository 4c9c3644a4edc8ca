import { OptionError, Rng } from '@descent/core-tensor';
import { checkNonNegInt, checkPositiveInt, checkSeed, describe } from './validate.js';

/**
 * The three ways of the lecture to feed gradient descent:
 * - 'full'      : one batch holding every row (vanilla / batch gradient descent),
 * - 'sgd'       : one row per step (stochastic gradient descent),
 * - 'minibatch' : batches of `batchSize` rows; the last, smaller batch is kept.
 */
export type BatchMode = 'full' | 'sgd' | 'minibatch';

export interface BatchOptions {
  mode: BatchMode;
  /** Rows per batch; required for 'minibatch', ignored by 'full' and 'sgd'. */
  batchSize?: number;
  /** Visit rows in a seeded random order (default true) or in index order. */
  shuffle?: boolean;
  /** Integer seed (default 0). */
  seed?: number;
  /** Epoch number (default 0): each epoch gets its own permutation, reproducible from (seed, epoch). */
  epoch?: number;
}

const MODES: readonly BatchMode[] = ['full', 'sgd', 'minibatch'];

export interface BatchModeInfo {
  mode: BatchMode;
  label: string;
  description: string;
  /** The gradient one step uses, in TeX (N training rows, B the batch, ℓᵢ the loss of row i). */
  formula: string;
}

/** The lecture's three modes, for forms and explanations. */
export const BATCH_MODES: readonly BatchModeInfo[] = [
  {
    mode: 'full',
    label: 'Full batch (vanilla GD)',
    description: 'One step per epoch, from the exact gradient of the loss over every training row: smooth but costly.',
    formula: '\\theta \\leftarrow \\theta - \\eta\\, \\frac{1}{N} \\sum_{i=1}^{N} \\nabla_\\theta\\, \\ell_i(\\theta)',
  },
  {
    mode: 'sgd',
    label: 'SGD (one row)',
    description: 'One step per row, in a new random order each epoch: a noisy but unbiased estimate of the full gradient.',
    formula: '\\theta \\leftarrow \\theta - \\eta\\, \\nabla_\\theta\\, \\ell_i(\\theta), \\quad i \\text{ random}',
  },
  {
    mode: 'minibatch',
    label: 'Mini-batch',
    description: 'One step per batch of B rows: the noise of SGD shrinks like 1/√B, and the batch runs as one matrix product.',
    formula: '\\theta \\leftarrow \\theta - \\eta\\, \\frac{1}{|B|} \\sum_{i \\in B} \\nabla_\\theta\\, \\ell_i(\\theta)',
  },
];

function check(n: number, o: BatchOptions): { size: number; order: Int32Array | null } {
  const where = 'batches';
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`${where}: n must be a non-negative integer, got ${describe(n)}`);
  if (!o || !MODES.includes(o.mode)) throw new Error(`${where}: mode must be one of ${MODES.join(', ')}, got ${describe(o?.mode)}`);
  const seed = o.seed === undefined ? 0 : checkSeed(where, o.seed);
  const epoch = o.epoch === undefined ? 0 : checkNonNegInt(where, 'epoch', o.epoch);
  let size: number;
  if (o.mode === 'minibatch') {
    if (o.batchSize === undefined) throw new Error(`${where}: mode 'minibatch' needs batchSize`);
    size = checkPositiveInt(where, 'batchSize', o.batchSize);
  } else {
    size = o.mode === 'sgd' ? 1 : Math.max(n, 1);
  }
  const order = o.shuffle === false ? null : new Rng(epochSeed(seed, epoch)).permutation(n);
  return { size, order };
}

/** Mixes (seed, epoch) into one 32-bit seed so consecutive epochs get unrelated permutations. */
export function epochSeed(seed: number, epoch: number): number {
  const hiSeed = Math.floor(seed / 4294967296) | 0; // seeds beyond 32 bits still matter
  let h = Math.imul((seed | 0) ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(hiSeed, 0x632be5ab);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= Math.imul((epoch | 0) + 0x9e3779b9, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2d);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Number of batches one epoch of `batches(n, options)` yields. */
export function countBatches(n: number, options: BatchOptions): number {
  const { size } = check(n, options);
  return n === 0 ? 0 : Math.ceil(n / size);
}

/**
 * Row-index batches for one epoch over n rows. Every index appears exactly once per epoch.
 * Use `gatherRows(ds.x, idx)` / `selectRows(ds, idx)` to cut the batch.
 */
export function batches(n: number, options: BatchOptions): Generator<Int32Array, void, undefined> {
  const { size, order } = check(n, options); // validate now, not at the first next()
  return emit(n, size, order);
}

function* emit(n: number, size: number, order: Int32Array | null): Generator<Int32Array, void, undefined> {
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    if (order) yield order.slice(start, end);
    else {
      const b = new Int32Array(end - start);
      for (let i = 0; i < b.length; i++) b[i] = start + i;
      yield b;
    }
  }
}

/** How a run's batches are given: the lecture's three modes. */
export type BatchSpec = { mode: 'full' } | { mode: 'sgd' } | { mode: 'minibatch'; batchSize: number };

export interface BatchPlan {
  /** Rows per optimizer step (a mini-batch larger than the data is the whole data). */
  batchSize: number;
  batchesPerEpoch: number;
  /** Rows in the last batch of an epoch (smaller when batchSize does not divide n). */
  lastBatchSize: number;
}

/** The one batch plan: what the trainer runs, what a form previews. */
export function batchPlan(n: number, batch: BatchSpec): BatchPlan {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new OptionError('batchPlan', 'n', `must be a positive integer (training rows), got ${describe(n)}`, { value: n });
  const requested = batch.mode === 'full' ? n : batch.mode === 'sgd' ? 1 : batch.batchSize;
  if (!Number.isInteger(requested) || requested < 1) throw new OptionError('batch', 'batchSize', `must be a positive integer, got ${describe(requested)}`, { value: requested });
  const batchSize = Math.min(requested, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  return { batchSize, batchesPerEpoch, lastBatchSize: n - (batchesPerEpoch - 1) * batchSize };
}
