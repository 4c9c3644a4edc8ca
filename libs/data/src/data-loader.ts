import { DataError, OptionError, Tensor, cast, describeValue, gatherRows, resolveOptionValues, type OptionMeta } from '@descent/core-tensor';
import { batches } from './batches.js';
import type { Dataset } from './dataset.js';
import { type Targets, type TensorDataset, isTensorDataset, makeTensorDataset } from './tensor-dataset.js';

/** One batch: feature rows [b, features] and their targets ([b, k] rows or b class indices). */
export interface Batch<Y extends Targets = Targets> {
  readonly x: Tensor;
  readonly y: Y;
}

export interface DataLoaderOptions {
  /** Rows per batch (default 1, SGD); n or Infinity gives one full batch per epoch. */
  batchSize?: number;
  /** A new seeded order every epoch (default false: index order, as PyTorch). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0); the order of epoch e is a function of (seed, e) alone. */
  seed?: number;
  /** Skip the last batch of an epoch when it has fewer than batchSize rows (default false). */
  dropLast?: boolean;
  /** Cast x (and tensor targets) once to this dtype, e.g. 'float32' for a float32 model (default: keep). */
  dtype?: 'float32' | 'float64' | null;
}

function checkBatchSize(v: unknown, owner: string): number {
  if (v === Infinity || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1)) return v;
  throw new OptionError(owner, 'batchSize', `must be a positive integer or Infinity (the full batch), got ${describeValue(v)}`, { value: v });
}

/** What a DataLoader takes, in the shared option vocabulary (forms are built from this). */
export const DATA_LOADER_OPTIONS: readonly OptionMeta[] = [
  { name: 'batchSize', kind: 'custom', default: 1, min: 1, suggested: 32, description: 'Rows per batch: 1 is SGD, n (or Infinity) the full batch, anything between mini-batches.', check: checkBatchSize },
  { name: 'shuffle', kind: 'boolean', default: false, description: 'Visit the rows in a new seeded order every epoch (false: index order).' },
  { name: 'seed', kind: 'integer', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: 'Seed of the shuffle: the same seed and epoch give the same order as the trainer.' },
  { name: 'dropLast', kind: 'boolean', default: false, description: 'Skip the last batch of an epoch when it has fewer than batchSize rows.' },
  // Generated and CSV data sets are float64 (exact); models default to float32 (the fast path). Cast once here.
  { name: 'dtype', kind: 'enum', values: ['float32', 'float64'], nullable: true, default: null, description: "Cast x (and tensor targets) to this dtype once, e.g. 'float32' for a float32 model (default: keep the data's)." },
];

const OWNER = 'DataLoader';

const isDataset = (v: unknown): v is Dataset => typeof v === 'object' && v !== null && typeof (v as Dataset).task === 'string';

/**
 * A Dataset as rows for the loader. Multiclass targets are the class indices (what crossEntropy
 * takes); binary and regression targets are the y columns (bce / mse).
 */
function fromDataset(ds: Dataset): TensorDataset {
  if (ds.task !== 'multiclass') return makeTensorDataset(OWNER, ds.x, ds.y, { x: 'dataset.x', y: 'dataset.y' });
  if (!ds.labels) throw new DataError(OWNER, `is missing: the multiclass dataset ${describeValue(ds.name)} needs its class indices`, { option: 'dataset.labels', path: ['dataset', 'labels'] });
  return makeTensorDataset(OWNER, ds.x, ds.labels, { x: 'dataset.x', y: 'dataset.labels' });
}

function gatherLabels(labels: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = labels[idx[i]];
  return out;
}

/**
 * Batches of a dataset, one epoch per iteration (PyTorch's DataLoader):
 *
 *   for (let epoch = 0; epoch < 10; epoch++) for (const { x, y } of loader) { ... model.forward(constant(x)) ... }
 *
 * Every iteration starts the next epoch, and with `shuffle` each epoch's order is the one
 * `batches()` gives for (seed, epoch), so it is the order fit() uses for the same seed.
 */
export class DataLoader<Y extends Targets = Targets> implements Iterable<Batch<Y>> {
  dataset: TensorDataset<Y>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  private nextEpoch = 0;

  constructor(dataset: TensorDataset<Y>, options?: DataLoaderOptions);
  constructor(dataset: Dataset, options?: DataLoaderOptions);
  constructor(dataset: TensorDataset<Y> | Dataset, options: DataLoaderOptions = {}) {
    const o = resolveOptionValues<Required<DataLoaderOptions>>(OWNER, DATA_LOADER_OPTIONS, options);
    if (isTensorDataset(dataset)) this.dataset = dataset as TensorDataset<Y>;
    else if (isDataset(dataset)) this.dataset = fromDataset(dataset) as TensorDataset<Y>;
    else if (typeof dataset === 'object' && dataset !== null && 'x' in dataset && 'y' in dataset) {
      const d = dataset as { x: unknown; y: unknown };
      this.dataset = makeTensorDataset(OWNER, d.x, d.y, { x: 'dataset.x', y: 'dataset.y' }) as TensorDataset<Y>;
    } else {
      throw new OptionError(OWNER, 'dataset', `must be a Dataset or a tensorDataset(x, y), got ${describeValue(dataset)}`, { value: dataset });
    }
    this.batchSize = o.batchSize;
    this.shuffle = o.shuffle;
    this.seed = o.seed;
    this.dropLast = o.dropLast;
    if (o.dtype) {
      const d = this.dataset;
      const cx = d.x.dtype === o.dtype ? d.x : cast(d.x, o.dtype);
      const cy = d.y instanceof Tensor && d.y.dtype !== o.dtype ? cast(d.y, o.dtype) : d.y;
      if (cx !== d.x || cy !== d.y) this.dataset = makeTensorDataset(OWNER, cx, cy, { x: 'dataset.x', y: 'dataset.y' }) as TensorDataset<Y>;
    }
  }

  /** Rows per batch actually cut: batchSize, or n when the batch is larger than the data. */
  private get size(): number {
    return Math.max(1, Math.min(this.batchSize, this.dataset.length));
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    if (this.dropLast) return this.batchSize === Infinity ? Math.min(n, 1) : Math.floor(n / this.batchSize);
    return Math.ceil(n / this.size);
  }

  /** The epoch the next iteration runs (0 for a new loader). */
  get epoch(): number {
    return this.nextEpoch;
  }

  /** Choose the epoch the next iteration runs, e.g. to resume a run with the orders it would have had. */
  setEpoch(epoch: number): void {
    if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) {
      throw new OptionError(OWNER, 'epoch', `must be a non-negative integer, got ${describeValue(epoch)}`, { value: epoch });
    }
    this.nextEpoch = epoch;
  }

  /** One epoch of batches; the epoch counter moves on when the iteration starts, not when it ends. */
  [Symbol.iterator](): Iterator<Batch<Y>> {
    const epoch = this.nextEpoch++;
    const { x, y } = this.dataset;
    const size = this.size;
    const idx = batches(this.dataset.length, { mode: 'minibatch', batchSize: size, shuffle: this.shuffle, seed: this.seed, epoch });
    const keep = this.dropLast && this.batchSize !== Infinity ? this.length : Infinity;
    return (function* (): Generator<Batch<Y>, void, undefined> {
      let count = 0;
      for (const rows of idx) {
        if (count++ >= keep) return;
        const target = y instanceof Tensor ? gatherRows(y, rows) : gatherLabels(y as Int32Array, rows);
        yield { x: gatherRows(x, rows), y: target as Y };
      }
    })();
  }
}
