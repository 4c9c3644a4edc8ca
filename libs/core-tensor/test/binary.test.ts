import { describe, it, expect } from 'vitest';
import * as T from '../src/index.js';
import { fromArray, tensor } from '../src/index.js';
import { DTYPES, expectValues, stored, values, prod, unravel, readBroadcast } from './helpers.js';

type Op = (a: T.Tensor | number, b: T.Tensor | number) => T.Tensor;
const ops: [string, Op, (x: number, y: number) => number][] = [
  ['add', T.add, (x, y) => x + y],
  ['sub', T.sub, (x, y) => x - y],
  ['mul', T.mul, (x, y) => x * y],
  ['div', T.div, (x, y) => x / y],
  ['pow', T.pow, (x, y) => Math.pow(x, y)],
  ['maximum', T.maximum, (x, y) => Math.max(x, y)],
  ['minimum', T.minimum, (x, y) => Math.min(x, y)],
  ['eq', T.eq, (x, y) => Number(x === y)],
  ['ne', T.ne, (x, y) => Number(x !== y)],
  ['lt', T.lt, (x, y) => Number(x < y)],
  ['le', T.le, (x, y) => Number(x <= y)],
  ['gt', T.gt, (x, y) => Number(x > y)],
  ['ge', T.ge, (x, y) => Number(x >= y)],
];

// Pairs of shapes covering NumPy broadcasting: equal, trailing, leading 1s, both sides stretched, scalars, empty.
const shapePairs: [number[], number[], number[]][] = [
  [[2, 3], [2, 3], [2, 3]],
  [[2, 3], [3], [2, 3]],
  [[3], [2, 3], [2, 3]],
  [[4, 1], [1, 5], [4, 5]],
  [[2, 1, 4], [3, 1], [2, 3, 4]],
  [[], [2, 2], [2, 2]],
  [[2, 2], [], [2, 2]],
  [[1], [2, 3, 4], [2, 3, 4]],
  [[2, 3, 1, 2], [3, 4, 1], [2, 3, 4, 2]],
  [[5, 1, 1], [1, 1, 6], [5, 1, 6]],
  [[0, 3], [3], [0, 3]],
];

/** Integer-ish values with repeats so comparisons see ties; positive bases for pow. */
function operands(sa: number[], sb: number[], name: string): [number[], number[]] {
  const pos = name === 'pow';
  const a = values(prod(sa), pos ? 0.1 : -3, 3, 5).map((v, i) => (i % 3 === 0 ? Math.round(v) || 1 : v));
  const b = values(prod(sb), pos ? -2 : -3, 3, 9).map((v, i) => (i % 2 === 0 ? Math.round(v) || 1 : v));
  return [a, b];
}

describe.each(DTYPES)('binary ops (%s)', (dtype) => {
  describe.each(ops)('%s', (name, op, f) => {
    it.each(shapePairs)('%j with %j broadcasts to %j', (sa, sb, so) => {
      const [av, bv] = operands(sa, sb, name);
      const a = fromArray(av, sa, dtype), b = fromArray(bv, sb, dtype);
      const out = op(a, b);
      expect(out.shape).toEqual(so);
      expect(out.dtype).toBe(dtype);
      const as = stored(av, dtype), bs = stored(bv, dtype);
      const ref = Array.from({ length: prod(so) }, (_, i) => {
        const idx = unravel(i, so);
        return f(readBroadcast(as, sa, idx), readBroadcast(bs, sb, idx));
      });
      expectValues(out, ref, { rtol: name === 'pow' ? 1e-15 : 0 });
    });
  });

  it('a number operand takes the dtype of the tensor', () => {
    const a = fromArray([1, 2, 3], [3], dtype);
    const r = T.add(a, 0.1);
    expect(r.dtype).toBe(dtype);
    expectValues(r, stored([1, 2, 3], dtype).map((v) => v + (dtype === 'float32' ? Math.fround(0.1) : 0.1)));
    expect(T.sub(10, a).toFlat()).toEqual([9, 8, 7]);
    expect(T.div(a, 2).toFlat()).toEqual([0.5, 1, 1.5]);
    expect(T.pow(a, 2).toFlat()).toEqual([1, 4, 9]);
    expect(T.pow(2, a).toFlat()).toEqual([2, 4, 8]);
  });

  it('maximum/minimum propagate NaN from either side; comparisons with NaN are false (ne true)', () => {
    const a = fromArray([NaN, 1, 2], [3], dtype), b = fromArray([0, NaN, 1], [3], dtype);
    expect(T.maximum(a, b).toFlat()).toEqual([NaN, NaN, 2]);
    expect(T.minimum(a, b).toFlat()).toEqual([NaN, NaN, 1]);
    expect(T.eq(a, b).toFlat()).toEqual([0, 0, 0]);
    expect(T.ne(a, b).toFlat()).toEqual([1, 1, 1]);
    expect(T.le(a, b).toFlat()).toEqual([0, 0, 0]);
  });

  it('where broadcasts cond, a and b together and accepts numbers', () => {
    const cond = fromArray([1, 0, 0, 1], [2, 2], dtype);
    const a = fromArray([10, 20], [2], dtype);
    const b = fromArray([-1, -2], [2, 1], dtype);
    const w = T.where(cond, a, b);
    expect(w.shape).toEqual([2, 2]);
    expect(w.toArray()).toEqual([[10, -1], [-2, 20]]);
    const c3 = fromArray([1, 0, 1], [3, 1, 1], dtype);
    const w3 = T.where(c3, a, 0);
    expect(w3.shape).toEqual([3, 1, 2]);
    expect(w3.toFlat()).toEqual([10, 20, 0, 0, 10, 20]);
    expect(T.where(cond, 1, 2).toFlat()).toEqual([1, 2, 2, 1]);
    expect(T.where(cond, 1, 2).dtype).toBe(dtype);
    expect(T.where(fromArray([2, -0.5, 0], [3], dtype), 1, 0).toFlat()).toEqual([1, 1, 0]);
  });
});

describe('binary dtype promotion and errors', () => {
  it('float32 with float64 gives float64 (and keeps the float32 operand exact)', () => {
    const a = tensor([0.1], 'float32'), b = tensor([0.2], 'float64');
    const s = T.add(a, b);
    expect(s.dtype).toBe('float64');
    expect(s.data[0]).toBe(Math.fround(0.1) + 0.2);
    expect(T.mul(b, a).dtype).toBe('float64');
  });

  it.each(ops.map(([n, op]) => [n, op] as const))('%s names the op and both shapes on a mismatch', (name, op) => {
    const a = T.zeros([2, 3]), b = T.zeros([4]);
    expect(() => op(a, b)).toThrow(new RegExp(`^${name}: shapes \\[2, 3\\] and \\[4\\] cannot be broadcast together`));
    expect(() => op(T.zeros([2, 1, 3]), T.zeros([4, 2]))).toThrow(/shapes \[2, 1, 3\] and \[4, 2\] cannot be broadcast together \(dimension 2: 3 vs 2\)/);
  });

  it('where names itself on a mismatch; non-tensors are rejected', () => {
    expect(() => T.where(T.zeros([3]), T.zeros([2]), 0)).toThrow(/^where: shapes \[3\] and \[2\] cannot be broadcast/);
    expect(() => T.add('1' as never, T.zeros([1]))).toThrow(/add: expected a Tensor or a number, got string/);
    expect(() => T.add(null as never, T.zeros([1]))).toThrow(/add: expected a Tensor or a number, got null/);
  });

  it('broadcastShapes itself', () => {
    expect(T.broadcastShapes('op', [8, 1, 6, 1], [7, 1, 5])).toEqual([8, 7, 6, 5]);
    expect(T.broadcastShapes('op', [], [])).toEqual([]);
  });
});

