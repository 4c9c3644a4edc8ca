import { Tensor } from '../tensor.js';
import { TensorError, fmt, normAxis } from '../shape.js';
import { notATensor } from '../errors.js';
import { max, sum } from './reduce.js';
import { sub, div } from './binary.js';
import { exp, log } from './unary.js';

/**
 * Shift by the max along the axis: z = x − max is exact or nearly so and ≤ 0, so e^z never
 * overflows and, unlike x − logsumexp(x), the error does not grow with |x| (large float32 logits).
 */
function shifted(x: Tensor, axis: number): Tensor {
  return sub(x, max(x, axis, true));
}

/** The axis, checked in the caller's name (not in the name of the max it takes). */
function softmaxAxis(op: string, x: Tensor, axis: number): number {
  if (!(x instanceof Tensor)) throw new TensorError(op, notATensor(op, x), { value: x });
  if (x.rank === 0) throw new TensorError(op, 'needs a tensor with at least one axis, got a scalar (shape [])');
  const a = normAxis(op, axis, x.rank, x.shape);
  if (x.shape[a] === 0) throw new TensorError(op, `cannot normalize over the empty axis ${axis} of shape ${fmt(x.shape)}`, { value: axis });
  return a;
}

/** log softmax along an axis: z − log Σ e^z with z = x − max (no cancellation: z ≤ 0 ≤ log Σ e^z). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = softmaxAxis('logSoftmax', x, axis);
  const z = shifted(x, a);
  return sub(z, log(sum(exp(z), a, true)));
}

/** softmax along an axis: e^z / Σ e^z with z = x − max, so it never overflows. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = softmaxAxis('softmax', x, axis);
  const e = exp(shifted(x, a));
  return div(e, sum(e, a, true));
}
