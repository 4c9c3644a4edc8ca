import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

/** Matrix product (2-D or batched); dA = G·Bᵀ, dB = Aᵀ·G, summed over broadcast batch axes. */
export function matmul(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('matmul', T.matmul(x.value, y.value), [x, y], (g) => [
    x.requiresGrad ? T.sumTo(T.matmul(g, y.value, { transB: true }), x.shape) : null,
    y.requiresGrad ? T.sumTo(T.matmul(x.value, g, { transA: true }), y.shape) : null,
  ]);
}
