import type { TypedArray } from '../../dtype.js';
import { unaryKernels, type UnaryOp } from '../cpu/unary.js';
import { binaryKernels, type BinaryOp } from '../cpu/binary.js';
import { reduceKernels, type ReduceOp } from '../cpu/reduce.js';
import { matmulKernel } from '../cpu/matmul.js';

/** A slice of one kernel call, as sent to a worker. The same function runs it on the main thread. */
export type Job =
  | { kind: 'unary'; op: UnaryOp; x: TypedArray; out: TypedArray; p: number; q: number; start: number; end: number }
  | { kind: 'binary'; op: BinaryOp; a: TypedArray; b: TypedArray; out: TypedArray; shape: readonly number[]; as: readonly number[]; bs: readonly number[]; start: number; end: number }
  | { kind: 'reduce'; op: ReduceOp; x: TypedArray; out: TypedArray; len: number; inner: number; start: number; end: number }
  | { kind: 'matmul'; a: TypedArray; b: TypedArray; c: TypedArray; aOff: Int32Array; bOff: Int32Array; m: number; k: number; n: number; tA: boolean; tB: boolean; start: number; end: number };

export function runJob(j: Job): void {
  switch (j.kind) {
    case 'unary': return unaryKernels[j.op](j.x, j.out, j.start, j.end, j.p, j.q);
    case 'binary': return binaryKernels[j.op](j.a, j.b, j.out, j.shape, j.as, j.bs, j.start, j.end);
    case 'reduce': return reduceKernels[j.op](j.x, j.out, j.len, j.inner, j.start, j.end);
    case 'matmul': return matmulKernel(j.a, j.b, j.c, j.aOff, j.bOff, j.m, j.k, j.n, j.tA, j.tB, j.start, j.end);
  }
}
