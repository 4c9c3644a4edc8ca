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

export function allocate(dtype: DType, n: number): TypedArray {
  if (sharedAllowed && n >= SHARED_ALLOC_THRESHOLD) {
    return dtype === 'float32' ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float64Array(new SharedArrayBuffer(n * 8));
  }
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

export function arrayCtor(dtype: DType): Float32ArrayConstructor | Float64ArrayConstructor {
  return dtype === 'float32' ? Float32Array : Float64Array;
}

export function dtypeOf(a: TypedArray): DType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** Result dtype of a binary op: float64 wins, as in PyTorch's type promotion for floats. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
