import * as T from '@descent/core-tensor';
import { type Var, type VarLike, lift, node } from '../var.js';

// Each activation: forward value, then its derivative times the upstream gradient.

export function exp(a: VarLike): Var {
  const x = lift(a);
  const y = T.exp(x.value);
  return node('exp', y, [x], (g) => [T.mul(g, y)]);
}

export function log(a: VarLike): Var {
  const x = lift(a);
  return node('log', T.log(x.value), [x], (g) => [T.div(g, x.value)]);
}

export function sqrt(a: VarLike): Var {
  const x = lift(a);
  const y = T.sqrt(x.value);
  return node('sqrt', y, [x], (g) => [T.div(g, T.affine(y, 2))]);
}

export function square(a: VarLike): Var {
  const x = lift(a);
  return node('square', T.square(x.value), [x], (g) => [T.mul(g, T.affine(x.value, 2))]);
}

/** |x|; gradient sign(x), 0 at 0. */
export function abs(a: VarLike): Var {
  const x = lift(a);
  return node('abs', T.abs(x.value), [x], (g) => [T.mul(g, T.sign(x.value))]);
}

export function sin(a: VarLike): Var {
  const x = lift(a);
  return node('sin', T.sin(x.value), [x], (g) => [T.mul(g, T.cos(x.value))]);
}

export function cos(a: VarLike): Var {
  const x = lift(a);
  return node('cos', T.cos(x.value), [x], (g) => [T.neg(T.mul(g, T.sin(x.value)))]);
}

export function tanh(a: VarLike): Var {
  const x = lift(a);
  const y = T.tanh(x.value);
  return node('tanh', y, [x], (g) => [T.tanhGrad(y, g)]);
}

export function sigmoid(a: VarLike): Var {
  const x = lift(a);
  const y = T.sigmoid(x.value);
  return node('sigmoid', y, [x], (g) => [T.sigmoidGrad(y, g)]);
}

/** max(x, 0); gradient 1 for x > 0 and 0 otherwise (0 at the kink, as PyTorch). */
export function relu(a: VarLike): Var {
  const x = lift(a);
  return node('relu', T.relu(x.value), [x], (g) => [T.reluGrad(x.value, g)]);
}

/** Gradient is negativeSlope at 0, as PyTorch. */
export function leakyRelu(a: VarLike, negativeSlope = 0.01): Var {
  const x = lift(a);
  return node('leakyRelu', T.leakyRelu(x.value, negativeSlope), [x], (g) => [T.mul(g, T.where(T.gt(x.value, 0), 1, negativeSlope))]);
}

/** Gradient is alpha·e^x for x <= 0 (alpha at 0), as PyTorch. */
export function elu(a: VarLike, alpha = 1): Var {
  const x = lift(a);
  return node('elu', T.elu(x.value, alpha), [x], (g) => [T.mul(g, T.where(T.gt(x.value, 0), 1, T.affine(T.exp(x.value), alpha)))]);
}

/** log(1 + e^(βx))/β, linear where βx > threshold (PyTorch's numerical cut-off). */
export function softplus(a: VarLike, beta = 1, threshold = 20): Var {
  const x = lift(a);
  return node('softplus', T.softplus(x.value, beta, threshold), [x], (g) => {
    const bx = T.affine(x.value, beta);
    return [T.mul(g, T.where(T.gt(bx, threshold), 1, T.sigmoid(bx)))];
  });
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Exact GELU x·Φ(x); Φ'(x) = e^(-x²/2)/√(2π). */
export function gelu(a: VarLike): Var {
  const x = lift(a);
  return node('gelu', T.gelu(x.value), [x], (g) => {
    const cdf = T.affine(T.erf(T.affine(x.value, Math.SQRT1_2)), 0.5, 0.5);
    const pdf = T.affine(T.exp(T.affine(T.square(x.value), -0.5)), INV_SQRT_2PI);
    return [T.mul(g, T.add(cdf, T.mul(x.value, pdf)))];
  });
}

/** x·σ(x); derivative σ(1 + x(1 − σ)). */
export function silu(a: VarLike): Var {
  const x = lift(a);
  return node('silu', T.silu(x.value), [x], (g) => {
    const s = T.sigmoid(x.value);
    return [T.mul(g, T.mul(s, T.add(1, T.mul(x.value, T.sub(1, s)))))];
  });
}

/** Clamp to [min, max]; the gradient passes where min <= x <= max, bounds included (PyTorch). */
export function clamp(a: VarLike, min?: number, max?: number): Var {
  const x = lift(a);
  return node('clamp', T.clamp(x.value, min, max), [x], (g) => {
    const inside = T.mul(T.ge(x.value, min ?? -Infinity), T.le(x.value, max ?? Infinity));
    return [T.mul(g, inside)];
  });
}

export function identity(a: VarLike): Var {
  const x = lift(a);
  return node('identity', x.value, [x], (g) => [g]);
}
