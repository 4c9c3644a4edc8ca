import { describe, it, expect } from 'vitest';
import * as T from '../src/index.js';
import { fromArray, type Tensor } from '../src/index.js';
import { DTYPES, expectValues, stored, values, prod, unravel, ravel } from './helpers.js';

/** Reference reduction over a set of axes, written from the definition (iterate output, then the reduced positions in order). */
function reduceRef(x: number[], shape: number[], axes: number[], keepdim: boolean, f: (xs: number[]) => number): { shape: number[]; data: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const red = axes.map((a) => shape[a]);
  const data: number[] = [];
  for (let o = 0; o < prod(kept); o++) {
    const base = unravel(o, kept);
    const xs: number[] = [];
    for (let r = 0; r < prod(red); r++) {
      const ri = unravel(r, red);
      const idx = [...base];
      axes.forEach((a, k) => (idx[a] = ri[k]));
      xs.push(x[ravel(idx, shape)]);
    }
    data.push(f(xs));
  }
  return { shape: keepdim ? kept : shape.filter((_, i) => !axes.includes(i)), data };
}

const sumF = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fns: [string, (x: Tensor, axis?: number | number[], keepdim?: boolean) => Tensor, (xs: number[]) => number][] = [
  ['sum', T.sum, sumF],
  ['mean', T.mean, (xs) => sumF(xs) / xs.length],
  ['max', T.max, (xs) => Math.max(...xs)],
  ['min', T.min, (xs) => Math.min(...xs)],
  ['logsumexp', T.logsumexp, (xs) => Math.log(xs.reduce((a, b) => a + Math.exp(b), 0))],
];

const SHAPE = [2, 3, 4];
const axisCases: [number | number[] | undefined, number[]][] = [
  [0, [0]], [1, [1]], [2, [2]], [-1, [2]], [-3, [0]], [[0, 2], [0, 2]], [[2, 0], [0, 2]], [[-1, 1], [1, 2]], [undefined, [0, 1, 2]],
];

describe.each(DTYPES)('reductions (%s)', (dtype) => {
  const xv = values(prod(SHAPE), -3, 3, 21);
  const x = fromArray(xv, SHAPE, dtype);
  const xs = stored(xv, dtype);

  describe.each(fns)('%s', (name, op, f) => {
    it.each(axisCases)('axis %j (keepdim false and true)', (axis, axes) => {
      for (const keepdim of [false, true]) {
        const ref = reduceRef(xs, SHAPE, axes, keepdim, f);
        const out = op(x, axis as never, keepdim);
        expect(out.shape, `keepdim ${keepdim}`).toEqual(ref.shape);
        expect(out.dtype).toBe(dtype);
        // Sums of more than one axis are nested per axis, so allow float64 reassociation error;
        // float32 accumulates in float64 and rounds once (multi-axis: once per axis).
        const multi = axes.length > 1 && name !== 'max' && name !== 'min';
        // logsumexp computes m + log Σ e^(x−m) against the plain formula here: allow 1e-15 absolute.
        const lse = name === 'logsumexp';
        expectValues(out, ref.data, { rtol: multi || lse ? 1e-14 : 0, atol: multi ? 1e-14 : lse ? 1e-15 : 0, ulps: multi ? 2 : 1 });
      }
    });
  });

  it('argmax/argmin along any axis, first index on ties, keepdim, and over all elements', () => {
    const t = fromArray([1, 5, 5, 2, 0, 0, 7, -1, 3, 3, -1, 7], [2, 2, 3], dtype);
    expect(T.argmax(t, 2).toArray()).toEqual([[1, 0], [0, 2]]);
    expect(T.argmin(t, 2).toArray()).toEqual([[0, 1], [1, 1]]);
    expect(T.argmax(t, 0).toArray()).toEqual([[1, 0, 0], [1, 0, 1]]);
    expect(T.argmax(t, -2, true).shape).toEqual([2, 1, 3]);
    expect(T.argmax(t, -2, true).toFlat()).toEqual([1, 0, 0, 0, 0, 1]);
    expect(T.argmax(t).item()).toBe(6);
    expect(T.argmin(t).item()).toBe(7);
    const ties = fromArray([2, 2, 2], [3], dtype);
    expect(T.argmax(ties).item()).toBe(0);
    expect(T.argmin(ties).item()).toBe(0);
    // Reference over random data.
    const v = values(60, -1, 1, 4);
    const r = fromArray(v, [3, 4, 5], dtype);
    const ref = reduceRef(stored(v, dtype), [3, 4, 5], [1], false, (xs) => xs.indexOf(Math.max(...xs)));
    expect(T.argmax(r, 1).toFlat()).toEqual(ref.data);
  });

  it('logsumexp is stable for large inputs and handles -Infinity', () => {
    const big = fromArray([1000, 1000, -1000, 500, 500, 500], [2, 3], dtype);
    expectValues(T.logsumexp(big, 1), [1000 + Math.log(2), 500 + Math.log(3)], { rtol: 1e-15 });
    expectValues(T.logsumexp(fromArray([-Infinity, -Infinity], [2], dtype)), [-Infinity]);
    expectValues(T.logsumexp(fromArray([-Infinity, 0], [2], dtype)), [0]);
  });

  it('0-d inputs, empty axes and empty tensors', () => {
    const s = T.scalar(3, dtype);
    expect(T.sum(s).item()).toBe(3);
    expect(T.sum(T.zeros([0, 2], dtype), 0).toFlat()).toEqual([0, 0]);
    expect(T.sum(T.zeros([0], dtype)).item()).toBe(0);
    expect(() => T.max(T.zeros([0, 2], dtype), 0)).toThrow(/max: cannot reduce an empty axis 0 of shape \[0, 2\]/);
    expect(() => T.max(T.zeros([0], dtype))).toThrow(/max: cannot reduce an empty/);
    expect(() => T.argmax(T.zeros([0], dtype))).toThrow(/argmax: cannot reduce an empty/);
  });
});

describe('reduction errors', () => {
  const x = T.zeros([2, 3]);
  it.each(['sum', 'mean', 'max', 'min', 'logsumexp'] as const)('%s names the axis, rank and shape', (name) => {
    expect(() => T[name](x, 2)).toThrow(new RegExp(`^${name}: axis 2 is out of range for a tensor of rank 2 \\(shape \\[2, 3\\]\\)`));
    expect(() => T[name](x, -3)).toThrow(/axis -3 is out of range/);
    expect(() => T[name](x, 0.5)).toThrow(new RegExp(`^${name}: axis must be an integer, got 0\\.5`));
    expect(() => T[name](x, [0, -2])).toThrow(new RegExp(`^${name}: repeated axis in \\[0, -2\\]`));
  });
  it('argmax/argmin name the axis', () => {
    expect(() => T.argmax(x, 5)).toThrow(/^argmax: axis 5 is out of range/);
    expect(() => T.argmin(x, -3)).toThrow(/^argmin: axis -3 is out of range/);
  });
});

describe.each(DTYPES)('softmax and logSoftmax (%s)', (dtype) => {
  const v = values(24, -4, 4, 8);
  const shape = [2, 3, 4];
  it.each([-1, 0, 1, 2])('along axis %d against the formula', (axis) => {
    const x = fromArray(v, shape, dtype);
    const a = axis < 0 ? axis + 3 : axis;
    const xs = stored(v, dtype);
    if (dtype === 'float64') {
      const lse = reduceRef(xs, shape, [a], true, (r) => Math.log(r.reduce((s, z) => s + Math.exp(z), 0)));
      const refLog = xs.map((z, i) => {
        const idx = unravel(i, shape);
        idx[a] = 0;
        return z - lse.data[ravel(idx, lse.shape)];
      });
      expectValues(T.logSoftmax(x, axis), refLog, { rtol: 1e-14, atol: 1e-15 });
      expectValues(T.softmax(x, axis), refLog.map(Math.exp), { rtol: 1e-14, atol: 1e-16 });
    } else {
      // float32: the shift x − max is rounded to float32 once; the rest stays within a few float32 units.
      const mx = reduceRef(xs, shape, [a], true, (r) => Math.max(...r));
      const z32 = xs.map((z, i) => {
        const idx = unravel(i, shape);
        idx[a] = 0;
        return Math.fround(z - mx.data[ravel(idx, mx.shape)]);
      });
      const den = reduceRef(z32, shape, [a], true, (r) => r.reduce((p, q) => p + Math.exp(q), 0));
      const at = (i: number) => {
        const idx = unravel(i, shape);
        idx[a] = 0;
        return den.data[ravel(idx, den.shape)];
      };
      // log Σ e^z is taken of a float32 sum near 1 or above: an absolute float32 unit of 1 (2^-23) on top.
      expectValues(T.logSoftmax(x, axis), z32.map((z, i) => z - Math.log(at(i))), { ulps: 2, atol: 2 ** -23 });
      expectValues(T.softmax(x, axis), z32.map((z, i) => Math.exp(z) / at(i)), { ulps: 3 });
    }
    const sums = T.sum(T.softmax(x, axis), axis);
    for (const s of sums.toFlat()) expect(s).toBeCloseTo(1, dtype === 'float32' ? 6 : 14);
  });

  it('is stable and accurate for large inputs (error does not grow with |x|)', () => {
    const x = fromArray([1000, 1001, 1002, -1000, -1001, -1002], [2, 3], dtype);
    const s = T.softmax(x);
    expect(s.toFlat().every(Number.isFinite)).toBe(true);
    const e = [Math.exp(-2), Math.exp(-1), 1], z = e.reduce((p, q) => p + q, 0);
    expectValues(s, [...e.map((u) => u / z), ...[...e].reverse().map((u) => u / z)], { rtol: 1e-15, ulps: 2 });
    expectValues(T.logSoftmax(x), [...e.map((u) => Math.log(u / z)), ...[...e].reverse().map((u) => Math.log(u / z))], { rtol: 1e-15, ulps: 2 });
    // A row of equal huge logits is uniform.
    expect(T.softmax(fromArray([3e38, 3e38], [2], dtype)).toFlat()).toEqual([0.5, 0.5]);
  });

  it('names the op on a bad axis', () => {
    expect(() => T.softmax(T.zeros([2, 3], dtype), 2)).toThrow(/^softmax: axis 2 is out of range/);
    expect(() => T.logSoftmax(T.zeros([2, 3], dtype), -3)).toThrow(/^logSoftmax: axis -3 is out of range/);
  });
});
