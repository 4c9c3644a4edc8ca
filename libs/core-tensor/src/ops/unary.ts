import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { TensorError } from '../shape.js';
import { describeValue, notATensor } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import type { UnaryOp } from '../backend/cpu/unary.js';

function unary(op: UnaryOp, x: Tensor, p = 0, q = 0): Tensor {
  if (!(x instanceof Tensor)) throw new TensorError(op, notATensor(op, x), { value: x });
  const out = allocate(x.dtype, x.size);
  getBackend().unary(op, x.data, out, p, q);
  return new Tensor(out, x.shape);
}

export const neg = (x: Tensor): Tensor => unary('neg', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const sign = (x: Tensor): Tensor => unary('sign', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const log1p = (x: Tensor): Tensor => unary('log1p', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const square = (x: Tensor): Tensor => unary('square', x);
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x);
export const sin = (x: Tensor): Tensor => unary('sin', x);
export const cos = (x: Tensor): Tensor => unary('cos', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
/** A numeric parameter of a unary op: a number (finite unless `infinite`), checked in the op's name. */
function param(op: string, name: string, v: unknown, infinite = false): number {
  if (typeof v !== 'number' || Number.isNaN(v) || (!infinite && !Number.isFinite(v))) {
    throw new TensorError(op, `must be a ${infinite ? 'number (not NaN)' : 'finite number'}, got ${describeValue(v)}`, { option: name, value: v });
  }
  return v;
}

export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => unary('leakyRelu', x, param('leakyRelu', 'negativeSlope', negativeSlope));
export const elu = (x: Tensor, alpha = 1): Tensor => unary('elu', x, param('elu', 'alpha', alpha));
/** (1/β)·log(1 + e^{βx}), linear above the threshold; β must be a non-zero finite number. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  if (param('softplus', 'beta', beta) === 0) throw new TensorError('softplus', 'must be a non-zero finite number, got 0 (softplus divides by beta)', { option: 'beta', value: beta });
  return unary('softplus', x, beta, param('softplus', 'threshold', threshold, true));
}
/** Exact (erf-based) GELU, as PyTorch's default. */
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const silu = (x: Tensor): Tensor => unary('silu', x);
export const erf = (x: Tensor): Tensor => unary('erf', x);
export const powScalar = (x: Tensor, exponent: number): Tensor => unary('powScalar', x, param('powScalar', 'exponent', exponent, true));
/** x * scale + shift in one pass. */
export const affine = (x: Tensor, scale: number, shift = 0): Tensor => unary('affine', x, param('affine', 'scale', scale, true), param('affine', 'shift', shift, true));

/** Clamp to [min, max]; a missing bound is unbounded. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new TensorError('clamp', `invalid bounds min=${describeValue(min)} max=${describeValue(max)}: each must be a number (not NaN) or undefined, min <= max`);
  }
  return unary('clamp', x, lo, hi);
}
