import type { TypedArray } from '../dtype.js';
import type { UnaryOp } from './cpu/unary.js';
import type { BinaryOp } from './cpu/binary.js';
import type { ReduceOp } from './cpu/reduce.js';

/**
 * What a backend must provide: a handful of kernels over flat typed arrays. Public ops (ops/*.ts)
 * check shapes, allocate results and call these; gradients live in @descent/autodiff. A backend
 * decides only *how* to run a kernel (here: on one thread, or split over a worker pool).
 */
export interface Backend {
  readonly name: string;
  /** Number of threads a large kernel is spread over (1 for the plain backend). */
  readonly threads: number;
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, p: number, q: number): void;
  binary(op: BinaryOp, a: TypedArray, b: TypedArray, out: TypedArray, shape: readonly number[], as: readonly number[], bs: readonly number[]): void;
  reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, len: number, inner: number): void;
  matmul(
    a: TypedArray, b: TypedArray, c: TypedArray, aOff: Int32Array, bOff: Int32Array,
    batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean,
  ): void;
  dispose?(): void;
}

/** A backend that owns workers or memory: dispose() releases them (createThreadBackend, createWasmBackend). */
export interface PooledBackend extends Backend {
  dispose(): void;
}
