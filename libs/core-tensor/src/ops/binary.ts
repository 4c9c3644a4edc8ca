import { Tensor } from '../tensor.js';
import { allocate, promote } from '../dtype.js';
import { TensorError, broadcastShapes, broadcastStrides, sizeOf } from '../shape.js';
import { notATensor } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import type { BinaryOp } from '../backend/cpu/binary.js';
import { full } from './create.js';
import { powScalar } from './unary.js';

export type TensorLike = Tensor | number;

function asTensor(op: string, x: TensorLike, like: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return full([], x, like instanceof Tensor ? like.dtype : 'float32');
  throw new TensorError(op, notATensor(op, x, true), { value: x });
}

function binary(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  const ta = asTensor(op, a, b);
  const tb = asTensor(op, b, a);
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  const out = allocate(promote(ta.dtype, tb.dtype), sizeOf(shape), op, shape);
  getBackend().binary(op, ta.data, tb.data, out, shape, broadcastStrides(ta.shape, shape), broadcastStrides(tb.shape, shape));
  return new Tensor(out, shape);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('div', a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('minimum', a, b);
export const eq = (a: TensorLike, b: TensorLike): Tensor => binary('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => binary('ne', a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => binary('lt', a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => binary('le', a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => binary('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => binary('ge', a, b);

// Gradient kernels (as TF.js has them): one fused pass instead of three ops and their temporaries.
/** dy · (1 − y²), with y = tanh(x). */
export const tanhGrad = (y: Tensor, dy: Tensor): Tensor => binary('tanhGrad', y, dy);
/** dy · y(1 − y), with y = sigmoid(x). */
export const sigmoidGrad = (y: Tensor, dy: Tensor): Tensor => binary('sigmoidGrad', y, dy);
/** dy where x > 0, else 0 (0 at the kink, as PyTorch). */
export const reluGrad = (x: Tensor, dy: Tensor): Tensor => binary('reluGrad', x, dy);

/** a ** b, element-wise with broadcasting; a number exponent uses the faster scalar kernel. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && typeof b === 'number') return powScalar(a, b);
  return binary('pow', a, b);
}

/** cond ? a : b element-wise (cond non-zero means true), all three broadcast together. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(cond instanceof Tensor)) throw new TensorError('where', notATensor('where', cond), { option: 'cond', value: cond });
  // Number branches take the dtype of the other branch, or of cond when both are numbers.
  const ta = asTensor('where', a, b instanceof Tensor ? b : cond);
  const tb = asTensor('where', b, a instanceof Tensor ? a : cond);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, ta.shape), tb.shape);
  const n = sizeOf(shape);
  const out = allocate(promote(ta.dtype, tb.dtype), n, 'where', shape);
  const sc = broadcastStrides(cond.shape, shape), sa = broadcastStrides(ta.shape, shape), sb = broadcastStrides(tb.shape, shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let oc = 0, oa = 0, ob = 0;
    for (let d = 0; d < shape.length; d++) {
      oc += idx[d] * sc[d];
      oa += idx[d] * sa[d];
      ob += idx[d] * sb[d];
    }
    out[i] = cond.data[oc] !== 0 ? ta.data[oa] : tb.data[ob];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}
