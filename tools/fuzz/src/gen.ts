import fc from 'fast-check';
import { MAX_TENSOR_BYTES, type DType, type Tensor } from '@descent/core-tensor';
import { check } from './outcome.js';

// Shared generators (shapes, values, junk) and float64 references for the checks.

/** Values that are not what an argument wants: the usual suspects of a bad call. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.constant(-Infinity),
  fc.constant(-1),
  fc.constant(2.5),
  fc.constant(1e9),
  fc.constant(-0),
  fc.constant(''),
  fc.constant('3'),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 6 }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
  fc.bigInt({ min: -5n, max: 5n }),
);

export const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom('float32', 'float64');

/** A small shape: rank 0–3, dimensions 0–4. */
export const shapeArb = (maxRank = 3, minDim = 0, maxDim = 4): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: minDim, max: maxDim }), { maxLength: maxRank });

/** Shapes that are not shapes, or ask for far too much memory. */
export const badShapeArb: fc.Arbitrary<unknown> = fc.oneof(
  junk,
  fc.constant([1e5, 1e5]),
  fc.constant([1e6, 1e6, 1e6]),
  fc.constant([-1, 3]),
  fc.constant([2, 2.5]),
  fc.constant([2, NaN]),
  fc.constant([Infinity]),
  fc.constant(['2', 3]),
  fc.constant([2 ** 31, 2 ** 31]),
);

export const finite = (min = -10, max = 10): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** n finite values, with some exact zeros, integers and large magnitudes mixed in. */
export const valuesArb = (n: number, scale = 10): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: finite(-scale, scale) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 2) }), { minLength: n, maxLength: n });

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0);

export const fits = (shape: readonly number[], dtype: DType = 'float32'): boolean => sizeOf(shape) * (dtype === 'float32' ? 4 : 8) <= MAX_TENSOR_BYTES;

export const isDtypeArg = (d: unknown): boolean => d === undefined || d === 'float32' || d === 'float64';

export const stridesOf = (shape: readonly number[]): number[] => {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i];
  }
  return st;
};

/** Every multi-index of a shape, row-major. */
export function* indices(shape: readonly number[]): Generator<number[]> {
  const n = sizeOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    yield [...idx];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

/** Offset of a multi-index read from a tensor of `shape` broadcast to the index's rank (NumPy rules). */
export function broadcastOffset(index: readonly number[], shape: readonly number[]): number {
  const st = stridesOf(shape);
  const lead = index.length - shape.length;
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += (shape[d] === 1 ? 0 : index[d + lead]) * st[d];
  return off;
}

/** NumPy broadcast of two shapes, or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export const round = (v: number, dtype: DType): number => (dtype === 'float32' ? Math.fround(v) : v);

/** Distance between adjacent float32 values at |x|. */
function ulp32(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * got ≈ ref: NaN matches NaN, infinities match exactly; float64 within rtol (plus atol), float32 within
 * `ulps` float32 units of fround(ref) (plus atol).
 */
export function close(got: number, ref: number, dtype: DType, tol: { rtol?: number; ulps?: number; atol?: number } = {}): boolean {
  if (Number.isNaN(ref)) return Number.isNaN(got);
  if (!Number.isFinite(ref)) return got === round(ref, dtype);
  if (!Number.isFinite(got)) return dtype === 'float32' && !Number.isFinite(Math.fround(ref)) && got === Math.fround(ref);
  const atol = tol.atol ?? 0;
  if (dtype === 'float64') return Math.abs(got - ref) <= atol + (tol.rtol ?? 1e-12) * Math.abs(ref);
  const e = Math.fround(ref);
  if (!Number.isFinite(e)) return got === e;
  return Math.abs(got - e) <= atol + (tol.ulps ?? 2) * ulp32(e);
}

/** Check every element of t against the reference values. */
export function expectValues(t: Tensor, ref: ArrayLike<number>, what: string, tol: Parameters<typeof close>[3] = {}): void {
  check(t.size === ref.length, () => `${what}: ${t.size} values, expected ${ref.length}`);
  for (let i = 0; i < ref.length; i++) {
    if (!close(t.data[i], ref[i], t.dtype, tol)) check(false, `${what}: element ${i} is ${t.data[i]}, expected ${ref[i]} (${t.dtype})`);
  }
}

export function expectShape(t: Tensor, shape: readonly number[], what: string): void {
  check(sameShape(t.shape, shape), () => `${what}: shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
}

export function expectFinite(t: Tensor, what: string): void {
  for (let i = 0; i < t.size; i++) check(Number.isFinite(t.data[i]), () => `${what}: element ${i} is ${t.data[i]} (non-finite from finite input)`);
}

/** A short description of a value for a case's `what` (never a megabyte). */
export function show(v: unknown, max = 60): string {
  try {
    return showValue(v, max);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function showValue(v: unknown, max: number): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  else if (typeof v === 'number') s = Object.is(v, -0) ? '-0' : String(v);
  else if (typeof v === 'bigint') s = `${v}n`;
  else if (v === undefined) s = 'undefined';
  else if (typeof v === 'function') s = 'fn';
  else if (ArrayBuffer.isView(v)) s = `${(v as object).constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  else if (Array.isArray(v)) s = `[${v.slice(0, 6).map((x) => show(x, 12)).join(', ')}${v.length > 6 ? `, …${v.length}` : ''}]`;
  else if (v instanceof Error) s = `${v.name}(${v.message})`;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
