import { Tensor, type NestedArray } from '../tensor.js';
import { type DType, allocate, isDType } from '../dtype.js';
import { type Shape, TensorError, sizeOf, checkShape, fmt } from '../shape.js';
import { describeValue, notATensor } from '../errors.js';
import { Rng } from '../random.js';

function dt(op: string, d: unknown): DType {
  if (d === undefined) return 'float32';
  if (!isDType(d)) throw new TensorError(op, `unknown dtype ${describeValue(d)} (expected 'float32' or 'float64')`, { value: d });
  return d;
}

function tensorArg(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TensorError(op, notATensor(op, t), { value: t });
  return t;
}

/** A checked shape, filled with `value` (the shape is checked and the size bounded before anything is allocated). */
function filled(op: string, shape: Shape, value: number, dtype: unknown): Tensor {
  checkShape(op, shape);
  if (typeof value !== 'number') throw new TensorError(op, `is not a number: ${describeValue(value)}`, { option: 'value', value });
  const data = allocate(dt(op, dtype), sizeOf(shape), op, shape);
  // Allocation gives +0: fill for any other value, -0 included (full([], -0) is -0, as in PyTorch).
  if (!Object.is(value, 0)) data.fill(value);
  return new Tensor(data, shape);
}

export const full = (shape: Shape, value: number, dtype?: DType): Tensor => filled('full', shape, value, dtype);
export const zeros = (shape: Shape, dtype?: DType): Tensor => filled('zeros', shape, 0, dtype);
export const ones = (shape: Shape, dtype?: DType): Tensor => filled('ones', shape, 1, dtype);
export const zerosLike = (t: Tensor): Tensor => filled('zerosLike', tensorArg('zerosLike', t).shape, 0, t.dtype);
export const onesLike = (t: Tensor): Tensor => filled('onesLike', tensorArg('onesLike', t).shape, 1, t.dtype);
export const scalar = (value: number, dtype?: DType): Tensor => filled('scalar', [], value, dtype);

const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/**
 * A tensor from flat values and a shape. Every value must be a number (NaN and ±Infinity included):
 * strings, booleans, null and the like are refused with their index, never coerced.
 */
export function fromArray(values: ArrayLike<number>, shape: Shape, dtype?: DType): Tensor {
  if (!isArrayLike(values)) {
    throw new TensorError('fromArray', `must be an array (or typed array) of numbers, got ${describeValue(values)}`, { option: 'values', value: values });
  }
  checkShape('fromArray', shape);
  const n = sizeOf(shape);
  if (values.length !== n) throw new TensorError('fromArray', `${values.length} values do not fill shape ${fmt(shape)} (${n} elements)`);
  const type = dt('fromArray', dtype);
  if (!(values instanceof Float32Array || values instanceof Float64Array)) {
    for (let i = 0; i < n; i++) {
      const v = (values as ArrayLike<unknown>)[i];
      if (typeof v !== 'number') {
        throw new TensorError('fromArray', `is ${describeValue(v)} (${v === null ? 'null' : typeof v}), expected a number: tensors hold numbers only`, { option: 'values', element: i, value: v });
      }
    }
  }
  const data = allocate(type, n, 'fromArray', shape);
  data.set(values);
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
      if (Array.isArray(x)) throw new TensorError('tensor', `ragged nested array at ${path || 'root'}: expected a number`);
      if (typeof x !== 'number') throw new TensorError('tensor', `element ${path || '(root)'} is ${describeValue(x)}, expected a number`, { value: x });
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new TensorError('tensor', `ragged nested array at ${path || 'root'}: expected ${shape[d]} elements, got ${Array.isArray(x) ? x.length : typeof x === 'number' ? 'a number' : describeValue(x)}`);
    }
    x.forEach((y, i) => walk(y, d + 1, `${path}[${i}]`));
  };
  walk(values, 0, '');
  return fromArray(flat, shape, dtype);
}

/** Values start, start + step, … below stop (above it for a negative step), as NumPy's arange. */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [name, v] of [['start', start], ['stop', stop]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TensorError('arange', `must be a finite number, got ${describeValue(v)}`, { option: name, value: v });
  }
  if (typeof step !== 'number' || !(step !== 0 && Number.isFinite(step))) throw new TensorError('arange', `step must be a finite non-zero number, got ${describeValue(step)}`, { value: step });
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocate(dt('arange', dtype), n, 'arange', [n]);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/** The n × m identity (ones on the diagonal). */
export function eye(n: number, m = n, dtype?: DType): Tensor {
  const t = filled('eye', [n, m], 0, dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

export interface RandomOptions {
  /** A seed, or a generator to continue from (to draw several tensors from one stream). */
  seed?: number;
  rng?: Rng;
  dtype?: DType;
}

function rngOf(op: string, o: unknown): Rng {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TensorError(op, `options must be an object { seed?, rng?, dtype? }, got ${describeValue(o)}`, { value: o });
  const { rng, seed } = o as RandomOptions;
  if (rng !== undefined) {
    if (!(rng instanceof Rng)) throw new TensorError(op, `must be an Rng, got ${describeValue(rng)}`, { option: 'rng', value: rng });
    return rng;
  }
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) throw new TensorError(op, `must be a finite number, got ${describeValue(seed)}`, { option: 'seed', value: seed });
  return new Rng(seed ?? 0);
}

function finiteArg(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TensorError(op, `must be a finite number, got ${describeValue(v)}`, { option: name, value: v });
  return v;
}

/** Largest finite value of each dtype. */
const DTYPE_MAX: Record<DType, number> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

function uniformIn(op: string, shape: Shape, low: number, high: number, opts: RandomOptions): Tensor {
  finiteArg(op, 'low', low);
  finiteArg(op, 'high', high);
  if (!(low <= high)) throw new TensorError(op, `low (${low}) must be <= high (${high})`);
  const r = rngOf(op, opts);
  const type = dt(op, opts.dtype);
  if (!Number.isFinite(high - low)) throw new TensorError(op, `the range high − low (${high} − ${low}) overflows: it must be a finite number`, { value: high });
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (Math.abs(v) > DTYPE_MAX[type]) throw new TensorError(op, `is ${v}, beyond the ${type} range (±${DTYPE_MAX[type]})`, { option: name, value: v });
  }
  const t = filled(op, shape, 0, type);
  for (let i = 0; i < t.size; i++) t.data[i] = r.uniform(low, high);
  return t;
}

/** Uniform samples in [low, high). */
export const uniform = (shape: Shape, low = 0, high = 1, opts: RandomOptions = {}): Tensor => uniformIn('uniform', shape, low, high, opts);
/** Uniform samples in [0, 1). */
export const rand = (shape: Shape, opts: RandomOptions = {}): Tensor => uniformIn('rand', shape, 0, 1, opts);

/** Normal samples with the given mean (default 0) and standard deviation (default 1, must be >= 0). */
export function randn(shape: Shape, opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const r = rngOf('randn', opts);
  const mean = finiteArg('randn', 'mean', opts.mean ?? 0);
  const std = finiteArg('randn', 'std', opts.std ?? 1);
  if (std < 0) throw new TensorError('randn', `must be at least 0, got ${describeValue(std)}`, { option: 'std', value: std });
  // Box–Muller on 53-bit uniforms never goes beyond 8.6 standard deviations: within the range, every sample is finite.
  const type = dt('randn', opts.dtype);
  if (!(Math.abs(mean) + 9 * std <= DTYPE_MAX[type])) {
    throw new TensorError('randn', `mean ${mean} and std ${std} reach beyond the ${type} range (±${DTYPE_MAX[type]}): |mean| + 9·std must stay within it`, { value: std });
  }
  const t = filled('randn', shape, 0, type);
  for (let i = 0; i < t.size; i++) t.data[i] = r.normal(mean, std);
  return t;
}

/** Same values in another dtype (a copy even when the dtype is unchanged). */
export function cast(x: Tensor, dtype: DType): Tensor {
  tensorArg('cast', x);
  const data = allocate(dt('cast', dtype), x.size, 'cast', x.shape);
  data.set(x.data);
  return new Tensor(data, x.shape);
}
export const clone = (x: Tensor): Tensor => cast(tensorArg('clone', x), x.dtype);
