import type { Tensor } from '../tensor.js';
import { normAxis } from '../shape.js';
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

/** log softmax along an axis: z − log Σ e^z with z = x − max (no cancellation: z ≤ 0 ≤ log Σ e^z). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('logSoftmax', axis, x.rank, x.shape);
  const z = shifted(x, a);
  return sub(z, log(sum(exp(z), a, true)));
}

/** softmax along an axis: e^z / Σ e^z with z = x − max, so it never overflows. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('softmax', axis, x.rank, x.shape);
  const e = exp(shifted(x, a));
  return div(e, sum(e, a, true));
}
