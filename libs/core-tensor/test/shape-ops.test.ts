import { describe, it, expect } from 'vitest';
import * as T from '../src/index.js';
import { fromArray, arange } from '../src/index.js';
import { DTYPES, prod, unravel, ravel, readBroadcast, values, stored } from './helpers.js';

describe.each(DTYPES)('shape ops (%s)', (dtype) => {
  const x = arange(24, undefined, 1, dtype); // 0..23

  it('reshape with an inferred -1 dimension shares storage', () => {
    const r = T.reshape(x, [2, -1, 4]);
    expect(r.shape).toEqual([2, 3, 4]);
    expect(r.dtype).toBe(dtype);
    expect(r.get(1, 2, 3)).toBe(23);
    expect(T.reshape(x, [-1]).shape).toEqual([24]);
    expect((T.reshape(x, [4, 6]).toArray() as number[][])[1]).toEqual([6, 7, 8, 9, 10, 11]);
    expect(T.reshape(T.scalar(5, dtype), [1, 1]).shape).toEqual([1, 1]);
    expect(T.flatten(r).shape).toEqual([24]);
    expect(T.unsqueeze(r, 1).shape).toEqual([2, 1, 3, 4]);
    expect(T.unsqueeze(r, -1).shape).toEqual([2, 3, 4, 1]);
    expect(T.squeeze(T.reshape(x, [1, 24, 1])).shape).toEqual([24]);
    expect(T.squeeze(T.reshape(x, [1, 24, 1]), -1).shape).toEqual([1, 24]);
  });

  it('reshape errors name the shapes', () => {
    expect(() => T.reshape(x, [5, -1])).toThrow(/^reshape: cannot reshape \[24\] \(24 elements\) to \[5, -1\]/);
    expect(() => T.reshape(x, [5, 5])).toThrow(/cannot reshape \[24\] \(24 elements\) to \[5, 5\]/);
    expect(() => T.reshape(x, [-1, -1])).toThrow(/only one dimension can be -1, got \[-1, -1\]/);
    expect(() => T.squeeze(T.reshape(x, [2, 12]), 0)).toThrow(/squeeze: dimension 0 of shape \[2, 12\] has size 2, not 1/);
  });

  it('transpose 2-D, last two axes for rank 3, and permute against index arithmetic', () => {
    const m = T.reshape(x, [4, 6]);
    const t = T.transpose(m);
    expect(t.shape).toEqual([6, 4]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 6; j++) expect(t.get(j, i)).toBe(m.get(i, j));
    const c = T.reshape(x, [2, 3, 4]);
    const t3 = T.transpose(c);
    expect(t3.shape).toEqual([2, 4, 3]);
    expect(t3.get(1, 3, 2)).toBe(c.get(1, 2, 3));
    for (const axes of [[2, 0, 1], [1, 0, 2], [0, 1, 2], [-1, -3, -2]]) {
      const p = T.permute(c, axes);
      const ax = axes.map((a) => (a < 0 ? a + 3 : a));
      expect(p.shape).toEqual(ax.map((a) => c.shape[a]));
      for (let i = 0; i < 24; i++) {
        const oi = unravel(i, p.shape);
        const src = [0, 0, 0];
        ax.forEach((a, k) => (src[a] = oi[k]));
        expect(p.data[i]).toBe(c.data[ravel(src, c.shape)]);
      }
    }
    expect(T.transpose(c, [2, 1, 0]).shape).toEqual([4, 3, 2]);
    expect(() => T.transpose(arange(3, undefined, 1, dtype))).toThrow(/^transpose: needs at least 2 dimensions, got shape \[3\]/);
    expect(() => T.permute(c, [0, 1])).toThrow(/^permute: got 2 axes for a tensor of shape \[2, 3, 4\]/);
    expect(() => T.permute(c, [0, 1, 1])).toThrow(/permute: axes \[0, 1, 1\] are not a permutation/);
    expect(() => T.permute(c, [0, 1, 3])).toThrow(/permute: axis 3 is out of range/);
  });

  it('sliceRows copies rows [start, end)', () => {
    const m = T.reshape(x, [6, 4]);
    const s = T.sliceRows(m, 2, 4);
    expect(s.shape).toEqual([2, 4]);
    expect(s.toFlat()).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(s.data.buffer).not.toBe(m.data.buffer);
    expect(T.sliceRows(m, 5).shape).toEqual([1, 4]);
    expect(T.sliceRows(m, 3, 3).shape).toEqual([0, 4]);
    expect(T.sliceRows(x, 22).toFlat()).toEqual([22, 23]);
    expect(() => T.sliceRows(m, 4, 7)).toThrow(/^sliceRows: rows \[4, 7\) out of range for shape \[6, 4\]/);
    expect(() => T.sliceRows(m, 3, 2)).toThrow(/rows \[3, 2\) out of range/);
    expect(() => T.sliceRows(T.scalar(1, dtype), 0)).toThrow(/sliceRows: cannot slice a scalar/);
  });

  it('gatherRows picks rows by index, with repeats, from any typed index list', () => {
    const m = T.reshape(x, [6, 4]);
    const g = T.gatherRows(m, [5, 0, 5]);
    expect(g.shape).toEqual([3, 4]);
    expect(g.toFlat()).toEqual([20, 21, 22, 23, 0, 1, 2, 3, 20, 21, 22, 23]);
    expect(T.gatherRows(x, new Int32Array([3, 1])).toFlat()).toEqual([3, 1]);
    expect(T.gatherRows(m, []).shape).toEqual([0, 4]);
    expect(() => T.gatherRows(m, [6])).toThrow(/^gatherRows: row index 6 out of range for shape \[6, 4\]/);
    expect(() => T.gatherRows(m, [-1])).toThrow(/row index -1 out of range/);
  });

  it('concat along first, middle, last (negative) axes', () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [2, 3], dtype);
    const b = fromArray([7, 8, 9], [1, 3], dtype);
    expect(T.concat([a, b]).toArray()).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const c = fromArray([10, 20], [2, 1], dtype);
    expect(T.concat([a, c], -1).toArray()).toEqual([[1, 2, 3, 10], [4, 5, 6, 20]]);
    const p = T.reshape(arange(12, undefined, 1, dtype), [2, 2, 3]);
    const q = T.reshape(arange(6, undefined, 1, dtype), [2, 1, 3]);
    const r = T.concat([p, q, p], 1);
    expect(r.shape).toEqual([2, 5, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) for (let k = 0; k < 3; k++) {
      const expected = j < 2 ? p.get(i, j, k) : j === 2 ? q.get(i, 0, k) : p.get(i, j - 3, k);
      expect(r.get(i, j, k)).toBe(expected);
    }
    expect(T.concat([a]).toFlat()).toEqual(a.toFlat());
    expect(() => T.concat([a, c])).toThrow(/^concat: shapes \[2, 3\] \S+, \[2, 1\] \S+ do not match outside axis 0/);
    expect(() => T.concat([])).toThrow(/concat: needs at least one tensor/);
    expect(() => T.concat([a, a], 2)).toThrow(/concat: axis 2 is out of range/);
  });

  it('broadcastTo materializes NumPy broadcasting', () => {
    const v = values(6, -1, 1, 2);
    const s = fromArray(v, [3, 1, 2], dtype);
    const b = T.broadcastTo(s, [4, 3, 5, 2]);
    expect(b.shape).toEqual([4, 3, 5, 2]);
    const vs = stored(v, dtype);
    for (let i = 0; i < b.size; i++) expect(b.data[i]).toBe(readBroadcast(vs, [3, 1, 2], unravel(i, b.shape)));
    expect(T.broadcastTo(s, [3, 1, 2])).toBe(s);
    expect(() => T.broadcastTo(s, [3, 2, 3])).toThrow(/^broadcastTo: shapes \[3, 1, 2\] and \[3, 2, 3\] cannot be broadcast/);
    expect(() => T.broadcastTo(s, [1, 2])).toThrow(/^broadcastTo: cannot broadcast \[3, 1, 2\] to \[1, 2\]/);
  });

  it('sumTo sums a broadcast result back to the smaller shape', () => {
    const v = values(60, -1, 1, 6);
    const g = fromArray(v, [3, 4, 5], dtype);
    const gs = stored(v, dtype);
    const check = (shape: number[]) => {
      const s = T.sumTo(g, shape);
      expect(s.shape).toEqual(shape);
      const ref = new Array(prod(shape)).fill(0);
      for (let i = 0; i < 60; i++) {
        const idx = unravel(i, [3, 4, 5]);
        const lead = 3 - shape.length;
        const t = shape.map((d, k) => (d === 1 ? 0 : idx[k + lead]));
        ref[ravel(t, shape)] += gs[i];
      }
      for (let i = 0; i < ref.length; i++) expect(s.data[i]).toBeCloseTo(ref[i], dtype === 'float32' ? 5 : 12);
    };
    for (const shape of [[3, 4, 5], [5], [4, 1], [1, 4, 1], [3, 1, 5], [], [1], [1, 1, 1]]) check(shape);
    expect(T.sumTo(g, [3, 4, 5])).toBe(g);
    expect(() => T.sumTo(g, [2, 3, 4, 5])).toThrow(/^sumTo: cannot sum shape \[3, 4, 5\] to the larger shape \[2, 3, 4, 5\]/);
    expect(() => T.sumTo(g, [4, 4])).toThrow(/^sumTo: shape \[3, 4, 5\] is not a broadcast of \[4, 4\]/);
  });
});
