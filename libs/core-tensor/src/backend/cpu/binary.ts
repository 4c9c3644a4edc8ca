import type { TypedArray } from '../../dtype.js';

/**
 * Binary kernels with NumPy broadcasting. `as`/`bs` are the inputs' strides against the output
 * shape (0 on broadcast axes). Work is split over output elements [start, end), so any split gives
 * bit-identical results.
 */
export type BinaryKernel = (
  a: TypedArray, b: TypedArray, out: TypedArray, shape: readonly number[], as: readonly number[], bs: readonly number[], start: number, end: number,
) => void;

type Scalar2 = (x: number, y: number) => number;

// One generated loop per op keeps the inner loop monomorphic (see unary.ts).
function make(f: Scalar2): BinaryKernel {
  return (a, b, out, shape, as, bs, start, end) => {
    const rank = shape.length;
    const inner = rank === 0 ? 1 : shape[rank - 1];
    const sa = rank === 0 ? 0 : as[rank - 1];
    const sb = rank === 0 ? 0 : bs[rank - 1];
    // Fast path: contiguous, same layout for both.
    if (isContiguous(shape, as) && isContiguous(shape, bs)) {
      for (let i = start; i < end; i++) out[i] = f(a[i], b[i]);
      return;
    }
    const idx = new Array<number>(rank).fill(0);
    let rem = start;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
    }
    let i = start;
    while (i < end) {
      let ao = 0;
      let bo = 0;
      for (let d = 0; d < rank - 1; d++) {
        ao += idx[d] * as[d];
        bo += idx[d] * bs[d];
      }
      const j0 = rank === 0 ? 0 : idx[rank - 1];
      const stop = Math.min(end - i + j0, inner);
      ao += j0 * sa;
      bo += j0 * sb;
      for (let j = j0; j < stop; j++, i++, ao += sa, bo += sb) out[i] = f(a[ao], b[bo]);
      if (rank === 0) break;
      idx[rank - 1] = 0;
      for (let d = rank - 2; d >= 0; d--) {
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
      }
    }
  };
}

function isContiguous(shape: readonly number[], st: readonly number[]): boolean {
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && st[d] !== acc) return false;
    acc *= shape[d];
  }
  return true;
}

export const binaryKernels = {
  add: make((x, y) => x + y),
  sub: make((x, y) => x - y),
  mul: make((x, y) => x * y),
  div: make((x, y) => x / y),
  pow: make((x, y) => Math.pow(x, y)),
  maximum: make((x, y) => (x >= y || Number.isNaN(x) ? x : y)),
  minimum: make((x, y) => (x <= y || Number.isNaN(x) ? x : y)),
  eq: make((x, y) => (x === y ? 1 : 0)),
  ne: make((x, y) => (x !== y ? 1 : 0)),
  lt: make((x, y) => (x < y ? 1 : 0)),
  le: make((x, y) => (x <= y ? 1 : 0)),
  gt: make((x, y) => (x > y ? 1 : 0)),
  ge: make((x, y) => (x >= y ? 1 : 0)),
  // Activation gradients fused into one pass (x: the activation's output, or input for relu; y: upstream grad).
  tanhGrad: make((x, y) => y * (1 - x * x)),
  sigmoidGrad: make((x, y) => y * (x * (1 - x))),
  reluGrad: make((x, y) => (x > 0 ? y : 0)),
} satisfies Record<string, BinaryKernel>;

export type BinaryOp = keyof typeof binaryKernels;
