import { describe, expect, it } from 'vitest';
import { Tensor } from '@descent/core-tensor';
import { standardize, makeDataset, trainTestSplit } from './index.js';

const m = (rows: number[][], f32 = false): Tensor =>
  new Tensor(f32 ? Float32Array.from(rows.flat()) : Float64Array.from(rows.flat()), [rows.length, rows[0].length]);

describe('standardize', () => {
  it('fits population mean/std per column; applied train data has mean 0 and std 1', () => {
    const s = standardize(m([[1, 10], [2, 20], [3, 30], [6, 40]]));
    expect(Array.from(s.mean)).toEqual([3, 25]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt((4 + 1 + 0 + 9) / 4), 12);
    expect(s.std[1]).toBeCloseTo(Math.sqrt(125), 12);
    const z = s.apply(m([[1, 10], [2, 20], [3, 30], [6, 40]])).toArray() as number[][];
    for (let j = 0; j < 2; j++) {
      const col = z.map((r) => r[j]);
      const mu = col.reduce((a, b) => a + b, 0) / 4;
      const sd = Math.sqrt(col.reduce((a, b) => a + (b - mu) ** 2, 0) / 4);
      expect(mu).toBeCloseTo(0, 12);
      expect(sd).toBeCloseTo(1, 12);
    }
  });

  it('keeps constant columns finite (std 1, only centered)', () => {
    const s = standardize(m([[5, 1], [5, 2], [5, 3]]));
    expect(s.std[0]).toBe(1);
    const z = s.apply(m([[5, 2], [7, 2]])).toArray() as number[][];
    expect(z).toEqual([[0, 0], [2, 0]]);
    // a column constant up to rounding noise also counts as constant
    const t = standardize(m([[0.1 + 0.2, 0], [0.3, 1]]));
    expect(t.std[0]).toBe(1);
  });

  it('uses training statistics only when applied to test data', () => {
    const ds = makeDataset('linear', { n: 200, seed: 1 });
    const { train, test } = trainTestSplit(ds, { testFraction: 0.25, seed: 3 });
    const s = standardize(train);
    const zt = s.applyDataset(test);
    expect(zt.y).toBe(test.y);
    for (let i = 0; i < test.x.size; i++) expect(zt.x.data[i]).toBeCloseTo((test.x.data[i] - s.mean[0]) / s.std[0], 12);
    const testMean = Array.from(zt.x.data).reduce((a, b) => a + b, 0) / zt.x.size;
    expect(Math.abs(testMean)).toBeGreaterThan(1e-6); // not refitted on test
  });

  it('inverts and keeps the dtype', () => {
    const x = m([[1, 2], [3, 5], [4, 9]], true);
    const s = standardize(x);
    const z = s.apply(x);
    expect(z.dtype).toBe('float32');
    const back = s.invert(z);
    for (let i = 0; i < x.size; i++) expect(back.data[i]).toBeCloseTo(x.data[i], 5);
  });

  it('rejects wrong shapes and non-finite data', () => {
    const s = standardize(m([[1, 2], [3, 4]]));
    expect(() => s.apply(m([[1, 2, 3]]))).toThrow(/fitted on 2 columns, got shape \[1, 3\]/);
    expect(() => standardize(new Tensor(new Float64Array(3), [3]))).toThrow(/expected a \[rows, columns\] tensor/);
    expect(() => standardize(m([[1, NaN], [2, 3]]))).toThrow(/column 1 contains non-finite values/);
    expect(() => standardize(new Tensor(new Float64Array(0), [0, 2]))).toThrow(/0 rows/);
  });
});
