import { TensorError, fmt, type Shape } from './shape.js';

/** Element types. float64 is for gradient checks and parity; float32 is the fast default for training. */
export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'float64';
}

/** Arrays at least this long are allocated on SharedArrayBuffer (when available) so worker threads can read them without a copy. */
export const SHARED_ALLOC_THRESHOLD = 16384;

// Off by default: the default (wasm) backend copies operands into its own memory, and SharedArrayBuffers are
// much slower to allocate and are released late by the GC. createThreadBackend turns it on: its workers read
// tensors in place.
let sharedAllowed = false;

/** Allocate arrays of SHARED_ALLOC_THRESHOLD elements or more on SharedArrayBuffer (on: where available). */
export function setSharedAllocation(on: boolean): void {
  sharedAllowed = on && typeof SharedArrayBuffer !== 'undefined';
}

/**
 * Small arrays are carved out of 64 KB slabs: V8 gives every typed array above 64 bytes its own
 * off-heap backing store, which costs ~10x more than a view on an existing buffer, and tiny models
 * allocate thousands of such arrays per second. Regions are never reused, so they start zeroed; a
 * slab is collected once no view on it is alive.
 */
const SLAB_BYTES = 1 << 16;
const SLAB_MAX_BYTES = 4096;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabOffset = 0;

function fromSlab(bytes: number): [ArrayBuffer, number] {
  const size = (bytes + 7) & ~7; // keep Float64Array views 8-byte aligned
  if (slabOffset + size > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const at = slabOffset;
  slabOffset += size;
  return [slab, at];
}

/**
 * Largest tensor an op allocates: 4 GiB of elements (1,073,741,824 float32 or 536,870,912 float64 values).
 * Beyond it an op throws a TensorError naming itself, the shape and the bytes needed, instead of the engine's
 * bare "Array buffer allocation failed" (or a machine that swaps until it is killed).
 */
export const MAX_TENSOR_BYTES = 2 ** 32;

/** Bytes per element of a dtype. */
export const bytesPerElement = (dtype: DType): number => (dtype === 'float32' ? 4 : 8);

/** A byte count for messages (decimal units): 40000000000 → "40.0 GB (40000000000 bytes)". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${bytes} bytes` : `${v.toFixed(1)} ${units[u]} (${bytes} bytes)`;
}

function sizeProblem(dtype: DType, n: number, op: string, shape: Shape | undefined): TensorError {
  const where = shape ? `shape ${fmt(shape)}` : `${n} elements`;
  if (!(n >= 0) || !Number.isInteger(n)) return new TensorError(op, `cannot allocate ${where}: the element count must be a non-negative integer, got ${n}`, { value: n });
  const bytes = n * bytesPerElement(dtype);
  return new TensorError(
    op,
    `${where} needs ${n} ${dtype} elements = ${formatBytes(bytes)}, above the limit of ${formatBytes(MAX_TENSOR_BYTES)} per tensor (MAX_TENSOR_BYTES)`,
    { value: shape ?? n },
  );
}

/**
 * A zero-filled array of n elements (shared memory for large arrays when threads may read them). `op` and
 * `shape` name the caller in the TensorError thrown for a size that is not a count or above MAX_TENSOR_BYTES.
 */
export function allocate(dtype: DType, n: number, op = 'allocate', shape?: Shape): TypedArray {
  const width = dtype === 'float32' ? 4 : 8;
  const bytes = n * width;
  if (bytes > 64 && bytes <= SLAB_MAX_BYTES) {
    const [buf, at] = fromSlab(bytes);
    return width === 4 ? new Float32Array(buf, at, n) : new Float64Array(buf, at, n);
  }
  if (!(bytes <= MAX_TENSOR_BYTES && n >= 0 && Number.isInteger(n))) throw sizeProblem(dtype, n, op, shape);
  try {
    if (sharedAllowed && n >= SHARED_ALLOC_THRESHOLD) {
      return width === 4 ? new Float32Array(new SharedArrayBuffer(bytes)) : new Float64Array(new SharedArrayBuffer(bytes));
    }
    return width === 4 ? new Float32Array(n) : new Float64Array(n);
  } catch (e) {
    // Within the limit but more than the machine has free.
    throw new TensorError(op, `${shape ? `shape ${fmt(shape)}` : `${n} elements`} needs ${formatBytes(bytes)}, which could not be allocated (${(e as Error).message})`, { value: shape ?? n, cause: e });
  }
}

/** Result dtype of a binary op: float64 wins, as in PyTorch's type promotion for floats. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
