import { Tensor, type NestedArray } from '../tensor.js';
import { type DType, allocate, isDType } from '../dtype.js';
import { type Shape, TensorError, sizeOf, checkShape, fmt } from '../shape.js';
import { Rng } from '../random.js';

function dt(op: string, d: unknown): DType {
  if (d === undefined) return 'float32';
  if (!isDType(d)) throw new TensorError(op, `unknown dtype ${JSON.stringify(d)} (expected 'float32' or 'float64')`);
  return d;
}

export function full(shape: Shape, value: number, dtype?: DType): Tensor {
  checkShape('full', shape);
  const data = allocate(dt('full', dtype), sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape);
}
export const zeros = (shape: Shape, dtype?: DType): Tensor => full(shape, 0, dtype);
export const ones = (shape: Shape, dtype?: DType): Tensor => full(shape, 1, dtype);
export const zerosLike = (t: Tensor): Tensor => full(t.shape, 0, t.dtype);
export const onesLike = (t: Tensor): Tensor => full(t.shape, 1, t.dtype);
export const scalar = (value: number, dtype?: DType): Tensor => full([], value, dtype);

/** A tensor from flat values and a shape. */
export function fromArray(values: ArrayLike<number>, shape: Shape, dtype?: DType): Tensor {
  checkShape('fromArray', shape);
  const n = sizeOf(shape);
  if (values.length !== n) throw new TensorError('fromArray', `${values.length} values do not fill shape ${fmt(shape)} (${n} elements)`);
  const data = allocate(dt('fromArray', dtype), n);
  for (let i = 0; i < n; i++) data[i] = values[i];
  return new Tensor(data, shape);
}

/** A tensor from nested arrays (or a number for a scalar); ragged input is an error. */
export function tensor(values: NestedArray, dtype?: DType): Tensor {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  const flat: number[] = [];
  const walk = (x: NestedArray, d: number, path: string): void => {
    if (d === shape.length) {
      if (typeof x !== 'number') throw new TensorError('tensor', `ragged nested array at ${path || 'root'}: expected a number`);
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new TensorError('tensor', `ragged nested array at ${path || 'root'}: expected ${shape[d]} elements, got ${Array.isArray(x) ? x.length : 'a number'}`);
    }
    x.forEach((y, i) => walk(y, d + 1, `${path}[${i}]`));
  };
  walk(values, 0, '');
  return fromArray(flat, shape, dtype);
}

export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (!(step !== 0 && Number.isFinite(step))) throw new TensorError('arange', `step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocate(dt('arange', dtype), n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

export function eye(n: number, m = n, dtype?: DType): Tensor {
  const t = zeros([n, m], dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

export interface RandomOptions {
  /** A seed, or a generator to continue from (to draw several tensors from one stream). */
  seed?: number;
  rng?: Rng;
  dtype?: DType;
}

const rngOf = (o: RandomOptions): Rng => o.rng ?? new Rng(o.seed ?? 0);

export function uniform(shape: Shape, low = 0, high = 1, opts: RandomOptions = {}): Tensor {
  if (!(low <= high)) throw new TensorError('uniform', `low (${low}) must be <= high (${high})`);
  const t = zeros(shape, opts.dtype);
  const r = rngOf(opts);
  for (let i = 0; i < t.size; i++) t.data[i] = r.uniform(low, high);
  return t;
}
export const rand = (shape: Shape, opts: RandomOptions = {}): Tensor => uniform(shape, 0, 1, opts);

export function randn(shape: Shape, opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const t = zeros(shape, opts.dtype);
  const r = rngOf(opts);
  for (let i = 0; i < t.size; i++) t.data[i] = r.normal(opts.mean ?? 0, opts.std ?? 1);
  return t;
}

/** Same values in another dtype (a copy even when the dtype is unchanged). */
export function cast(x: Tensor, dtype: DType): Tensor {
  const data = allocate(dt('cast', dtype), x.size);
  data.set(x.data);
  return new Tensor(data, x.shape);
}
export const clone = (x: Tensor): Tensor => cast(x, x.dtype);
