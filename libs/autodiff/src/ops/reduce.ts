import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

type Axis = number | readonly number[] | undefined;

function axesList(x: Var, axis: Axis): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i);
  const r = x.shape.length;
  return (typeof axis === 'number' ? [axis] : [...axis]).map((a) => (a < 0 ? a + r : a));
}

/** Shape of a reduction with keepdim, so a reduced gradient broadcasts back over the input. */
function keptShape(x: Var, axis: Axis): number[] {
  const axes = axesList(x, axis);
  return x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export function sum(a: VarLike, axis?: Axis, keepdim = false): Var {
  const x = lift(a);
  return node('sum', T.sum(x.value, axis, keepdim), [x], (g) => [T.broadcastTo(T.reshape(g, keptShape(x, axis)), x.shape)]);
}

export function mean(a: VarLike, axis?: Axis, keepdim = false): Var {
  const x = lift(a);
  const count = axesList(x, axis).reduce((n, i) => n * x.shape[i], 1);
  return node('mean', T.mean(x.value, axis, keepdim), [x], (g) => [T.broadcastTo(T.reshape(T.affine(g, 1 / count), keptShape(x, axis)), x.shape)]);
}

/**
 * Max along one axis: the gradient goes to the position argmax reports (the first maximum).
 * Over all elements (no axis) ties share the gradient evenly, as torch.max(x) does.
 */
export function max(a: VarLike, axis?: number, keepdim = false): Var {
  return extreme('max', a, axis, keepdim);
}
export function min(a: VarLike, axis?: number, keepdim = false): Var {
  return extreme('min', a, axis, keepdim);
}

function extreme(op: 'max' | 'min', a: VarLike, axis: number | undefined, keepdim: boolean): Var {
  const x = lift(a);
  const out = op === 'max' ? T.max(x.value, axis, keepdim) : T.min(x.value, axis, keepdim);
  return node(op, out, [x], (g) => {
    if (axis === undefined) {
      const hit = T.eq(x.value, out.item());
      const n = T.sum(hit).item();
      return [T.mul(hit, g.item() / n)];
    }
    const ax = axis < 0 ? axis + x.shape.length : axis;
    const idx = (op === 'max' ? T.argmax : T.argmin)(x.value, ax, true);
    const kept = T.reshape(g, keptShape(x, ax));
    // One-hot along the axis at the arg index, times the upstream gradient.
    const pos = T.reshape(T.arange(0, x.shape[ax], 1, x.dtype), x.shape.map((d, i) => (i === ax ? d : 1)));
    return [T.mul(T.eq(pos, idx), kept)];
  });
}

/** log Σ exp along an axis (all elements when undefined); gradient softmax·g. */
export function logsumexp(a: VarLike, axis?: Axis, keepdim = false): Var {
  const x = lift(a);
  const out = T.logsumexp(x.value, axis, keepdim);
  return node('logsumexp', out, [x], (g) => {
    const ks = keptShape(x, axis);
    return [T.mul(T.reshape(g, ks), T.exp(T.sub(x.value, T.reshape(out, ks))))];
  });
}
