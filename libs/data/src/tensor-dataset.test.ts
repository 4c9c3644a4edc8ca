import { describe, expect, it } from 'vitest';
import { DataError, OptionError, ShapeError, fromArray, tensor } from '@descent/core-tensor';
import { isTensorDataset, tensorDataset } from './index.js';

const x32 = fromArray([1, 2, 3, 4, 5, 6], [3, 2], 'float32');
const x64 = fromArray([1, 2, 3, 4, 5, 6], [3, 2], 'float64');

/** The error fn throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('tensorDataset', () => {
  it('pairs x rows with target rows, keeping the tensors as given (float32 stays float32)', () => {
    const y = fromArray([0.5, 1.5, 2.5], [3, 1], 'float32');
    const ds = tensorDataset(x32, y);
    expect(ds.length).toBe(3);
    expect(ds.x).toBe(x32);
    expect(ds.y).toBe(y);
    expect(ds.x.dtype).toBe('float32');
    const r = ds.at(1);
    expect([r.x.dtype, r.x.shape, r.x.toFlat(), r.y.shape, r.y.toFlat()]).toEqual(['float32', [2], [3, 4], [1], [1.5]]);
    expect(ds.at(-1).x.toFlat()).toEqual([5, 6]);
    expect(tensorDataset(x64, tensor([[1, 0], [0, 1], [1, 0]], 'float64')).x.dtype).toBe('float64');
    expect(isTensorDataset(ds)).toBe(true);
    expect(isTensorDataset({ x: x32, y, length: 3 })).toBe(false);
  });

  it('takes class labels as an Int32Array (kept), or any array of integers (copied into one)', () => {
    const labels = new Int32Array([2, 0, 1]);
    const ds = tensorDataset(x64, labels);
    expect(ds.y).toBe(labels);
    expect(ds.at(0).y).toBe(2);
    const fromList = tensorDataset(x64, [1, 0, 1]);
    expect(fromList.y).toBeInstanceOf(Int32Array);
    expect(Array.from(fromList.y)).toEqual([1, 0, 1]);
    expect(Array.from(tensorDataset(x64, new Float64Array([0, 1, 2]) as unknown as Int32Array).y)).toEqual([0, 1, 2]);
  });

  it('accepts an empty dataset', () => {
    const ds = tensorDataset(fromArray([], [0, 3]), new Int32Array(0));
    expect(ds.length).toBe(0);
  });

  it('mismatched row counts name both arguments and both shapes', () => {
    const e = thrown(() => tensorDataset(x64, fromArray([1, 2], [2, 1], 'float64')));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('tensorDataset: y has 2 rows (shape [2, 1]) but x has 3 (shape [3, 2]): every x row needs one target');
    expect((e as ShapeError).option).toBe('y');
    expect(() => tensorDataset(x64, new Int32Array([0, 1]))).toThrow('y has 2 rows (Int32Array of length 2) but x has 3 (shape [3, 2])');
    expect(() => tensorDataset(x64, [0, 1, 1, 0])).toThrow('y has 4 rows (an array of length 4) but x has 3');
  });

  it('wrong ranks name the argument and its shape, with a hint for [n] tensors', () => {
    const ex = thrown(() => tensorDataset(fromArray([1, 2, 3], [3]), new Int32Array(3)));
    expect(ex).toBeInstanceOf(ShapeError);
    expect((ex as ShapeError).option).toBe('x');
    expect(ex.message).toMatch(/^tensorDataset: x must have shape \[n, features\] \(rank 2\), got shape \[3\] \(one feature per row: reshape it to \[3, 1\]\)$/);
    expect(() => tensorDataset(fromArray([1, 2, 3, 4], [1, 2, 2]), new Int32Array(1))).toThrow('x must have shape [n, features] (rank 2), got shape [1, 2, 2]');
    const ey = thrown(() => tensorDataset(x64, fromArray([1, 2, 3], [3])));
    expect(ey).toBeInstanceOf(ShapeError);
    expect((ey as ShapeError).option).toBe('y');
    expect(ey.message).toMatch(/y must have shape \[n, k\] \(rank 2\) or be an Int32Array of class labels, got shape \[3\] \(a \[n\] tensor of targets: reshape it to \[3, 1\]; class indices: pass an Int32Array\)/);
  });

  it('non-integer and negative labels are DataErrors naming the position and value', () => {
    const e = thrown(() => tensorDataset(x64, [0, 1.5, 1]));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('tensorDataset: y[1] must be an integer class label, got 1.5');
    expect([(e as DataError).option, (e as DataError).element, (e as DataError).value]).toEqual(['y', 1, 1.5]);
    expect(() => tensorDataset(x64, [0, NaN, 1])).toThrow('y[1] must be an integer class label, got NaN');
    expect(() => tensorDataset(x64, new Int32Array([0, -1, 1]))).toThrow('y[1] must be a non-negative integer class label, got -1');
    expect(() => tensorDataset(x64, ['0', '1', '1'] as unknown as number[])).toThrow('y[0] must be an integer class label, got "0"');
  });

  it('arguments that are not tensors are OptionErrors', () => {
    const ex = thrown(() => tensorDataset([[1, 2]] as never, new Int32Array(1)));
    expect(ex).toBeInstanceOf(OptionError);
    expect(ex.message).toBe('tensorDataset: x must be a Tensor of shape [n, features], got [[1, 2]]');
    const ey = thrown(() => tensorDataset(x64, 'labels' as never));
    expect(ey).toBeInstanceOf(OptionError);
    expect(ey.message).toBe('tensorDataset: y must be a Tensor of shape [n, k] or an Int32Array of class labels, got "labels"');
  });

  it('at() checks its index', () => {
    const ds = tensorDataset(x64, new Int32Array(3));
    const e = thrown(() => ds.at(3));
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toBe('TensorDataset.at: index must be an integer in [-3, 2] for 3 rows, got 3');
    expect(() => ds.at(0.5)).toThrow(/got 0.5/);
  });
});
