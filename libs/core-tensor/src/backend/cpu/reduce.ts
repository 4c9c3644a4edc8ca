import type { TypedArray } from '../../dtype.js';

/**
 * Reductions over the middle axis of a tensor viewed as [outer, len, inner]. Work is split over
 * output elements [start, end) (never over the reduced axis), so the summation order, and thus the
 * result, is the same for any number of threads.
 */
export type ReduceKernel = (x: TypedArray, out: TypedArray, len: number, inner: number, start: number, end: number) => void;

function at(o: number, inner: number, len: number): number {
  return Math.floor(o / inner) * len * inner + (o % inner);
}

export const reduceKernels = {
  sum: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let acc = 0;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) acc += x[p];
      out[o] = acc;
    }
  },
  mean: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let acc = 0;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) acc += x[p];
      out[o] = acc / len;
    }
  },
  max: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let m = -Infinity;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) if (x[p] > m || Number.isNaN(x[p])) m = x[p];
      out[o] = m;
    }
  },
  min: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let m = Infinity;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) if (x[p] < m || Number.isNaN(x[p])) m = x[p];
      out[o] = m;
    }
  },
  /** Index of the first maximum along the axis; NaN beats everything (the first NaN wins, as in PyTorch and NumPy). */
  argmax: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let m = -Infinity;
      let best = 0;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) {
        const v = x[p];
        if (v > m) { m = v; best = k; }
        else if (v !== v) { best = k; break; }
      }
      out[o] = best;
    }
  },
  argmin: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      let m = Infinity;
      let best = 0;
      for (let k = 0, p = at(o, inner, len); k < len; k++, p += inner) {
        const v = x[p];
        if (v < m) { m = v; best = k; }
        else if (v !== v) { best = k; break; }
      }
      out[o] = best;
    }
  },
  /** log Σ exp, shifted by the max so large inputs do not overflow; NaN anywhere gives NaN. */
  logsumexp: (x, out, len, inner, s, e) => {
    for (let o = s; o < e; o++) {
      const p0 = at(o, inner, len);
      let m = -Infinity;
      for (let k = 0, p = p0; k < len; k++, p += inner) if (x[p] > m || x[p] !== x[p]) { m = x[p]; if (m !== m) break; }
      if (!Number.isFinite(m)) { out[o] = m; continue; }
      let acc = 0;
      for (let k = 0, p = p0; k < len; k++, p += inner) acc += Math.exp(x[p] - m);
      out[o] = m + Math.log(acc);
    }
  },
} satisfies Record<string, ReduceKernel>;

export type ReduceOp = keyof typeof reduceKernels;
