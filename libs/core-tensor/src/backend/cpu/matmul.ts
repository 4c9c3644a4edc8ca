import type { TypedArray } from '../../dtype.js';

/**
 * C[b] = op(A[b]) · op(B[b]) for rows [r0, r1) of the flattened [batch·m] output rows, where op is
 * an optional transpose. Batches are given as element offsets so broadcast batch dims need no copy.
 * Loop order i-p-j streams rows of B and C (cache-friendly); the transposed-B form uses dot products
 * of rows. Each output row is computed by one thread with a fixed order: results never depend on
 * the thread count.
 */
export function matmulKernel(
  a: TypedArray, b: TypedArray, c: TypedArray,
  aOff: Int32Array | number[], bOff: Int32Array | number[],
  m: number, k: number, n: number, transA: boolean, transB: boolean,
  r0: number, r1: number,
): void {
  for (let r = r0; r < r1; r++) {
    const bi = Math.floor(r / m);
    const i = r - bi * m;
    const ao = aOff[bi];
    const bo = bOff[bi];
    const co = r * n;
    if (!transB) {
      for (let j = 0; j < n; j++) c[co + j] = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
        const bp = bo + p * n;
        for (let j = 0; j < n; j++) c[co + j] += av * b[bp + j];
      }
    } else {
      for (let j = 0; j < n; j++) {
        const bp = bo + j * k;
        let acc = 0;
        if (transA) for (let p = 0; p < k; p++) acc += a[ao + p * m + i] * b[bp + p];
        else {
          const ap = ao + i * k;
          for (let p = 0; p < k; p++) acc += a[ap + p] * b[bp + p];
        }
        c[co + j] = acc;
      }
    }
  }
}
