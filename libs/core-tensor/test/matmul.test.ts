import { describe, it, expect } from 'vitest';
import * as T from '../src/index.js';
import { fromArray, type DType } from '../src/index.js';
import { DTYPES, prod, values, stored, unravel, ravel, ulp32 } from './helpers.js';

/** Naive batched matmul with NumPy batch broadcasting, on plain arrays (float64). */
function matmulRef(a: number[], sa: number[], b: number[], sb: number[]): { shape: number[]; data: number[]; mag: number[] } {
  const [m, k] = sa.slice(-2), n = sb[sb.length - 1];
  const ba = sa.slice(0, -2), bb = sb.slice(0, -2);
  const r = Math.max(ba.length, bb.length);
  const pad = (s: number[]) => [...new Array(r - s.length).fill(1), ...s];
  const pa = pad(ba), pb = pad(bb);
  const batch = pa.map((d, i) => Math.max(d, pb[i]));
  const data: number[] = [], mag: number[] = [];
  for (let q = 0; q < prod(batch); q++) {
    const bi = unravel(q, batch);
    const oa = ravel(bi.map((v, i) => (pa[i] === 1 ? 0 : v)), pa) * m * k;
    const ob = ravel(bi.map((v, i) => (pb[i] === 1 ? 0 : v)), pb) * k * n;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0, g = 0;
      for (let p = 0; p < k; p++) {
        s += a[oa + i * k + p] * b[ob + p * n + j];
        g += Math.abs(a[oa + i * k + p] * b[ob + p * n + j]);
      }
      data.push(s);
      mag.push(g);
    }
  }
  return { shape: [...batch, m, n], data, mag };
}

/** float64 within rounding of a k-term dot product; float32 within k float32 units of Σ|aᵢbᵢ| (accumulation may be in float32). */
function expectMatmul(out: T.Tensor, ref: { data: number[]; mag: number[] }, k: number, dtype: DType): void {
  expect(out.size).toBe(ref.data.length);
  for (let i = 0; i < ref.data.length; i++) {
    const tol = dtype === 'float64' ? 1e-15 * k * ref.mag[i] : k * ulp32(ref.mag[i]) + ulp32(ref.data[i]);
    if (!(Math.abs(out.data[i] - ref.data[i]) <= tol)) expect.fail(`element ${i}: got ${out.data[i]}, expected ${ref.data[i]} (tol ${tol})`);
  }
}

const shapeCases: [number[], number[]][] = [
  [[3, 4], [4, 5]],
  [[1, 7], [7, 1]],
  [[5, 1], [1, 3]],
  [[2, 3, 4], [2, 4, 5]],
  [[2, 3, 4], [4, 2]],
  [[3, 4], [3, 4, 2]],
  [[2, 1, 3, 4], [3, 4, 5]],
  [[4, 1, 2, 3], [1, 5, 3, 2]],
];

describe.each(DTYPES)('matmul (%s)', (dtype) => {
  it.each(shapeCases)('%j · %j against a naive product with batch broadcasting', (sa, sb) => {
    const av = values(prod(sa), -2, 2, 3), bv = values(prod(sb), -2, 2, 4);
    const a = fromArray(av, sa, dtype), b = fromArray(bv, sb, dtype);
    const ref = matmulRef(stored(av, dtype), sa, stored(bv, dtype), sb);
    const out = T.matmul(a, b);
    expect(out.shape).toEqual(ref.shape);
    expect(out.dtype).toBe(dtype);
    expectMatmul(out, ref, sa[sa.length - 1], dtype);
  });

  it('exact small product', () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [2, 3], dtype);
    const b = fromArray([7, 8, 9, 10, 11, 12], [3, 2], dtype);
    expect(T.matmul(a, b).toArray()).toEqual([[58, 64], [139, 154]]);
    expect(T.matmul(a, T.eye(3, 3, dtype)).toFlat()).toEqual(a.toFlat());
  });

  it.each([
    [[3, 4], [4, 5]],
    [[2, 3, 4], [2, 4, 5]],
    [[2, 1, 3, 4], [3, 4, 5]],
  ])('transA/transB forms of %j · %j equal the product with explicit transposes', (sa, sb) => {
    const av = values(prod(sa), -2, 2, 13), bv = values(prod(sb), -2, 2, 14);
    const a = fromArray(av, sa, dtype), b = fromArray(bv, sb, dtype);
    const aT = T.transpose(a), bT = T.transpose(b); // materialized [.., k, m] and [.., n, k]
    const ref = matmulRef(stored(av, dtype), sa, stored(bv, dtype), sb);
    const k = sa[sa.length - 1];
    for (const [x, y, opts] of [
      [aT, b, { transA: true }],
      [a, bT, { transB: true }],
      [aT, bT, { transA: true, transB: true }],
    ] as const) {
      const out = T.matmul(x, y, opts);
      expect(out.shape).toEqual(ref.shape);
      expectMatmul(out, ref, k, dtype);
    }
  });

  it('0-size dimensions give zeros of the right shape', () => {
    const z = T.matmul(T.zeros([2, 0], dtype), T.zeros([0, 3], dtype));
    expect(z.shape).toEqual([2, 3]);
    expect(z.toFlat()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(T.matmul(T.zeros([0, 4], dtype), T.zeros([4, 3], dtype)).shape).toEqual([0, 3]);
  });
});

describe('matmul dtype promotion and errors', () => {
  it('float32 · float64 is refused, as PyTorch refuses it, naming both dtypes and the fix', () => {
    expect(() => T.matmul(fromArray([0.1, 0.2], [1, 2], 'float32'), fromArray([1, 1], [2, 1], 'float64'))).toThrow(
      /^matmul: expected both operands to have the same dtype, got float32 \[1, 2\] and float64 \[2, 1\]: cast one, e\.g\. cast\(x, 'float64'\)/,
    );
    const out = T.matmul(T.cast(fromArray([0.1, 0.2], [1, 2], 'float32'), 'float64'), fromArray([1, 1], [2, 1], 'float64'));
    expect(out.item()).toBe(Math.fround(0.1) + Math.fround(0.2));
  });

  it('names the op and both shapes', () => {
    expect(() => T.matmul(T.zeros([2, 3]), T.zeros([4, 5]))).toThrow(/^matmul: inner dimensions differ: \[2, 3\] · \[4, 5\] \(3 vs 4\)/);
    expect(() => T.matmul(T.zeros([2, 3]), T.zeros([5, 4]), { transB: true })).toThrow(/^matmul: inner dimensions differ: \[2, 3\] · \[5, 4\]ᵀ \(3 vs 4\)/);
    expect(() => T.matmul(T.zeros([3]), T.zeros([3, 2]))).toThrow(/^matmul: needs tensors of rank >= 2, got \[3\] and \[3, 2\]/);
    expect(() => T.matmul(T.zeros([2, 2, 3]), T.zeros([3, 3, 4]))).toThrow(/^matmul: shapes \[2\] and \[3\] cannot be broadcast/);
  });
});
