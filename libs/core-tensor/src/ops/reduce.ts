import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { TensorError, checkShape, normAxis } from '../shape.js';
import { describeValue, notATensor } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import type { ReduceOp } from '../backend/cpu/reduce.js';

export type Axis = number | readonly number[] | undefined;

/** Reduce one axis, viewing the tensor as [outer, len, inner]. */
function reduceAxis(op: ReduceOp, x: Tensor, axis: number, keepdim: boolean): Tensor {
  const len = x.shape[axis];
  if (len === 0 && op !== 'sum' && op !== 'mean') throw new TensorError(op, `cannot reduce an empty axis ${axis} of shape [${x.shape.join(', ')}]`);
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= x.shape[d];
  for (let d = axis + 1; d < x.rank; d++) inner *= x.shape[d];
  const out = allocate(x.dtype, outer * inner);
  getBackend().reduce(op, x.data, out, outer, len, inner);
  const shape = keepdim ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return new Tensor(out, shape);
}

function checkArgs(op: string, x: Tensor, keepdim: unknown): void {
  if (!(x instanceof Tensor)) throw new TensorError(op, notATensor(op, x), { value: x });
  if (typeof keepdim !== 'boolean') throw new TensorError(op, `must be true or false, got ${describeValue(keepdim)}`, { option: 'keepdim', value: keepdim });
}

function axesOf(op: string, x: Tensor, axis: Axis): number[] {
  if (axis === undefined) return x.shape.map((_, i) => i);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new TensorError(op, `must be an integer, a list of integers, or undefined (every axis), got ${describeValue(axis)}`, { option: 'axis', value: axis });
  }
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const norm = list.map((a) => normAxis(op, a, x.rank, x.shape));
  if (new Set(norm).size !== norm.length) throw new TensorError(op, `repeated axis in [${list.join(', ')}]`);
  return norm.sort((a, b) => b - a); // reduce from the last axis so earlier indices stay valid
}

/** sum/mean/max/min/logsumexp over one axis, several, or all (axis undefined → shape []). */
function reduce(op: ReduceOp, x: Tensor, axis: Axis, keepdim: boolean): Tensor {
  checkArgs(op, x, keepdim);
  const axes = axesOf(op, x, axis);
  if (axes.length === 0) return new Tensor(x.data.slice(), x.shape);
  if (axis === undefined && !keepdim) {
    // Whole-tensor reduction in one pass (so mean divides once by the full count).
    if (x.size === 0 && op !== 'sum' && op !== 'mean') throw new TensorError(op, `cannot reduce an empty tensor of shape [${x.shape.join(', ')}]`);
    const out = allocate(x.dtype, 1);
    getBackend().reduce(op, x.data, out, 1, x.size, 1);
    return new Tensor(out, []);
  }
  if (op === 'mean' && axes.length > 1) {
    // Mean over several axes = sum / count (logsumexp over several axes nests correctly below).
    const s = reduce('sum', x, axis, keepdim);
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    for (let i = 0; i < s.size; i++) s.data[i] /= count;
    return s;
  }
  let t = x;
  for (const a of axes) t = reduceAxis(op, t, a, keepdim);
  return t;
}

export const sum = (x: Tensor, axis?: Axis, keepdim = false): Tensor => reduce('sum', x, axis, keepdim);
export const mean = (x: Tensor, axis?: Axis, keepdim = false): Tensor => reduce('mean', x, axis, keepdim);
export const max = (x: Tensor, axis?: Axis, keepdim = false): Tensor => reduce('max', x, axis, keepdim);
export const min = (x: Tensor, axis?: Axis, keepdim = false): Tensor => reduce('min', x, axis, keepdim);
export const logsumexp = (x: Tensor, axis?: Axis, keepdim = false): Tensor => reduce('logsumexp', x, axis, keepdim);

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdim: boolean): Tensor {
  checkArgs(op, x, keepdim);
  if (axis === undefined) return reduceAxis(op, new Tensor(x.data, [x.size]), 0, false);
  return reduceAxis(op, x, normAxis(op, axis, x.rank, x.shape), keepdim);
}

/**
 * Index of the maximum along one axis (first one on ties); over all elements when axis is undefined.
 * NaN counts as the largest value, as in PyTorch and NumPy: the index of the first NaN.
 */
export const argmax = (x: Tensor, axis?: number, keepdim = false): Tensor => argReduce('argmax', x, axis, keepdim);
/** Index of the minimum (first one on ties; the first NaN if there is one, as in PyTorch and NumPy). */
export const argmin = (x: Tensor, axis?: number, keepdim = false): Tensor => argReduce('argmin', x, axis, keepdim);

/** Sum a broadcast result back down to `shape`: the gradient rule for every broadcasting op. */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  checkArgs('sumTo', x, false);
  checkShape('sumTo', shape);
  if (x.rank === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const lead = x.rank - shape.length;
  if (lead < 0) throw new TensorError('sumTo', `cannot sum shape [${x.shape.join(', ')}] to the larger shape [${shape.join(', ')}]`);
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && x.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== x.shape[i]) throw new TensorError('sumTo', `shape [${x.shape.join(', ')}] is not a broadcast of [${shape.join(', ')}]`);
  }
  const s = axes.length ? reduce('sum', x, axes, true) : x;
  return new Tensor(s.data, shape);
}
