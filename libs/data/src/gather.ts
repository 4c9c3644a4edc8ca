import { Tensor, allocate } from '@descent/core-tensor';
import type { Dataset } from './dataset.js';

/**
 * Rows `indices` of a tensor of rank >= 1, in that order (repeats allowed): shape [m, ...rest],
 * same dtype. Used to cut a batch or a split out of a dataset.
 */
export function gatherRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  if (t.rank < 1) throw new Error(`gatherRows: expected a tensor of rank >= 1, got shape [${t.shape.join(', ')}]`);
  const rows = t.shape[0];
  const width = rows === 0 ? 0 : t.size / rows;
  const m = indices.length;
  const out = allocate(t.dtype, m * width);
  for (let i = 0; i < m; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new Error(`gatherRows: index ${r} at position ${i} is out of range for ${rows} rows`);
    }
    out.set(t.data.subarray(r * width, (r + 1) * width), i * width);
  }
  return new Tensor(out, [m, ...t.shape.slice(1)]);
}

/** The rows `indices` of a dataset (x, y and labels together); metadata is kept. */
export function selectRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const labels = ds.labels ? Int32Array.from(indices, (i) => ds.labels![i]) : undefined;
  return { ...ds, x: gatherRows(ds.x, indices), y: gatherRows(ds.y, indices), ...(labels ? { labels } : {}) };
}
