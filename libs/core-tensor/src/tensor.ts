import type { DType, TypedArray } from './dtype.js';
import { type Shape, TensorError, fmt, checkShape } from './shape.js';

export type NestedArray = number | NestedArray[];

/** Ranks toArray(rank) types: 0 (a number) to 4. */
export type ArrayRank = 0 | 1 | 2 | 3 | 4;
/** The nested array type of a rank: ArrayOfRank<2> is number[][]. */
export type ArrayOfRank<R extends ArrayRank> = [number, number[], number[][], number[][][], number[][][][]][R];

/** The dtype of a tensor's storage: only Float32Array and Float64Array are tensor data. */
function dtypeOfData(data: unknown): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  // A typed array from another realm (a vm context, an iframe) still carries its own name.
  const tag = ArrayBuffer.isView(data) ? (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] : undefined;
  if (tag === 'Float32Array') return 'float32';
  if (tag === 'Float64Array') return 'float64';
  const got = tag ?? (Array.isArray(data) ? 'a plain Array' : data === null ? 'null' : typeof data === 'object' ? (data.constructor?.name ?? 'an object') : typeof data);
  throw new TensorError(
    'Tensor',
    `must be a Float32Array or a Float64Array, got ${got}: convert it first (Float32Array.from(values), or fromArray(values, shape, dtype))`,
    { option: 'data', value: data },
  );
}

/**
 * An n-d array: a dtype, a shape and contiguous row-major storage. Tensors are treated as values:
 * ops never mutate their inputs, they return new tensors (kernels may write into `data` of a fresh
 * result only). Keeping storage always contiguous keeps every kernel a simple loop.
 */
export class Tensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /**
   * Contiguous row-major values. Small arrays are views into a shared slab (see allocate): copy
   * (`data.slice()`) before transferring `data.buffer` to a worker.
   */
  readonly data: TypedArray;
  readonly size: number;

  constructor(data: TypedArray, shape: Shape) {
    const dtype = dtypeOfData(data);
    if (!Array.isArray(shape)) checkShape('Tensor', shape);
    // One pass for validation and size: every op result goes through here, so keep it lean.
    let n = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      if (!(d >= 0 && Number.isInteger(d))) checkShape('Tensor', shape);
      n *= d;
    }
    if (data.length !== n) {
      throw new TensorError('Tensor', `data has ${data.length} elements but shape ${fmt(shape)} needs ${n}`);
    }
    this.data = data;
    this.shape = shape.slice();
    this.size = n;
    this.dtype = dtype;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a tensor with one element. */
  item(): number {
    if (this.size !== 1) throw new TensorError('item', `expected a tensor with one element, got shape ${fmt(this.shape)}`);
    return this.data[0];
  }

  /** Element at a full index (negative indices count from the end). */
  get(...index: number[]): number {
    if (index.length !== this.rank) {
      throw new TensorError('get', `expected ${this.rank} indices for shape ${fmt(this.shape)}, got ${index.length}`);
    }
    let off = 0;
    for (let i = 0; i < index.length; i++) {
      const d = this.shape[i];
      let k = index[i];
      if (k < 0) k += d;
      if (!Number.isInteger(k) || k < 0 || k >= d) {
        throw new TensorError('get', `index ${index[i]} out of range for dimension ${i} of shape ${fmt(this.shape)}`);
      }
      off = off * d + k;
    }
    return this.data[off];
  }

  /**
   * Nested JS arrays (a number for a scalar). Give the rank to get a type one can index, checked at run time:
   * `t.toArray(2)[i][j]` is a number, and a tensor of another rank throws naming its shape.
   */
  toArray(): NestedArray;
  toArray<R extends ArrayRank>(rank: R): ArrayOfRank<R>;
  toArray(rank?: ArrayRank): NestedArray {
    if (rank !== undefined && rank !== this.rank) {
      throw new TensorError('toArray', `is ${rank}, but the tensor has shape ${fmt(this.shape)} (rank ${this.rank})`, { option: 'rank', value: rank });
    }
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.rank) return this.data[off];
      const n = this.shape[dim];
      let stride = 1;
      for (let i = dim + 1; i < this.rank; i++) stride *= this.shape[i];
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, off + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /** Flat copy as a plain number array. */
  toFlat(): number[] {
    return Array.from(this.data);
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${fmt(this.shape)})`;
  }
}
