// Every bad input gets a clear error: a TensorError (a DescentError) naming the op, never a raw TypeError/RangeError.
import { describe, expect, it } from 'vitest';
import * as T from '../src/index.js';
import { DescentError, MAX_TENSOR_BYTES, Tensor, TensorError, fromArray, tensor } from '../src/index.js';

/** The error fn throws, which must be a TensorError. */
function caught(fn: () => unknown): TensorError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorError);
    expect(e).toBeInstanceOf(DescentError);
    return e as TensorError;
  }
  throw new Error('expected a TensorError');
}

describe('huge allocations', () => {
  it('are refused before allocating, naming the op, the shape and the bytes needed', () => {
    expect(MAX_TENSOR_BYTES).toBe(2 ** 32);
    const z = caught(() => T.zeros([1e5, 1e5]));
    expect(z.owner).toBe('zeros');
    expect(z.message).toMatch(/^zeros: shape \[100000, 100000\] needs 10000000000 float32 elements = 40\.0 GB \(40000000000 bytes\), above the limit of 4\.3 GB \(4294967296 bytes\) per tensor \(MAX_TENSOR_BYTES\)/);
    expect(caught(() => T.arange(0, 1e12)).message).toMatch(/^arange: shape \[1000000000000\] needs 1000000000000 float32 elements = 4\.0 TB/);
    expect(caught(() => T.arange(0, 1e12, 1, 'float64')).message).toMatch(/8\.0 TB \(8000000000000 bytes\)/);
    expect(caught(() => T.ones([1e6, 1e6, 1e6])).owner).toBe('ones');
    expect(caught(() => T.randn([1e5, 1e5])).owner).toBe('randn');
    expect(caught(() => T.eye(1e6)).message).toMatch(/^eye: shape \[1000000, 1000000\]/);
    // Results of broadcasting and products are checked the same way.
    expect(caught(() => T.add(T.zeros([70000, 1]), T.zeros([1, 70000]))).message).toMatch(/^add: shape \[70000, 70000\] needs/);
    expect(caught(() => T.broadcastTo(T.zeros([1]), [1e5, 1e5])).message).toMatch(/^broadcastTo: shape \[100000, 100000\] needs/);
    // allocate itself refuses counts that are not counts.
    expect(caught(() => T.allocate('float32', -3)).message).toMatch(/^allocate: cannot allocate -3 elements/);
  });
});

describe('argmax/argmin and NaN', () => {
  it('return the index of the first NaN, as PyTorch and NumPy, for every axis form', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const v = tensor([1, NaN, 3, NaN], dtype);
      expect(T.argmax(v).item()).toBe(1);
      expect(T.argmin(v).item()).toBe(1);
      expect(T.argmax(v, 0).item()).toBe(1);
      expect(T.argmin(v, -1).item()).toBe(1);
      expect(T.argmax(v, 0, true).shape).toEqual([1]);
      const m = tensor([[5, NaN, 1], [NaN, 2, NaN], [0, 1, 2]], dtype);
      expect(T.argmax(m).item()).toBe(1); // flattened: the first NaN overall
      expect(T.argmin(m).item()).toBe(1);
      expect(T.argmax(m, 1).toFlat()).toEqual([1, 0, 2]);
      expect(T.argmin(m, 1).toFlat()).toEqual([1, 0, 0]);
      expect(T.argmax(m, 0).toFlat()).toEqual([1, 0, 1]);
      expect(T.argmin(m, -2).toFlat()).toEqual([1, 0, 1]);
      expect(T.argmax(m, 0, true).toArray()).toEqual([[1, 0, 1]]);
      // No NaN: unchanged (first index on ties; -Infinity everywhere is index 0).
      expect(T.argmax(tensor([2, 7, 7], dtype)).item()).toBe(1);
      expect(T.argmax(tensor([-Infinity, -Infinity], dtype)).item()).toBe(0);
      expect(T.argmin(tensor([Infinity, 3, -Infinity], dtype)).item()).toBe(2);
    }
  });
});

describe('fromArray', () => {
  it('rejects anything but numbers with the index and the value, as tensor() does', () => {
    const e = caught(() => fromArray(['a', 'b'] as never, [2]));
    expect(e.message).toBe('fromArray: values[0] is "a" (string), expected a number: tensors hold numbers only');
    expect(e.element).toBe(0);
    expect(e.value).toBe('a');
    expect(caught(() => fromArray([null, 1] as never, [2])).message).toMatch(/^fromArray: values\[0\] is null \(null\), expected a number/);
    expect(caught(() => fromArray([1, '2'] as never, [2])).message).toMatch(/^fromArray: values\[1\] is "2" \(string\)/);
    expect(caught(() => fromArray([1, true] as never, [2])).message).toMatch(/^fromArray: values\[1\] is true \(boolean\)/);
    expect(caught(() => fromArray([1, undefined] as never, [2])).element).toBe(1);
    expect(caught(() => fromArray(null as never, [0])).message).toMatch(/^fromArray: values must be an array \(or typed array\) of numbers, got null/);
    expect(caught(() => fromArray('ab' as never, [2])).owner).toBe('fromArray');
    expect(caught(() => tensor(['a', 'b'] as never)).message).toMatch(/^tensor: element \[0\] is "a", expected a number/);
    // Numbers of every kind are fine, NaN and ±Infinity included, and typed arrays too.
    expect(fromArray([NaN, Infinity], [2], 'float64').toFlat()).toEqual([NaN, Infinity]);
    expect(fromArray(new Int32Array([1, 2]), [2]).toFlat()).toEqual([1, 2]);
  });
});

describe('Tensor data', () => {
  it('accepts only Float32Array and Float64Array, saying which types are accepted and how to convert', () => {
    const e = caught(() => new Tensor(new Int32Array(3) as never, [3]));
    expect(e.message).toBe('Tensor: data must be a Float32Array or a Float64Array, got Int32Array: convert it first (Float32Array.from(values), or fromArray(values, shape, dtype))');
    expect(caught(() => new Tensor(new Uint8Array(3) as never, [3])).message).toMatch(/got Uint8Array/);
    expect(caught(() => new Tensor([1, 2, 3] as never, [3])).message).toMatch(/got a plain Array/);
    expect(caught(() => new Tensor(null as never, [0])).message).toMatch(/got null/);
    expect(caught(() => new Tensor(new Float32Array(2), null as never)).message).toMatch(/^Tensor: invalid shape null/);
    expect(new Tensor(new Float32Array(3), [3]).dtype).toBe('float32');
    expect(new Tensor(new Float64Array(3), [3]).dtype).toBe('float64');
  });
});

describe('parameters of random and unary ops', () => {
  it('randn mean/std, uniform bounds and softplus beta must be usable numbers', () => {
    expect(caught(() => T.randn([3], { std: NaN })).message).toBe('randn: std must be a finite number, got NaN');
    expect(caught(() => T.randn([3], { std: Infinity })).message).toBe('randn: std must be a finite number, got Infinity');
    expect(caught(() => T.randn([3], { mean: NaN })).message).toBe('randn: mean must be a finite number, got NaN');
    expect(caught(() => T.randn([3], { std: -1 })).message).toBe('randn: std must be at least 0, got -1');
    expect(caught(() => T.randn([3], { mean: 1e308, std: 1e308 })).message).toMatch(/^randn: mean 1e\+308 and std 1e\+308 reach beyond the float32 range/);
    expect(caught(() => T.uniform([3], -Infinity, Infinity)).message).toBe('uniform: low must be a finite number, got -Infinity');
    expect(caught(() => T.uniform([3], 0, NaN)).message).toBe('uniform: high must be a finite number, got NaN');
    expect(caught(() => T.uniform([3], -1e308, 1e308, { dtype: 'float64' })).message).toMatch(/^uniform: the range high − low .* overflows/);
    expect(caught(() => T.uniform([3], 0, 1e39)).message).toMatch(/^uniform: high is 1e\+39, beyond the float32 range/);
    expect(caught(() => T.randn([3], { seed: NaN })).message).toMatch(/^randn: seed must be a finite number, got NaN/);
    expect(caught(() => T.randn([3], null as never)).owner).toBe('randn');
    expect(caught(() => T.softplus(T.ones([2]), 0)).message).toBe('softplus: beta must be a non-zero finite number, got 0 (softplus divides by beta)');
    expect(caught(() => T.softplus(T.ones([2]), Infinity)).message).toBe('softplus: beta must be a finite number, got Infinity');
    expect(caught(() => T.softplus(T.ones([2]), 1, NaN)).option).toBe('threshold');
    expect(caught(() => T.leakyRelu(T.ones([2]), NaN)).option).toBe('negativeSlope');
    expect(caught(() => T.elu(T.ones([2]), Infinity)).option).toBe('alpha');
    expect(caught(() => T.clamp(T.ones([2]), 'a' as never)).owner).toBe('clamp');
    // Valid parameters still give finite values.
    for (const t of [T.randn([50], { mean: -3, std: 1e-3 }), T.uniform([50], -1e30, 1e30), T.softplus(T.randn([50]), -2)]) {
      expect(t.toFlat().every(Number.isFinite)).toBe(true);
    }
  });
});

describe('raw JavaScript errors become TensorErrors naming the op', () => {
  it('non-array shapes, non-integer axes and negative sizes', () => {
    expect(caught(() => T.zeros(null as never)).message).toBe('zeros: invalid shape null: a shape is an array of non-negative integers, e.g. [2, 3]');
    expect(caught(() => T.zeros(3 as never)).owner).toBe('zeros');
    expect(caught(() => T.zeros(['2'] as never)).message).toMatch(/^zeros: invalid shape \["2"\]: dimensions must be non-negative integers \(dimension 0 is "2"\)/);
    const x = T.ones([2, 3]);
    expect(caught(() => T.sum(x, null as never)).message).toBe('sum: axis must be an integer, a list of integers, or undefined (every axis), got null');
    expect(caught(() => T.mean(x, '0' as never)).message).toMatch(/^mean: axis must be an integer/);
    expect(caught(() => T.max(x, [0, NaN])).message).toBe('max: axis must be an integer, got NaN');
    expect(caught(() => T.sum(x, 0, 'yes' as never)).option).toBe('keepdim');
    expect(caught(() => T.argmax(x, null as never)).owner).toBe('argmax');
    expect(caught(() => T.sum([1, 2] as never)).message).toMatch(/^sum: expected a Tensor, got a nested array/);
    expect(caught(() => T.broadcastTo(T.ones([3]), [-1, 3])).message).toMatch(/^broadcastTo: invalid shape \[-1, 3\]: dimensions must be non-negative integers \(dimension 0 is -1\)/);
    expect(caught(() => T.broadcastTo(T.ones([3]), null as never)).owner).toBe('broadcastTo');
    expect(caught(() => T.reshape(x, null as never)).owner).toBe('reshape');
    expect(caught(() => T.reshape(x, [-2, -3])).owner).toBe('reshape');
    expect(caught(() => T.permute(x, 1 as never)).owner).toBe('permute');
    expect(caught(() => T.transpose(x, 'ab' as never)).owner).toBe('transpose');
    expect(caught(() => T.unsqueeze(x, 'a' as never)).owner).toBe('unsqueeze');
    expect(caught(() => T.squeeze(x, 0.5)).owner).toBe('squeeze');
    expect(caught(() => T.concat(null as never)).owner).toBe('concat');
    expect(caught(() => T.concat([x, null] as never)).message).toMatch(/^concat: expected a Tensor, got null null \(xs\[1\]\)/);
    expect(caught(() => T.gatherRows(x, null as never)).owner).toBe('gatherRows');
    expect(caught(() => T.sliceRows(x, -1)).owner).toBe('sliceRows');
    expect(caught(() => T.sumTo(x, null as never)).owner).toBe('sumTo');
    expect(caught(() => T.full([2], 'a' as never)).message).toBe('full: value is not a number: "a"');
    expect(caught(() => T.eye(-2)).message).toMatch(/^eye: invalid shape \[-2, -2\]/);
    expect(caught(() => T.arange(0, NaN)).message).toBe('arange: stop must be a finite number, got NaN');
    expect(caught(() => T.arange(0, Infinity)).option).toBe('stop');
    expect(caught(() => T.cast(null as never, 'float32')).owner).toBe('cast');
    expect(caught(() => T.where(null as never, 1, 2)).owner).toBe('where');
    expect(() => new T.Rng(NaN)).toThrow(T.OptionError);
    expect(() => new T.Rng(NaN)).toThrow(/^Rng: seed must be a finite number, got NaN$/);
    expect(() => new T.Rng(1).permutation(-1)).toThrow(T.OptionError);
  });

  it('softmax and logSoftmax over an empty axis name themselves, not the max they take', () => {
    expect(caught(() => T.softmax(T.zeros([0]))).message).toBe('softmax: cannot normalize over the empty axis -1 of shape [0]');
    expect(caught(() => T.logSoftmax(T.zeros([2, 0]), 1)).owner).toBe('logSoftmax');
    expect(caught(() => T.softmax(T.scalar(1))).owner).toBe('softmax');
    expect(caught(() => T.softmax(null as never)).owner).toBe('softmax');
    expect(T.softmax(T.zeros([0, 3])).shape).toEqual([0, 3]); // an empty batch is fine
  });
});

describe('found by the fuzz suite', () => {
  it('logsumexp of values with a NaN is NaN (it was -Infinity when every value was NaN, and ignored a leading NaN)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      expect(T.logsumexp(tensor([NaN], dtype)).item()).toBeNaN();
      expect(T.logsumexp(tensor([NaN, 1, 2], dtype)).item()).toBeNaN();
      const rows = T.logsumexp(tensor([[1, NaN], [0, 0]], dtype), 1).toFlat();
      expect(rows[0]).toBeNaN();
      expect(rows[1]).toBeCloseTo(Math.log(2), 6);
      expect(T.logsumexp(tensor([-Infinity, -Infinity], dtype)).item()).toBe(-Infinity);
    }
  });

  it('rand names itself in its errors (it said uniform)', () => {
    expect(caught(() => T.rand([2], { dtype: 'int8' as never })).message).toMatch(/^rand: unknown dtype "int8"/);
    expect(caught(() => T.rand(null as never)).owner).toBe('rand');
  });

  it('full keeps the sign of -0 (pow(-0, -3) is -Infinity, as a number operand too)', () => {
    expect(Object.is(T.full([2], -0).data[1], -0)).toBe(true);
    expect(T.pow(-0, tensor([-3, 2])).toFlat()).toEqual([-Infinity, 0]);
  });
});
