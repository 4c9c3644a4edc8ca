import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, Tensor } from '@descent/core-tensor';
import { PLANE_FEATURES, makeDataset, mapFeatureRows, mapFeatures, type FeatureColumn } from './index.js';

const col = (name: string, value: FeatureColumn['value']): FeatureColumn => ({ name, value });

describe('mapFeatures', () => {
  it('keeps targets, labels and classes, and names the new columns', () => {
    const ds = makeDataset('circles', { n: 40, seed: 3 });
    const sq = PLANE_FEATURES.filter((f) => f.expression === 'x1^2' || f.expression === 'x2^2').map((f) => col(f.label, f.value));
    const out = mapFeatures(ds, sq);
    expect(out.x.shape).toEqual([40, 2]);
    expect(out.featureNames).toEqual(['x₁²', 'x₂²']);
    expect(out.y).toBe(ds.y);
    expect(out.labels).toBe(ds.labels);
    for (let i = 0; i < 40; i++) {
      expect(out.x.data[2 * i]).toBeCloseTo(ds.x.data[2 * i] ** 2, 12);
      expect(out.x.data[2 * i + 1]).toBeCloseTo(ds.x.data[2 * i + 1] ** 2, 12);
    }
  });

  it('computes every Playground toggle as its expression says (property)', () => {
    const byExpr: Record<string, (a: number, b: number) => number> = {
      x1: (a) => a, x2: (_, b) => b, 'x1^2': (a) => a * a, 'x2^2': (_, b) => b * b, 'x1*x2': (a, b) => a * b, 'sin(x1)': (a) => Math.sin(a), 'sin(x2)': (_, b) => Math.sin(b),
    };
    expect(PLANE_FEATURES.map((f) => f.expression)).toEqual(Object.keys(byExpr));
    const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 30 }), fc.subarray([...PLANE_FEATURES], { minLength: 1 }), (rows, chosen) => {
        const x = new Tensor(Float64Array.from(rows.flat()), [rows.length, 2]);
        const out = mapFeatureRows(x, chosen.map((f) => col(f.label, f.value)));
        expect(out.shape).toEqual([rows.length, chosen.length]);
        rows.forEach(([a, b], i) => chosen.forEach((f, c) => expect(out.data[i * chosen.length + c]).toBe(byExpr[f.expression](a, b))));
      }),
    );
  });

  it('refuses a value that is not finite, naming the feature and the row', () => {
    const x = new Tensor(Float64Array.from([1, 2, -1, 3]), [2, 2]);
    const log = col('log(x1)', (r) => Math.log(r[0]));
    expect(() => mapFeatureRows(x, [log])).toThrow(DataError);
    expect(() => mapFeatureRows(x, [log])).toThrow(/log\(x1\) is NaN at row 2/);
  });

  it('refuses no columns and image data', () => {
    const ds = makeDataset('circles', { n: 10, seed: 1 });
    expect(() => mapFeatures(ds, [])).toThrow(/at least one feature/);
    const digits = makeDataset('digits', { seed: 1 });
    expect(() => mapFeatures(digits, [col('a', (r) => r[0])])).toThrow(/images/);
  });
});
