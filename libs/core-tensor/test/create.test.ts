import { describe, it, expect } from 'vitest';
import { Tensor, zeros, ones, full, tensor, fromArray, arange, eye, zerosLike, onesLike, scalar, cast, clone, TensorError } from '../src/index.js';
import { DTYPES } from './helpers.js';

describe('Tensor', () => {
  it('holds dtype, shape, size and row-major data', () => {
    const t = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.get(1, 0)).toBe(4);
    expect(t.get(-1, -1)).toBe(6);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.toFlat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Tensor(new Float32Array([7]), []).item()).toBe(7);
    expect(String(t)).toBe('Tensor(float64, [2, 3])');
  });

  it('rejects data that does not fit the shape, bad shapes and bad indices', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(/Tensor: data has 5 elements but shape \[2, 3\] needs 6/);
    expect(() => new Tensor(new Float32Array(0), [-1])).toThrow(/invalid shape \[-1\]/);
    const t = new Tensor(new Float32Array(6), [2, 3]);
    expect(() => t.item()).toThrow(/item: expected a tensor with one element, got shape \[2, 3\]/);
    expect(() => t.get(2, 0)).toThrow(/get: index 2 out of range for dimension 0 of shape \[2, 3\]/);
    expect(() => t.get(0)).toThrow(/get: expected 2 indices/);
    expect(() => t.item()).toThrow(TensorError);
  });
});

describe.each(DTYPES)('creation (%s)', (dtype) => {
  it('zeros, ones, full, zerosLike, onesLike, scalar', () => {
    const z = zeros([2, 3], dtype);
    expect(z.dtype).toBe(dtype);
    expect(z.shape).toEqual([2, 3]);
    expect(z.toFlat()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(ones([3], dtype).toFlat()).toEqual([1, 1, 1]);
    const f = full([2, 2], 0.1, dtype);
    expect(f.toFlat()).toEqual(new Array(4).fill(dtype === 'float32' ? Math.fround(0.1) : 0.1));
    expect(zerosLike(f).dtype).toBe(dtype);
    expect(onesLike(f).toFlat()).toEqual([1, 1, 1, 1]);
    const s = scalar(2.5, dtype);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(2.5);
    expect(zeros([0, 3], dtype).size).toBe(0);
  });

  it('tensor from nested arrays (scalar, vector, 3-D, empty)', () => {
    const t = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], dtype);
    expect(t.shape).toEqual([2, 2, 2]);
    expect(t.toFlat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.dtype).toBe(dtype);
    expect(tensor(3, dtype).shape).toEqual([]);
    expect(tensor([1.5, -2], dtype).toArray()).toEqual([1.5, -2]);
    expect(tensor([], dtype).shape).toEqual([0]);
    expect(tensor([[1 / 3]], dtype).item()).toBe(dtype === 'float32' ? Math.fround(1 / 3) : 1 / 3);
  });

  it('fromArray with a shape', () => {
    const t = fromArray([1, 2, 3, 4, 5, 6], [3, 2], dtype);
    expect(t.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(fromArray(new Float64Array([0.1]), [1], dtype).data[0]).toBe(dtype === 'float32' ? Math.fround(0.1) : 0.1);
    expect(() => fromArray([1, 2, 3], [2, 2], dtype)).toThrow(/fromArray: 3 values do not fill shape \[2, 2\] \(4 elements\)/);
  });

  it('arange: stop only, start/stop/step, negative and fractional steps', () => {
    expect(arange(5, undefined, 1, dtype).toFlat()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(2, 11, 3, dtype).toFlat()).toEqual([2, 5, 8]);
    expect(arange(3, 0, -1, dtype).toFlat()).toEqual([3, 2, 1]);
    const h = arange(0, 1, 0.25, dtype);
    expect(h.toFlat()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(h.dtype).toBe(dtype);
    expect(arange(3, 3, 1, dtype).shape).toEqual([0]);
    expect(arange(0, 5, -1, dtype).shape).toEqual([0]);
    expect(() => arange(0, 5, 0, dtype)).toThrow(/arange: step must be a finite non-zero number, got 0/);
  });

  it('eye, square and rectangular', () => {
    expect(eye(3, 3, dtype).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, 3, dtype).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2, dtype).toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(eye(2, undefined, dtype).dtype).toBe(dtype);
  });

  it('cast and clone copy', () => {
    const t = tensor([0.1, 2], dtype);
    const c = clone(t);
    expect(c.data).not.toBe(t.data);
    expect(c.toFlat()).toEqual(t.toFlat());
    const other = dtype === 'float32' ? 'float64' : 'float32';
    const u = cast(t, other);
    expect(u.dtype).toBe(other);
    expect(u.data[0]).toBe(Math.fround(0.1)); // float32 0.1 widened, or float64 0.1 rounded
  });
});

describe('creation errors', () => {
  it('names the ragged position', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/tensor: ragged nested array at \[1\]: expected 2 elements, got 1/);
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/tensor: ragged nested array at \[1\]: expected 2 elements, got a number/);
    expect(() => tensor([1, [2]] as never)).toThrow(/tensor: ragged nested array at \[1\]: expected a number/);
  });

  it('defaults to float32 and rejects unknown dtypes and shapes', () => {
    expect(zeros([1]).dtype).toBe('float32');
    expect(tensor([1]).dtype).toBe('float32');
    expect(() => zeros([2], 'int32' as never)).toThrow(/zeros: unknown dtype "int32"/);
    expect(() => full([2], 1, 'int32' as never)).toThrow(/full: unknown dtype "int32"/);
    expect(() => zeros([2.5])).toThrow(/zeros: invalid shape \[2.5\]/);
    expect(() => fromArray([1], [1], 'float16' as never)).toThrow(/fromArray: unknown dtype "float16"/);
  });
});

describe('toArray(rank)', () => {
  it('returns an indexable array of that rank (typed: number[][] for 2), equal to toArray()', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]], 'float64');
    const rows: number[][] = t.toArray(2);
    expect(rows[1][2] + 1).toBe(7);
    expect(rows).toEqual(t.toArray());
    const n: number = tensor(3.5, 'float64').toArray(0);
    expect(n).toBe(3.5);
    expect(tensor([1, 2]).toArray(1).map((v) => v * 2)).toEqual([2, 4]);
    expect(zeros([1, 1, 2]).toArray(3)[0][0]).toEqual([0, 0]);
  });

  it('a tensor of another rank is refused naming its shape', () => {
    const e = (() => {
      try {
        tensor([1, 2]).toArray(2);
      } catch (err) {
        return err as TensorError;
      }
    })();
    expect(e).toBeInstanceOf(TensorError);
    expect(e?.message).toBe('toArray: rank is 2, but the tensor has shape [2] (rank 1)');
    expect([e?.option, e?.value]).toEqual(['rank', 2]);
  });
});
