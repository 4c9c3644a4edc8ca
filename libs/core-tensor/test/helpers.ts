// Shared test helpers: float32/float64 comparisons against references computed in the test.
import { expect } from 'vitest';
import type { Tensor, DType } from '../src/index.js';

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Distance between adjacent float32 values around |x| (the float32 rounding unit there). */
export function ulp32(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

export interface Tol {
  /** float64: relative tolerance against the reference (default 1e-12). */
  rtol?: number;
  atol?: number;
  /** float32: allowed distance in float32 units from fround(reference) (default 1). */
  ulps?: number;
}

/**
 * Check a tensor against float64 reference values. float64 results must be within rtol; float32
 * results must equal Math.fround(reference) within `ulps` float32 rounding units. NaN matches NaN.
 */
export function expectValues(t: Tensor, ref: ArrayLike<number>, tol: Tol = {}): void {
  expect(t.size).toBe(ref.length);
  const rtol = tol.rtol ?? 1e-12, atol = tol.atol ?? 0, ulps = tol.ulps ?? 1;
  for (let i = 0; i < ref.length; i++) {
    const got = t.data[i], r = ref[i];
    if (!Number.isFinite(r)) {
      expect(got, `element ${i}`).toBe(r); // NaN or ±Infinity, in either dtype
      continue;
    }
    if (t.dtype === 'float64') {
      const ok = Math.abs(got - r) <= atol + rtol * Math.abs(r);
      if (!ok) expect.fail(`element ${i}: got ${got}, expected ${r} (|diff| ${Math.abs(got - r)})`);
    } else {
      const e = Math.fround(r);
      const ok = Math.abs(got - e) <= ulps * ulp32(e) + atol;
      if (!ok) expect.fail(`element ${i}: got ${got}, expected fround(${r}) = ${e} (${Math.abs(got - e) / ulp32(e)} ulps)`);
    }
  }
}

/** Float32 rounding of every value (what a float32 tensor stores for float64 inputs). */
export const f32 = (xs: readonly number[]): number[] => xs.map((v) => Math.fround(v));

/** The values a tensor of this dtype stores for `xs`. */
export const stored = (xs: readonly number[], dtype: DType): number[] => (dtype === 'float32' ? f32(xs) : [...xs]);

export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Row-major multi-index of flat index i. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < shape.length; d++) o = o * shape[d] + idx[d];
  return o;
}

/** Reference NumPy broadcasting, written independently of the library: read `x` of shape `s` at an index of `out`. */
export function readBroadcast(x: ArrayLike<number>, s: readonly number[], outIdx: readonly number[]): number {
  const lead = outIdx.length - s.length;
  const idx = s.map((d, k) => (d === 1 ? 0 : outIdx[k + lead]));
  return x[ravel(idx, s)];
}

/** Deterministic test values in [lo, hi) without using the library's Rng (a simple LCG). */
export function values(n: number, lo = -2, hi = 2, seed = 1): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((hi - lo) * s) / 2 ** 32);
  }
  return out;
}

/** erf(x) for x >= 0 by the all-positive series 2/√π·e^(-x²)·Σ 2ⁿx^(2n+1)/(2n+1)!! (no cancellation). */
function erfSeries(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 1000 && term > 1e-18 * sum; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x >= 0: 1 − series below 1.5, else the continued fraction e^(-x²)/√π / (x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
export function erfcRef(x: number): number {
  if (x < 1.5) return 1 - erfSeries(x);
  let f = x;
  for (let k = 300; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** erf, independent of the library's Cody approximation. */
export function erfRef(x: number): number {
  const a = Math.abs(x);
  return Math.sign(x) * (a < 1.5 ? erfSeries(a) : 1 - erfcRef(a));
}

/** Exact GELU x·Φ(x), through erfc for x < 0 so the reference itself has no cancellation. */
export function geluRef(x: number): number {
  return x < 0 ? 0.5 * x * erfcRef(-x / Math.SQRT2) : 0.5 * x * (1 + erfRef(x / Math.SQRT2));
}
