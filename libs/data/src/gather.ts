import { gatherRows } from '@descent/core-tensor';
import type { Dataset } from './dataset.js';

/** The rows `indices` of a dataset (x, y and labels together, in that order); metadata is kept. */
export function selectRows(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const labels = ds.labels ? Int32Array.from(indices, (i) => ds.labels![i]) : undefined;
  return { ...ds, x: gatherRows(ds.x, indices), y: gatherRows(ds.y, indices), ...(labels ? { labels } : {}) };
}
