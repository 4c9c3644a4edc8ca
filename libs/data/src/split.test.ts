import { describe, expect, it } from 'vitest';
import { trainTestSplit, makeDataset, loadIris } from './index.js';

describe('trainTestSplit', () => {
  const ds = makeDataset('moons', { n: 101, seed: 2 });

  it('is a deterministic partition of the rows for a seed', () => {
    const a = trainTestSplit(ds, { testFraction: 0.3, seed: 11 });
    const b = trainTestSplit(ds, { testFraction: 0.3, seed: 11 });
    const c = trainTestSplit(ds, { testFraction: 0.3, seed: 12 });
    expect(Array.from(a.testIndices)).toEqual(Array.from(b.testIndices));
    expect(Array.from(a.testIndices)).not.toEqual(Array.from(c.testIndices));
    expect(a.testIndices.length).toBe(30);
    expect(a.trainIndices.length).toBe(71);
    const all = [...a.trainIndices, ...a.testIndices].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(Array.from(a.testIndices)).toEqual([...a.testIndices].sort((p, q) => p - q));
  });

  it('carries x, y and labels of the selected rows', () => {
    const { test, testIndices, train } = trainTestSplit(ds, { testFraction: 0.2, seed: 1 });
    expect(test.x.shape).toEqual([testIndices.length, 2]);
    expect(train.y.shape).toEqual([101 - testIndices.length, 1]);
    testIndices.forEach((r, i) => {
      expect(test.x.get(i, 0)).toBe(ds.x.get(r, 0));
      expect(test.x.get(i, 1)).toBe(ds.x.get(r, 1));
      expect(test.y.get(i, 0)).toBe(ds.y.get(r, 0));
      expect(test.labels![i]).toBe(ds.labels![r]);
    });
    expect(test.classNames).toEqual(ds.classNames);
  });

  it('stratifies: class proportions are kept', () => {
    const iris = loadIris();
    const { test, train } = trainTestSplit(iris, { testFraction: 0.2, seed: 4, stratify: true });
    const count = (l: Int32Array, k: number) => Array.from(l).filter((v) => v === k).length;
    expect([0, 1, 2].map((k) => count(test.labels!, k))).toEqual([10, 10, 10]);
    expect([0, 1, 2].map((k) => count(train.labels!, k))).toEqual([40, 40, 40]);
    // uneven classes: totals still match round(n·f)
    const blobs = makeDataset('blobs', { n: 31, k: 3, seed: 1 }); // 11/10/10
    const s = trainTestSplit(blobs, { testFraction: 0.5, seed: 2, stratify: true });
    expect(s.test.labels!.length).toBe(16);
    for (let k = 0; k < 3; k++) expect(Math.abs(count(s.test.labels!, k) - count(blobs.labels!, k) / 2)).toBeLessThanOrEqual(1);
  });

  it('keeps at least one row on each side', () => {
    const tiny = makeDataset('xor', { n: 3 });
    expect(trainTestSplit(tiny, { testFraction: 0.01, seed: 1 }).testIndices.length).toBe(1);
    expect(trainTestSplit(tiny, { testFraction: 0.99, seed: 1 }).trainIndices.length).toBe(1);
  });

  it('validates options', () => {
    expect(() => trainTestSplit(ds, { testFraction: 0 })).toThrow(/testFraction must be a number in \(0, 1\), got 0/);
    expect(() => trainTestSplit(ds, { testFraction: 1 })).toThrow(/testFraction/);
    expect(() => trainTestSplit(ds, { testFraction: NaN })).toThrow(/testFraction/);
    expect(() => trainTestSplit(makeDataset('sine'), { testFraction: 0.2, stratify: true })).toThrow(/stratify needs a classification dataset/);
    expect(() => trainTestSplit(makeDataset('xor', { n: 1 }), { testFraction: 0.5 })).toThrow(/at least 2 rows/);
  });
});
