import { Tensor } from '../tensor.js';
import { allocate } from '../dtype.js';
import { type Shape, TensorError, fmt, sizeOf, stridesOf, normAxis, broadcastShapes, broadcastStrides, sameShape, checkShape } from '../shape.js';
import { describeValue, notATensor } from '../errors.js';

function tensorArg(op: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new TensorError(op, notATensor(op, x), { value: x });
  return x;
}

/** A list argument (axes, indices) must be an array, not null or a number. */
function listArg(op: string, name: string, v: unknown, what: string): void {
  if (!Array.isArray(v)) throw new TensorError(op, `must be ${what}, got ${describeValue(v)}`, { option: name, value: v });
}

/** Same data, new shape; one dimension may be -1 (inferred). Shares storage (tensors are values). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  tensorArg('reshape', x);
  listArg('reshape', 'shape', shape, 'an array of dimensions (one may be -1)');
  if (shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < -1)) {
    throw new TensorError('reshape', `cannot reshape ${fmt(x.shape)} to ${describeValue(shape)}: dimensions must be non-negative integers (one may be -1)`, { value: shape });
  }
  const s = [...shape];
  const infer = s.indexOf(-1);
  if (infer !== s.lastIndexOf(-1)) throw new TensorError('reshape', `only one dimension can be -1, got ${fmt(shape)}`);
  if (infer >= 0) {
    const known = s.reduce((n, d, i) => (i === infer ? n : n * d), 1);
    if (known === 0 || x.size % known !== 0) throw new TensorError('reshape', `cannot reshape ${fmt(x.shape)} (${x.size} elements) to ${fmt(shape)}`);
    s[infer] = x.size / known;
  }
  if (sizeOf(s) !== x.size || s.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TensorError('reshape', `cannot reshape ${fmt(x.shape)} (${x.size} elements) to ${fmt(shape)}`);
  }
  return new Tensor(x.data, s);
}

export const flatten = (x: Tensor): Tensor => reshape(x, [tensorArg('flatten', x).size]);

export function unsqueeze(x: Tensor, axis: number): Tensor {
  tensorArg('unsqueeze', x);
  const a = normAxis('unsqueeze', axis, x.rank + 1, x.shape);
  const s = [...x.shape];
  s.splice(a, 0, 1);
  return new Tensor(x.data, s);
}

export function squeeze(x: Tensor, axis?: number): Tensor {
  tensorArg('squeeze', x);
  if (axis === undefined) return new Tensor(x.data, x.shape.filter((d) => d !== 1));
  const a = normAxis('squeeze', axis, x.rank, x.shape);
  if (x.shape[a] !== 1) throw new TensorError('squeeze', `dimension ${axis} of shape ${fmt(x.shape)} has size ${x.shape[a]}, not 1`);
  return new Tensor(x.data, x.shape.filter((_, i) => i !== a));
}

/** Reorder axes (a copy: storage stays contiguous so every kernel is a plain loop). */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  tensorArg('permute', x);
  listArg('permute', 'axes', axes, 'an array of axes');
  if (axes.length !== x.rank) throw new TensorError('permute', `got ${axes.length} axes for a tensor of shape ${fmt(x.shape)}`);
  const ax = axes.map((a) => normAxis('permute', a, x.rank, x.shape));
  if (new Set(ax).size !== ax.length) throw new TensorError('permute', `axes [${axes.join(', ')}] are not a permutation`);
  const shape = ax.map((a) => x.shape[a]);
  const inStr = stridesOf(x.shape);
  const st = ax.map((a) => inStr[a]);
  return stridedCopy('permute', x, shape, st);
}

/** Transpose: a 2-D matrix by default, or the given axis order; for rank > 2, swaps the last two axes. */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  tensorArg('transpose', x);
  if (axes !== undefined) {
    listArg('transpose', 'axes', axes, 'an array of axes or undefined');
    return permute(x, axes);
  }
  if (x.rank < 2) throw new TensorError('transpose', `needs at least 2 dimensions, got shape ${fmt(x.shape)}`);
  const ax = x.shape.map((_, i) => i);
  [ax[x.rank - 2], ax[x.rank - 1]] = [ax[x.rank - 1], ax[x.rank - 2]];
  if (x.rank === 2) {
    const [m, n] = x.shape;
    const out = allocate(x.dtype, x.size);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x.data[i * n + j];
    return new Tensor(out, [n, m]);
  }
  return permute(x, ax);
}

/** Rows [start, end) along the first axis (a copy). */
export function sliceRows(x: Tensor, start: number, end?: number): Tensor {
  tensorArg('sliceRows', x);
  end ??= x.shape[0];
  if (x.rank === 0) throw new TensorError('sliceRows', 'cannot slice a scalar');
  const n = x.shape[0];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
    throw new TensorError('sliceRows', `rows [${start}, ${end}) out of range for shape ${fmt(x.shape)}`);
  }
  const row = x.size / (n || 1);
  const out = allocate(x.dtype, (end - start) * row);
  out.set(x.data.subarray(start * row, end * row));
  return new Tensor(out, [end - start, ...x.shape.slice(1)]);
}

/** Rows picked by index along the first axis (mini-batches). */
export function gatherRows(x: Tensor, indices: ArrayLike<number>): Tensor {
  tensorArg('gatherRows', x);
  if (!Array.isArray(indices) && !(ArrayBuffer.isView(indices) && !(indices instanceof DataView))) {
    throw new TensorError('gatherRows', `must be an array of row indices, got ${describeValue(indices)}`, { option: 'indices', value: indices });
  }
  if (x.rank === 0) throw new TensorError('gatherRows', 'cannot gather rows of a scalar');
  const n = x.shape[0];
  const row = n === 0 ? 0 : x.size / n;
  const outShape = [indices.length, ...x.shape.slice(1)];
  const out = allocate(x.dtype, indices.length * row, 'gatherRows', outShape);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new TensorError('gatherRows', `row index ${r} out of range for shape ${fmt(x.shape)}`);
    if (row === 1) out[i] = x.data[r];
    else out.set(x.data.subarray(r * row, (r + 1) * row), i * row);
  }
  return new Tensor(out, outShape);
}

/** Join tensors along an axis; all other dimensions must match. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  listArg('concat', 'xs', xs, 'an array of tensors');
  if (xs.length === 0) throw new TensorError('concat', 'needs at least one tensor');
  xs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TensorError('concat', `${notATensor('concat', t)} (xs[${i}])`, { value: t });
  });
  const first = xs[0];
  const a = normAxis('concat', axis, first.rank, first.shape);
  for (const t of xs) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i]) || t.dtype !== first.dtype) {
      throw new TensorError('concat', `shapes ${xs.map((u) => `${fmt(u.shape)} ${u.dtype}`).join(', ')} do not match outside axis ${axis}`);
    }
  }
  let outer = 1;
  for (let d = 0; d < a; d++) outer *= first.shape[d];
  const shape = [...first.shape];
  shape[a] = xs.reduce((s, t) => s + t.shape[a], 0);
  const out = allocate(first.dtype, sizeOf(shape), 'concat', shape);
  const outRow = out.length / (outer || 1);
  let off = 0;
  for (const t of xs) {
    const chunk = t.size / (outer || 1);
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * outRow + off);
    off += chunk;
  }
  return new Tensor(out, shape);
}

/** Materialize a broadcast to `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  tensorArg('broadcastTo', x);
  checkShape('broadcastTo', shape);
  const s = broadcastShapes('broadcastTo', x.shape, shape);
  if (!sameShape(s, shape)) throw new TensorError('broadcastTo', `cannot broadcast ${fmt(x.shape)} to ${fmt(shape)}`);
  if (sameShape(x.shape, shape)) return x;
  return stridedCopy('broadcastTo', x, shape, broadcastStrides(x.shape, shape));
}

/** A contiguous tensor of `shape` whose element at index i reads x.data at Σ i_d · strides_d (permutes, broadcasts). */
function stridedCopy(op: string, x: Tensor, shape: readonly number[], strides: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const out = allocate(x.dtype, n, op, shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) off += idx[d] * strides[d];
    out[i] = x.data[off];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}
