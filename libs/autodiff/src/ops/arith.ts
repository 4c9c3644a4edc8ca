import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

// Broadcasting ops sum their gradient back to each input's shape (sumTo).

export function add(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('add', T.add(x.value, y.value), [x, y], (g) => [T.sumTo(g, x.shape), T.sumTo(g, y.shape)]);
}

export function sub(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('sub', T.sub(x.value, y.value), [x, y], (g) => [T.sumTo(g, x.shape), T.sumTo(T.neg(g), y.shape)]);
}

export function mul(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('mul', T.mul(x.value, y.value), [x, y], (g) => [
    x.requiresGrad ? T.sumTo(T.mul(g, y.value), x.shape) : null,
    y.requiresGrad ? T.sumTo(T.mul(g, x.value), y.shape) : null,
  ]);
}

export function div(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('div', T.div(x.value, y.value), [x, y], (g) => [
    x.requiresGrad ? T.sumTo(T.div(g, y.value), x.shape) : null,
    // d(a/b)/db = -a / b²
    y.requiresGrad ? T.sumTo(T.neg(T.div(T.mul(g, x.value), T.square(y.value))), y.shape) : null,
  ]);
}

export function neg(a: VarLike): Var {
  const x = lift(a);
  return node('neg', T.neg(x.value), [x], (g) => [T.neg(g)]);
}

/** x ** p for a number p; or a ** b element-wise for two values (base > 0 for the exponent's gradient). */
export function pow(a: VarLike, b: VarLike): Var {
  const x = lift(a);
  if (typeof b === 'number') {
    const p = b;
    return node('pow', T.powScalar(x.value, p), [x], (g) =>
      // PyTorch: the gradient of x^0 is 0 everywhere (not 0·x^-1, which is NaN at 0).
      [p === 0 ? T.zerosLike(x.value) : T.mul(g, T.affine(T.powScalar(x.value, p - 1), p))],
    );
  }
  const y = lift(b, x);
  const out = T.pow(x.value, y.value);
  return node('pow', out, [x, y], (g) => [
    x.requiresGrad ? T.sumTo(T.mul(g, T.mul(y.value, T.pow(x.value, T.sub(y.value, 1)))), x.shape) : null,
    // d(a^b)/db = a^b ln a; where a = 0 (and b >= 0) PyTorch takes it as 0 instead of 0·(-inf).
    y.requiresGrad ? T.sumTo(T.mul(g, T.where(T.eq(x.value, 0), 0, T.mul(out, T.log(x.value)))), y.shape) : null,
  ]);
}

/** Element-wise max; on ties the gradient is split evenly (PyTorch's convention). */
export function maximum(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('maximum', T.maximum(x.value, y.value), [x, y], (g) => {
    const wx = T.add(T.gt(x.value, y.value), T.mul(T.eq(x.value, y.value), 0.5));
    return [T.sumTo(T.mul(g, wx), x.shape), T.sumTo(T.mul(g, T.sub(1, wx)), y.shape)];
  });
}

export function minimum(a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('minimum', T.minimum(x.value, y.value), [x, y], (g) => {
    const wx = T.add(T.lt(x.value, y.value), T.mul(T.eq(x.value, y.value), 0.5));
    return [T.sumTo(T.mul(g, wx), x.shape), T.sumTo(T.mul(g, T.sub(1, wx)), y.shape)];
  });
}

/** cond ? a : b; cond is data (no gradient). */
export function where(cond: T.Tensor, a: VarLike, b: VarLike): Var {
  const x = lift(a), y = lift(b, x);
  return node('where', T.where(cond, x.value, y.value), [x, y], (g) => [
    T.sumTo(T.where(cond, g, 0), x.shape),
    T.sumTo(T.where(cond, 0, g), y.shape),
  ]);
}
