import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

export function reshape(a: VarLike, shape: readonly number[]): Var {
  const x = lift(a);
  return node('reshape', T.reshape(x.value, shape), [x], (g) => [T.reshape(g, x.shape)]);
}

/** 2-D transpose (or last two axes); with `axes`, a permutation whose gradient is the inverse permutation. */
export function transpose(a: VarLike, axes?: readonly number[]): Var {
  const x = lift(a);
  if (!axes) return node('transpose', T.transpose(x.value), [x], (g) => [T.transpose(g)]);
  const r = x.shape.length;
  const ax = axes.map((i) => (i < 0 ? i + r : i));
  const inv = new Array<number>(r);
  ax.forEach((p, i) => (inv[p] = i));
  return node('permute', T.permute(x.value, ax), [x], (g) => [T.permute(g, inv)]);
}

export function broadcastTo(a: VarLike, shape: readonly number[]): Var {
  const x = lift(a);
  return node('broadcastTo', T.broadcastTo(x.value, shape), [x], (g) => [T.sumTo(g, x.shape)]);
}

/** Rows by index (mini-batches); repeated indices accumulate their gradients. */
export function gatherRows(a: VarLike, indices: ArrayLike<number>): Var {
  const x = lift(a);
  return node('gatherRows', T.gatherRows(x.value, indices), [x], (g) => {
    const out = T.zerosLike(x.value);
    const row = x.shape[0] === 0 ? 0 : x.value.size / x.shape[0];
    for (let i = 0; i < indices.length; i++) {
      const o = indices[i] * row;
      for (let j = 0; j < row; j++) out.data[o + j] += g.data[i * row + j];
    }
    return [out];
  });
}

export function sliceRows(a: VarLike, start: number, end?: number): Var {
  const x = lift(a);
  const y = T.sliceRows(x.value, start, end);
  return node('sliceRows', y, [x], (g) => {
    const out = T.zerosLike(x.value);
    out.data.set(g.data, start * (x.shape[0] === 0 ? 0 : x.value.size / x.shape[0]));
    return [out];
  });
}

export function concat(items: readonly VarLike[], axis = 0): Var {
  const xs = items.map((v) => lift(v));
  const r = xs[0]?.shape.length ?? 0;
  const ax = axis < 0 ? axis + r : axis;
  return node('concat', T.concat(xs.map((x) => x.value), axis), xs, (g) => {
    // Split the gradient back: move the axis first, slice rows, move it back.
    const perm = [ax, ...g.shape.map((_, i) => i).filter((i) => i !== ax)];
    const inv = new Array<number>(r);
    perm.forEach((p, i) => (inv[p] = i));
    const gt = ax === 0 ? g : T.permute(g, perm);
    let off = 0;
    return xs.map((x) => {
      const n = x.shape[ax];
      const part = T.sliceRows(gt, off, off + n);
      off += n;
      return ax === 0 ? part : T.permute(part, inv);
    });
  });
}
