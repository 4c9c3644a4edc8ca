import { DescentError, describeValue, type ErrorFields } from './errors.js';
/** Shape helpers and the error type every op throws on bad shapes, axes or dtypes. */
export type Shape = readonly number[];

/** An op refused its arguments (owner: the op). */
export class TensorError extends DescentError {
  constructor(op: string, reason: string, fields: ErrorFields = {}) {
    super(op, reason, fields);
    this.name = 'TensorError';
  }
}

export const fmt = (s: Shape): string => `[${s.join(', ')}]`;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i];
  }
  return st;
}

/** A shape as given to an op: an array of non-negative integers (anything else throws naming the op). */
export function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape)) {
    throw new TensorError(op, `invalid shape ${describeValue(shape)}: a shape is an array of non-negative integers, e.g. [2, 3]`, { value: shape });
  }
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new TensorError(op, `invalid shape ${describeValue(shape)}: dimensions must be non-negative integers (dimension ${i} is ${describeValue(d)})`, { element: i, value: shape });
    }
  }
}

/** Normalize a possibly negative axis; throws naming the op and shape if out of range. */
export function normAxis(op: string, axis: number, rank: number, shape?: Shape): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new TensorError(op, `must be an integer, got ${describeValue(axis)}`, { option: 'axis', value: axis });
  }
  if (axis < -rank || axis >= rank) {
    throw new TensorError(op, `axis ${axis} is out of range for a tensor of rank ${rank}${shape ? ` (shape ${fmt(shape)})` : ''}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** NumPy broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new TensorError(op, `shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (dimension ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides for reading `shape` as if broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const st = stridesOf(shape);
  const off = outShape.length - shape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < shape.length; i++) out[i + off] = shape[i] === 1 ? 0 : st[i];
  return out;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
