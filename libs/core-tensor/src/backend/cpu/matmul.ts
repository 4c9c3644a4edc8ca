import type { TypedArray } from '../../dtype.js';

/**
 * C[b] = op(A[b]) · op(B[b]) for rows [r0, r1) of the flattened [batch·m] output rows, where op is
 * an optional transpose. Batches are given as element offsets so broadcast batch dims need no copy.
 *
 * Plain and Aᵀ forms: for each output row, a float64 accumulator row takes four rank-1 updates per
 * pass (i-p-j order streams rows of B; unrolling p by four cuts the accumulator traffic fourfold).
 * A·Bᵀ form: dot products of rows, four output columns at a time. Each output row is computed by one
 * thread in a fixed order, so results never depend on the thread count.
 */
export function matmulKernel(
  a: TypedArray, b: TypedArray, c: TypedArray,
  aOff: Int32Array | number[], bOff: Int32Array | number[],
  m: number, k: number, n: number, transA: boolean, transB: boolean,
  r0: number, r1: number,
): void {
  const acc = transB ? null : new Float64Array(n);
  // Stride between A(i, p) and A(i, p + 1), and the offset of A(i, 0) within a batch.
  const sp = transA ? m : 1;
  for (let r = r0; r < r1; r++) {
    const bi = Math.floor(r / m);
    const i = r - bi * m;
    const ai = aOff[bi] + (transA ? i : i * k);
    const bo = bOff[bi];
    const co = r * n;
    if (acc) {
      acc.fill(0);
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const x0 = a[ai + p * sp], x1 = a[ai + (p + 1) * sp], x2 = a[ai + (p + 2) * sp], x3 = a[ai + (p + 3) * sp];
        const b0 = bo + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
        for (let j = 0; j < n; j++) acc[j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
      }
      for (; p < k; p++) {
        const x = a[ai + p * sp];
        const bp = bo + p * n;
        for (let j = 0; j < n; j++) acc[j] += x * b[bp + j];
      }
      for (let j = 0; j < n; j++) c[co + j] = acc[j];
    } else {
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const q0 = bo + j * k, q1 = q0 + k, q2 = q1 + k, q3 = q2 + k;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0, ap = ai; p < k; p++, ap += sp) {
          const x = a[ap];
          s0 += x * b[q0 + p];
          s1 += x * b[q1 + p];
          s2 += x * b[q2 + p];
          s3 += x * b[q3 + p];
        }
        c[co + j] = s0;
        c[co + j + 1] = s1;
        c[co + j + 2] = s2;
        c[co + j + 3] = s3;
      }
      for (; j < n; j++) {
        const q = bo + j * k;
        let s = 0;
        for (let p = 0, ap = ai; p < k; p++, ap += sp) s += a[ap] * b[q + p];
        c[co + j] = s;
      }
    }
  }
}
