import { DataError, OptionError, Rng } from '@descent/core-tensor';
import { numSamples, type Dataset } from './dataset.js';
import { selectRows } from './gather.js';
import { checkSeed, describe } from './validate.js';

export interface SplitOptions {
  /** Fraction of rows in the test set, in (0, 1). */
  testFraction: number;
  /** Integer seed (default 0). */
  seed?: number;
  /** Keep class proportions in both parts (classification only). Default false. */
  stratify?: boolean;
}

export interface Split {
  train: Dataset;
  test: Dataset;
  /** Row indices into the original dataset, ascending. */
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * Random train/test split, deterministic for a seed. The test set gets round(n·testFraction) rows,
 * clamped so both parts keep at least one row. With `stratify`, each class contributes its share
 * (largest-remainder rounding, so the total is the same). Rows keep their original order in each part.
 */
export function trainTestSplit(ds: Dataset, options: SplitOptions): Split {
  const where = 'trainTestSplit';
  const f = options?.testFraction;
  if (typeof f !== 'number' || !(f > 0 && f < 1)) throw new OptionError(where, 'testFraction', `must be a number in (0, 1), got ${describe(f)}`, { value: f });
  const seed = options.seed === undefined ? 0 : checkSeed(where, options.seed);
  const n = numSamples(ds);
  if (n < 2) throw new DataError(where, `need at least 2 rows to split, got ${n}`, { value: n });
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * f)));
  const rng = new Rng(seed);
  const isTest = new Uint8Array(n);

  if (options.stratify) {
    if (!ds.labels || ds.numClasses === undefined) {
      throw new OptionError(where, 'stratify', `needs a classification dataset (task '${ds.task}' has no labels)`, { value: true });
    }
    const byClass: number[][] = Array.from({ length: ds.numClasses }, () => []);
    for (let i = 0; i < n; i++) byClass[ds.labels[i]].push(i);
    const quota = byClass.map((rows) => (rows.length * nTest) / n);
    const take = quota.map(Math.floor);
    let left = nTest - take.reduce((a, b) => a + b, 0);
    // Hand the remaining rows to the classes with the largest fractional parts (ties: lower class index).
    const order = quota.map((q, c) => c).sort((a, b) => quota[b] - take[b] - (quota[a] - take[a]) || a - b);
    for (const c of order) {
      if (left === 0) break;
      if (take[c] < byClass[c].length) {
        take[c]++;
        left--;
      }
    }
    byClass.forEach((rows, c) => {
      const perm = rng.permutation(rows.length);
      for (let i = 0; i < take[c]; i++) isTest[rows[perm[i]]] = 1;
    });
  } else {
    const perm = rng.permutation(n);
    for (let i = 0; i < nTest; i++) isTest[perm[i]] = 1;
  }

  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] ? testIdx : trainIdx).push(i);
  const trainIndices = Int32Array.from(trainIdx);
  const testIndices = Int32Array.from(testIdx);
  return { train: selectRows(ds, trainIndices), test: selectRows(ds, testIndices), trainIndices, testIndices };
}
