import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { TensorError } from '../shape.js';
import { notATensor } from '../errors.js';
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
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => unary('leakyRelu', x, negativeSlope);
export const elu = (x: Tensor, alpha = 1): Tensor => unary('elu', x, alpha);
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => unary('softplus', x, beta, threshold);
/** Exact (erf-based) GELU, as PyTorch's default. */
export const gelu = (x: Tensor): Tensor => unary('gelu', x);
export const silu = (x: Tensor): Tensor => unary('silu', x);
export const erf = (x: Tensor): Tensor => unary('erf', x);
export const powScalar = (x: Tensor, exponent: number): Tensor => unary('powScalar', x, exponent);
/** x * scale + shift in one pass. */
export const affine = (x: Tensor, scale: number, shift = 0): Tensor => unary('affine', x, scale, shift);

/** Clamp to [min, max]; a missing bound is unbounded. */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new TensorError('clamp', `invalid bounds min=${min} max=${max}`);
  return unary('clamp', x, lo, hi);
}
