/** Element types. float64 is for gradient checks and parity; float32 is the fast default for training. */
export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'float64';
}

/** Arrays at least this long are allocated on SharedArrayBuffer (when available) so worker threads can read them without a copy. */
export const SHARED_ALLOC_THRESHOLD = 16384;

let sharedAllowed = typeof SharedArrayBuffer !== 'undefined';

/** Turn shared allocation off (e.g. a page that is not cross-origin isolated). */
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

/** A zero-filled array of n elements (shared memory for large arrays when threads may read them). */
export function allocate(dtype: DType, n: number): TypedArray {
  const width = dtype === 'float32' ? 4 : 8;
  const bytes = n * width;
  if (bytes > 64 && bytes <= SLAB_MAX_BYTES) {
    const [buf, at] = fromSlab(bytes);
    return width === 4 ? new Float32Array(buf, at, n) : new Float64Array(buf, at, n);
  }
  if (sharedAllowed && n >= SHARED_ALLOC_THRESHOLD) {
    return width === 4 ? new Float32Array(new SharedArrayBuffer(bytes)) : new Float64Array(new SharedArrayBuffer(bytes));
  }
  return width === 4 ? new Float32Array(n) : new Float64Array(n);
}

/** Result dtype of a binary op: float64 wins, as in PyTorch's type promotion for floats. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
