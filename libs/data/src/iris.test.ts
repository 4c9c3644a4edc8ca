import { describe, expect, it } from 'vitest';
import { loadIris, makeDataset } from './index.js';

describe('iris', () => {
  const ds = loadIris();
  const x = ds.x.toArray() as number[][];

  it('has 150 rows, 4 features, 3 one-hot classes of 50 in file order', () => {
    expect(ds.x.shape).toEqual([150, 4]);
    expect(ds.y.shape).toEqual([150, 3]);
    expect(ds.task).toBe('multiclass');
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(Array.from(ds.labels!.slice(0, 50)).every((l) => l === 0)).toBe(true);
    expect(Array.from(ds.labels!.slice(50, 100)).every((l) => l === 1)).toBe(true);
    expect(Array.from(ds.labels!.slice(100)).every((l) => l === 2)).toBe(true);
    expect((ds.y.toArray() as number[][])[120]).toEqual([0, 0, 1]);
  });

  it('has the known rows', () => {
    expect(x[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(x[34]).toEqual([4.9, 3.1, 1.5, 0.2]); // row 35 (Fisher's value, not the old UCI typo)
    expect(x[37]).toEqual([4.9, 3.6, 1.4, 0.1]); // row 38
    expect(x[50]).toEqual([7.0, 3.2, 4.7, 1.4]);
    expect(x[100]).toEqual([6.3, 3.3, 6.0, 2.5]);
    expect(x[149]).toEqual([5.9, 3.0, 5.1, 1.8]);
  });

  it('has the published class means and column sums', () => {
    const means = [
      [5.006, 3.428, 1.462, 0.246],
      [5.936, 2.77, 4.26, 1.326],
      [6.588, 2.974, 5.552, 2.026],
    ];
    for (let c = 0; c < 3; c++) {
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let i = 0; i < 150; i++) if (ds.labels![i] === c) s += x[i][j];
        expect(s / 50).toBeCloseTo(means[c][j], 10);
      }
    }
    const sums = [876.5, 458.6, 563.7, 179.9];
    sums.forEach((s, j) => expect(x.reduce((a, r) => a + r[j], 0)).toBeCloseTo(s, 9));
  });

  it('is the iris preset', () => {
    expect(Array.from(makeDataset('iris', { seed: 5 }).x.data)).toEqual(Array.from(ds.x.data));
  });
});
