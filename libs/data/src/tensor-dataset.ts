import { DataError, OptionError, ShapeError, Tensor, describeValue } from '@descent/core-tensor';

/** Targets of a TensorDataset: a [n, k] tensor (regression, one-hot, 0/1 columns) or class indices. */
export type Targets = Tensor | Int32Array;

/** One sample: a feature row [features] and its target row [k] or class index. */
export interface Sample<Y extends Targets = Targets> {
  readonly x: Tensor;
  readonly y: Y extends Int32Array ? number : Tensor;
}

/**
 * Rows of paired features and targets (PyTorch's TensorDataset): row i of `x` goes with row i of `y`.
 * The tensors are kept as given (float32 stays float32); a DataLoader cuts batches out of them.
 */
export interface TensorDataset<Y extends Targets = Targets> {
  /** Features, [n, features]. */
  readonly x: Tensor;
  /** Targets, [n, k], or n class indices. */
  readonly y: Y;
  /** Number of rows n. */
  readonly length: number;
  /** Row i (negative i counts from the end, as in Python). */
  at(i: number): Sample<Y>;
}

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** How a targets argument reads in a message: its shape, or its kind and length. */
function describeTargets(y: Tensor | ArrayLike<number>): string {
  return y instanceof Tensor ? `shape ${fmt(y.shape)}` : `${labelKind(y)} of length ${y.length}`;
}

function labelKind(y: ArrayLike<number>): string {
  return Array.isArray(y) ? 'an array' : ((y as object).constructor?.name ?? 'an array-like');
}

const isArrayLike = (v: unknown): v is ArrayLike<number> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/** Class indices as an Int32Array; any array of non-negative integers is copied into one. */
function classLabels(owner: string, y: ArrayLike<number>, option: string): Int32Array {
  const isInt32 = y instanceof Int32Array;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!isInt32 && !(typeof v === 'number' && Number.isInteger(v))) {
      throw new DataError(owner, `must be an integer class label, got ${describeValue(v)}`, { option, element: i, value: v });
    }
    if (v < 0 || v > 0x7fffffff) {
      throw new DataError(owner, `must be a non-negative integer class label, got ${describeValue(v)}`, { option, element: i, value: v });
    }
  }
  return isInt32 ? y : Int32Array.from(y);
}

/**
 * The checks behind tensorDataset, with the caller's name and argument names in the messages
 * (a DataLoader given a Dataset reports 'DataLoader' and 'dataset.x').
 */
export function makeTensorDataset(owner: string, x: unknown, y: unknown, names: { x: string; y: string } = { x: 'x', y: 'y' }): TensorDataset {
  if (!(x instanceof Tensor)) {
    throw new OptionError(owner, names.x, `must be a Tensor of shape [n, features], got ${describeValue(x)}`, { value: x });
  }
  if (x.rank !== 2) {
    const hint = x.rank === 1 ? ` (one feature per row: reshape it to [${x.shape[0]}, 1])` : '';
    throw new ShapeError(owner, `must have shape [n, features] (rank 2), got shape ${fmt(x.shape)}${hint}`, { option: names.x, value: x.shape });
  }
  const n = x.shape[0];
  let targets: Targets;
  if (y instanceof Tensor) {
    if (y.rank !== 2) {
      const hint = y.rank === 1 ? ` (a [n] tensor of targets: reshape it to [${y.shape[0]}, 1]; class indices: pass an Int32Array)` : '';
      throw new ShapeError(owner, `must have shape [n, k] (rank 2) or be an Int32Array of class labels, got shape ${fmt(y.shape)}${hint}`, { option: names.y, value: y.shape });
    }
    targets = y;
  } else if (isArrayLike(y)) {
    targets = classLabels(owner, y, names.y);
  } else {
    throw new OptionError(owner, names.y, `must be a Tensor of shape [n, k] or an Int32Array of class labels, got ${describeValue(y)}`, { value: y });
  }
  const rows = targets instanceof Tensor ? targets.shape[0] : targets.length;
  if (rows !== n) {
    throw new ShapeError(
      owner,
      `has ${rows} rows (${describeTargets(y as Tensor | ArrayLike<number>)}) but ${names.x} has ${n} (shape ${fmt(x.shape)}): every x row needs one target`,
      { option: names.y, value: targets instanceof Tensor ? targets.shape : rows },
    );
  }
  return rowsOf(x, targets);
}

// Datasets made here were checked once; a DataLoader takes them as they are.
const checked = new WeakSet<object>();

/** True for the result of tensorDataset (already validated). */
export function isTensorDataset(v: unknown): v is TensorDataset {
  return typeof v === 'object' && v !== null && checked.has(v);
}

function rowsOf(x: Tensor, y: Targets): TensorDataset {
  const n = x.shape[0];
  const row = (t: Tensor, i: number): Tensor => {
    const w = t.shape[1];
    return new Tensor(t.data.slice(i * w, (i + 1) * w), [w]);
  };
  const ds: TensorDataset = Object.freeze({
    x,
    y,
    length: n,
    at(i: number): Sample {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < -n || i >= n) {
        throw new OptionError('TensorDataset.at', 'index', `must be an integer in [${-n}, ${n - 1}] for ${n} rows, got ${describeValue(i)}`, { value: i });
      }
      const r = i < 0 ? i + n : i;
      return { x: row(x, r), y: y instanceof Tensor ? row(y, r) : y[r] } as Sample;
    },
  });
  checked.add(ds);
  return ds;
}

/**
 * Pairs features x [n, features] (float32 or float64, kept as is) with targets: a [n, k] tensor
 * (regression values, one-hot or 0/1 columns) or n class indices (an Int32Array; any array of
 * non-negative integers is copied into one). Row counts, ranks and labels are checked here, so a
 * DataLoader over the result cannot fail half-way through an epoch.
 */
export function tensorDataset(x: Tensor, y: Tensor): TensorDataset<Tensor>;
export function tensorDataset(x: Tensor, y: Int32Array | readonly number[]): TensorDataset<Int32Array>;
export function tensorDataset(x: Tensor, y: Targets | readonly number[]): TensorDataset;
export function tensorDataset(x: Tensor, y: Targets | readonly number[]): TensorDataset {
  return makeTensorDataset('tensorDataset', x, y);
}
