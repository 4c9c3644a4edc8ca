import { describe, it, expect } from 'vitest';
import * as T from '../src/index.js';
import { fromArray, type Tensor } from '../src/index.js';
import { DTYPES, expectValues, stored, values, erfRef, geluRef } from './helpers.js';

// Inputs include the kinks (0), ±1, and moderate magnitudes; each reference is the formula in plain JS Math.
const X = [-3.5, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.25, 0.5, 1, 2, 3.75, ...values(12, -4, 4, 7)];
const POS = [1e-4, 0.01, 0.3, 0.5, 1, 2, 7.5, 100, ...values(8, 0.05, 9, 3)];

const sigmoidRef = (x: number): number => 1 / (1 + Math.exp(-x));

const cases: [string, (x: Tensor) => Tensor, (x: number) => number, readonly number[]][] = [
  ['neg', T.neg, (x) => -x, X],
  ['abs', T.abs, Math.abs, X],
  ['sign', T.sign, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), X],
  ['exp', T.exp, Math.exp, X],
  ['log', T.log, Math.log, POS],
  ['log1p', T.log1p, Math.log1p, [...POS, -0.5, -1e-9, 0]],
  ['sqrt', T.sqrt, Math.sqrt, [...POS, 0]],
  ['square', T.square, (x) => x * x, X],
  ['reciprocal', T.reciprocal, (x) => 1 / x, [...X.filter((v) => v !== 0), ...POS]],
  ['sin', T.sin, Math.sin, X],
  ['cos', T.cos, Math.cos, X],
  ['tanh', T.tanh, Math.tanh, X],
  ['sigmoid', T.sigmoid, sigmoidRef, X],
  ['relu', T.relu, (x) => (x > 0 ? x : 0), X],
  ['leakyRelu', (x) => T.leakyRelu(x), (x) => (x > 0 ? x : 0.01 * x), X],
  ['leakyRelu(0.2)', (x) => T.leakyRelu(x, 0.2), (x) => (x > 0 ? x : 0.2 * x), X],
  ['elu', (x) => T.elu(x), (x) => (x > 0 ? x : Math.expm1(x)), X],
  ['elu(0.5)', (x) => T.elu(x, 0.5), (x) => (x > 0 ? x : 0.5 * Math.expm1(x)), X],
  ['softplus', (x) => T.softplus(x), (x) => Math.log1p(Math.exp(x)), X],
  ['gelu', T.gelu, geluRef, X],
  ['silu', T.silu, (x) => x * sigmoidRef(x), X],
  ['erf', T.erf, erfRef, [...X, -5, 4.5, 6]],
  ['powScalar(3)', (x) => T.powScalar(x, 3), (x) => x * x * x, X],
  ['powScalar(2)', (x) => T.powScalar(x, 2), (x) => x * x, X],
  ['powScalar(0.5)', (x) => T.powScalar(x, 0.5), Math.sqrt, POS],
  ['powScalar(-1)', (x) => T.powScalar(x, -1), (x) => 1 / x, POS],
  ['powScalar(0)', (x) => T.powScalar(x, 0), () => 1, X],
  ['clamp(-1, 0.5)', (x) => T.clamp(x, -1, 0.5), (x) => Math.min(Math.max(x, -1), 0.5), X],
  ['clamp(min only)', (x) => T.clamp(x, 0.25), (x) => Math.max(x, 0.25), X],
  ['clamp(max only)', (x) => T.clamp(x, undefined, -0.5), (x) => Math.min(x, -0.5), X],
  ['affine', (x) => T.affine(x, 2.5, -1), (x) => x * 2.5 - 1, X],
  ['affine(no shift)', (x) => T.affine(x, -3), (x) => -3 * x, X],
];

// Functions evaluated through an independent formula may differ from the kernel by a few float64 ulps.
const LOOSE = new Set(['gelu', 'erf', 'silu', 'softplus', 'sigmoid', 'elu', 'elu(0.5)', 'powScalar(3)']);

describe.each(DTYPES)('unary ops (%s)', (dtype) => {
  it.each(cases)('%s: forward values against the formula', (name, op, ref, xs) => {
    const x = fromArray(xs, [xs.length], dtype);
    const y = op(x);
    expect(y.dtype).toBe(dtype);
    expect(y.shape).toEqual([xs.length]);
    // The reference is evaluated at the stored input (float32 inputs are already rounded).
    // gelu's 1 + erf(x/√2) cancels for x < 0 (as in PyTorch's formula): allow an absolute 1e-15 there.
    expectValues(y, stored(xs, dtype).map(ref), { rtol: LOOSE.has(name) ? 1e-13 : 1e-15, atol: name === 'gelu' ? 1e-15 : 0 });
    // Inputs are never mutated.
    expect(x.toFlat()).toEqual(stored(xs, dtype));
  });

  it('keeps the shape and handles empty and 0-d tensors', () => {
    const x = fromArray([1, -2, 3, -4, 5, -6], [2, 1, 3], dtype);
    expect(T.relu(x).shape).toEqual([2, 1, 3]);
    expect(T.exp(T.zeros([0, 2], dtype)).shape).toEqual([0, 2]);
    expect(T.neg(T.scalar(2, dtype)).item()).toBe(-2);
  });

  it('sigmoid and silu at large |x| do not overflow', () => {
    const xs = [-1000, -745, -100, -30, 30, 100, 745, 1000];
    const x = fromArray(xs, [xs.length], dtype);
    const s = T.sigmoid(x);
    expect(s.toFlat().every(Number.isFinite)).toBe(true);
    expectValues(s, stored(xs, dtype).map(sigmoidRef), { rtol: 1e-13, atol: 1e-300 });
    expect(s.data[0]).toBe(0);
    expect(s.data[7]).toBe(1);
    // σ(-100) = e^-100/(1+e^-100), representable in float64 (not flushed to 0 by 1/(1+e^100) rounding).
    if (dtype === 'float64') expect(s.data[2]).toBeCloseTo(Math.exp(-100), 55);
    const si = T.silu(x);
    expect(si.toFlat().every(Number.isFinite)).toBe(true);
    expect(si.data[7]).toBe(1000);
    expect(Math.abs(si.data[0])).toBe(0);
  });

  it('softplus with beta and threshold (linear above the threshold, like PyTorch)', () => {
    const xs = [-50, -3, -0.5, 0, 0.5, 2, 4.9, 5.1, 15, 800];
    const x = fromArray(xs, [xs.length], dtype);
    const ref = (beta: number, thr: number) => (v: number) => (beta * v > thr ? v : Math.log1p(Math.exp(beta * v)) / beta);
    expectValues(T.softplus(x), stored(xs, dtype).map(ref(1, 20)), { rtol: 1e-13, atol: 1e-300 });
    expectValues(T.softplus(x, 2, 10), stored(xs, dtype).map(ref(2, 10)), { rtol: 1e-13, atol: 1e-300 });
    expectValues(T.softplus(x, 0.5, 2), stored(xs, dtype).map(ref(0.5, 2)), { rtol: 1e-13, atol: 1e-300 });
    // At 800 the naive log(1 + e^800) overflows; the threshold makes it exactly x.
    expect(T.softplus(x).data[9]).toBe(800);
    // Just below the threshold for beta=2, thr=10 (4.9·2 = 9.8) it is the smooth formula, not x.
    expect(T.softplus(x, 2, 10).data[6]).not.toBe(x.data[6]);
    expect(T.softplus(x, 2, 10).data[7]).toBe(x.data[7]);
  });

  it('erf and gelu at known values', () => {
    const e = T.erf(fromArray([0, 0.5, 1, 2, -1, 3], [6], dtype));
    expectValues(e, [0, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, -0.8427007929497149, 0.9999779095030014], { rtol: 1e-14 });
    const g = T.gelu(fromArray([1, -1, 0, 2], [4], dtype));
    expectValues(g, [0.8413447460685429, -0.15865525393145707, 0, 1.9544997361036416], { rtol: 1e-14 });
    expect(T.erfScalar(-0.3)).toBeCloseTo(-erfRef(0.3), 15);
  });

  it('propagates NaN and handles edge inputs', () => {
    const x = fromArray([NaN, Infinity, -Infinity, 0], [4], dtype);
    expect(T.exp(x).toFlat()).toEqual([NaN, Infinity, 0, 1]);
    expect(T.relu(x).toFlat()).toEqual([0, Infinity, 0, 0]);
    expect(T.clamp(x, -1, 1).toFlat()).toEqual([NaN, 1, -1, 0]);
    expect(T.sigmoid(x).toFlat()).toEqual([NaN, 1, 0, 0.5]);
    expect(T.tanh(x).toFlat()).toEqual([NaN, 1, -1, 0]);
    expect(T.log(fromArray([0, -1], [2], dtype)).toFlat()).toEqual([-Infinity, NaN]);
  });
});

describe('unary errors', () => {
  it('clamp rejects inverted or NaN bounds', () => {
    const x = T.zeros([2]);
    expect(() => T.clamp(x, 1, 0)).toThrow(/clamp: invalid bounds min=1 max=0/);
    expect(() => T.clamp(x, NaN)).toThrow(/clamp: invalid bounds/);
    expect(T.clamp(x, 0.5, 0.5).toFlat()).toEqual([0.5, 0.5]);
  });

  it('names the op when given a non-tensor', () => {
    expect(() => T.exp([1, 2] as never)).toThrow(/exp: expected a Tensor, got a nested array: make a tensor first, tensor\(\[1, 2\]\)/);
    // An autodiff Var (duck-typed here: core-tensor does not know autodiff) gets told where its op lives.
    const v = { value: T.zeros([2]), backward() {} };
    expect(() => T.relu(v as never)).toThrow(/relu: expected a Tensor, got an autodiff Var .*use relu from '@descent\/autodiff'.*var\.value/);
    expect(() => T.add(v as never, 1)).toThrow(/add: expected a Tensor or a number, got an autodiff Var/);
  });
});
