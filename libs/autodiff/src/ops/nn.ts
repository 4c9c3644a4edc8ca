import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

/** softmax along an axis; backward dz = y ⊙ (g − Σ g⊙y). */
export function softmax(a: VarLike, axis = -1): Var {
  const x = lift(a);
  const y = T.softmax(x.value, axis);
  return node('softmax', y, [x], (g) => [T.mul(y, T.sub(g, T.sum(T.mul(g, y), axis, true)))]);
}

/** log softmax along an axis; backward dz = g − softmax ⊙ Σ g. */
export function logSoftmax(a: VarLike, axis = -1): Var {
  const x = lift(a);
  const y = T.logSoftmax(x.value, axis);
  return node('logSoftmax', y, [x], (g) => [T.sub(g, T.mul(T.exp(y), T.sum(g, axis, true)))]);
}

/**
 * A dense layer's affine map in PyTorch's layout: y = x·Wᵀ + b with W [out, in]. Fused so the
 * forward and both weight gradients use the transposed matmul kernels without copying Wᵀ.
 */
export function linear(input: VarLike, weight: VarLike, bias?: VarLike): Var {
  const x = lift(input), w = lift(weight, x);
  const b = bias === undefined ? undefined : lift(bias, x);
  if (x.shape.length !== 2 || w.shape.length !== 2 || x.shape[1] !== w.shape[1]) {
    throw new T.TensorError('linear', `input [${x.shape.join(', ')}] does not fit weight [${w.shape.join(', ')}] (expected input [batch, ${w.shape[1] ?? '?'}])`);
  }
  if (b && (b.shape.length !== 1 || b.shape[0] !== w.shape[0])) {
    throw new T.TensorError('linear', `bias [${b.shape.join(', ')}] does not fit weight [${w.shape.join(', ')}] (expected [${w.shape[0]}])`);
  }
  let y = T.matmul(x.value, w.value, { transB: true });
  if (b) y = T.add(y, b.value);
  const parents = b ? [x, w, b] : [x, w];
  return node('linear', y, parents, (g) => [
    x.requiresGrad ? T.matmul(g, w.value) : null, // dX = G·W
    w.requiresGrad ? T.matmul(g, x.value, { transA: true }) : null, // dW = Gᵀ·X
    ...(b ? [b.requiresGrad ? T.sum(g, 0) : null] : []), // db = column sums of G
  ]);
}
