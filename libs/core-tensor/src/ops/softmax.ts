import type { Tensor } from '../tensor.js';
import { normAxis } from '../shape.js';
import { logsumexp } from './reduce.js';
import { sub } from './binary.js';
import { exp } from './unary.js';

/** log softmax along an axis: x - logsumexp(x), stable for large inputs. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('logSoftmax', axis, x.rank, x.shape);
  return sub(x, logsumexp(x, a, true));
}

/** softmax along an axis, computed as exp(logSoftmax) so it never overflows. */
export function softmax(x: Tensor, axis = -1): Tensor {
  normAxis('softmax', axis, x.rank, x.shape);
  return exp(logSoftmax(x, axis));
}
