import type { TypedArray } from '../../dtype.js';
import type { BinaryOp } from './binary.js';

/**
 * Binary kernels for the broadcast patterns training hits (same shape, scalar, row or column
 * broadcast), each op its own loop. The general kernels in binary.ts share one loop that calls the op through a
 * closure; V8 then sees many closures at one call site, stops inlining, and mul/gt cost 12–16 ns per
 * element instead of ~1. Same arithmetic per element as backend/cpu/binary.ts, so same results.
 *
 * The output is viewed as [rows, cols]; operand element (r, j) is at r*xr + j*xc with xc ∈ {0, 1}.
 */
type Kernel2D = (a: TypedArray, b: TypedArray, o: TypedArray, rows: number, cols: number, ar: number, ac: number, br: number, bc: number) => void;

const kernels: Partial<Record<BinaryOp, Kernel2D>> = {
  add: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] + b[y];
  },
  sub: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] - b[y];
  },
  mul: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] * b[y];
  },
  div: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] / b[y];
  },
  maximum: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) {
      for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) {
        const u = a[x], v = b[y];
        o[i] = u >= v || u !== u ? u : v;
      }
    }
  },
  minimum: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) {
      for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) {
        const u = a[x], v = b[y];
        o[i] = u <= v || u !== u ? u : v;
      }
    }
  },
  gt: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] > b[y] ? 1 : 0;
  },
  ge: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] >= b[y] ? 1 : 0;
  },
  lt: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] < b[y] ? 1 : 0;
  },
  le: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] <= b[y] ? 1 : 0;
  },
  eq: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] === b[y] ? 1 : 0;
  },
  ne: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] !== b[y] ? 1 : 0;
  },
};

// Activation gradients (a = the activation's output, or its input for relu; b = upstream grad).
Object.assign(kernels, {
  tanhGrad: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = b[y] * (1 - a[x] * a[x]);
  },
  sigmoidGrad: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = b[y] * (a[x] * (1 - a[x]));
  },
  reluGrad: (a, b, o, rows, cols, ar, ac, br, bc) => {
    for (let r = 0, i = 0; r < rows; r++) for (let j = 0, x = r * ar, y = r * br; j < cols; j++, i++, x += ac, y += bc) o[i] = a[x] > 0 ? b[y] : 0;
  },
} satisfies Partial<Record<BinaryOp, Kernel2D>>);

const view = new Int32Array(6); // rows, cols, ar, ac, br, bc (reused: no allocation per call)

/**
 * Collapse (shape, as, bs) to at most two dimensions: drop size-1 axes, merge neighbours that are
 * contiguous for both operands. False when the pattern needs more than two axes or a non-unit
 * inner stride (those go to the general cpu kernel).
 */
function collapse(shape: readonly number[], as: readonly number[], bs: readonly number[]): boolean {
  let n = 0; // collapsed axes so far, stored outer..inner in dims/sa/sb
  let d0 = 1, d1 = 1, a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d];
    if (s === 1) continue;
    const sa = as[d], sb = bs[d];
    if (n > 0 && a1 === sa * s && b1 === sb * s) {
      // merge into the current inner axis
      d1 *= s;
      a1 = sa;
      b1 = sb;
      continue;
    }
    if (n === 2) return false;
    d0 = d1; a0 = a1; b0 = b1;
    d1 = s; a1 = sa; b1 = sb;
    n++;
  }
  if (n < 2) { d0 = 1; a0 = 0; b0 = 0; }
  if ((a1 !== 0 && a1 !== 1) || (b1 !== 0 && b1 !== 1)) return false;
  view[0] = d0; view[1] = d1; view[2] = a0; view[3] = a1; view[4] = b0; view[5] = b1;
  return true;
}

/** Runs op through a specialized loop when the pattern allows; false means "use the cpu kernel". */
export function fastBinary(op: BinaryOp, a: TypedArray, b: TypedArray, out: TypedArray, shape: readonly number[], as: readonly number[], bs: readonly number[]): boolean {
  const k = kernels[op];
  if (!k || !collapse(shape, as, bs)) return false;
  k(a, b, out, view[0], view[1], view[2], view[3], view[4], view[5]);
  return true;
}
