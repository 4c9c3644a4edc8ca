import { Tensor, allocate } from '@descent/core-tensor';
import type { Dataset } from './dataset.js';

/** Per-column affine scaling fitted on training data: apply(x) = (x − mean) / std. */
export interface Standardizer {
  readonly mean: Float64Array;
  /** Population std (divide by n, like scikit-learn's StandardScaler); 1 for constant columns. */
  readonly std: Float64Array;
  /** Scales a [rows, columns] tensor; keeps its dtype. */
  apply(x: Tensor): Tensor;
  /** Undoes `apply` (e.g. to map standardized regression predictions back to units). */
  invert(x: Tensor): Tensor;
  /** The dataset with `x` scaled (y, labels and names unchanged). */
  applyDataset(ds: Dataset): Dataset;
}

/** A column whose std is below this fraction of its magnitude is treated as constant (std 1). */
const RELATIVE_EPS = 1e-12;

function columns(where: string, x: Tensor): number {
  if (x.rank !== 2) throw new Error(`${where}: expected a [rows, columns] tensor, got shape [${x.shape.join(', ')}]`);
  return x.shape[1];
}

/**
 * Fits mean and std per column of `train` (a tensor or a dataset's x). Fit on the training split
 * only and apply the same scaling to the test split, so no test statistics leak into training.
 */
export function standardize(train: Tensor | Dataset): Standardizer {
  const x = train instanceof Tensor ? train : train.x;
  const d = columns('standardize', x);
  const n = x.shape[0];
  if (n === 0) throw new Error('standardize: cannot fit on 0 rows');
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  const a = x.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Two-pass variance: stable when the mean is large compared to the spread.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = a[i * d + j] - mean[j];
      std[j] += t * t;
    }
  }
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(mean[j]) || !Number.isFinite(std[j])) {
      throw new Error(`standardize: column ${j} contains non-finite values`);
    }
    const s = Math.sqrt(std[j] / n);
    std[j] = s <= RELATIVE_EPS * Math.max(1, Math.abs(mean[j])) ? 1 : s;
  }

  const map = (where: string, t: Tensor, f: (v: number, j: number) => number): Tensor => {
    const cols = columns(where, t);
    if (cols !== d) throw new Error(`${where}: fitted on ${d} columns, got shape [${t.shape.join(', ')}]`);
    const out = allocate(t.dtype, t.size);
    for (let i = 0; i < t.size; i++) out[i] = f(t.data[i], i % d);
    return new Tensor(out, t.shape);
  };
  const apply = (t: Tensor): Tensor => map('standardize.apply', t, (v, j) => (v - mean[j]) / std[j]);
  const invert = (t: Tensor): Tensor => map('standardize.invert', t, (v, j) => v * std[j] + mean[j]);
  return { mean, std, apply, invert, applyDataset: (ds) => ({ ...ds, x: apply(ds.x) }) };
}
