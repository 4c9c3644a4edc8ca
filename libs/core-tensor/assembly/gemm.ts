// float32 GEMM for WebAssembly 128-bit SIMD: C'[i, j] = sum_p A'[i, p] * B'[p, j] over a tile
// [m0, m1) x [n0, n1) of C. A' and B' are read through strides (A'(i,p) = a[i*ars + p*acs]), so the
// transposed forms cost only a different packing. Goto-style blocking: a KC x cols block of B is
// packed into NR-wide panels (stays in L2), an MC x KC block of A into MR-high panels, and an MR x NR
// micro-kernel keeps 8 accumulators in registers. No allocation, no data segments: every pointer
// (operands, scratch) is given by the caller, which lets several threads share one memory.
//
// Determinism: each output element is produced by the same sequence of operations (per KC block,
// a register sum over p in order; blocks added to C in order) whatever the tile bounds, so results
// do not depend on how the caller splits C over threads.

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** Pack B'[p0 .. p0+kc) x [n0 .. n1) into NR-column panels (kc x NR each), zero-padding the last. */
function packB(b: usize, brs: i32, bcs: i32, p0: i32, kc: i32, n0: i32, n1: i32, dst: usize): void {
  for (let j0 = n0; j0 < n1; j0 += NR) {
    const w = min(NR, n1 - j0);
    if (bcs == 1 && w == NR) {
      let src = b + (<usize>(p0 * brs + j0) << 2);
      const step = <usize>brs << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
        dst += 32;
      }
    } else {
      // Column-wise: each source column j is read along p (contiguous when B is given transposed).
      for (let jj = 0; jj < NR; jj++) {
        let d = dst + (<usize>jj << 2);
        if (jj < w) {
          let src = b + (<usize>(p0 * brs + (j0 + jj) * bcs) << 2);
          const step = <usize>brs << 2;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(src));
            src += step;
            d += 32;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += 32;
          }
        }
      }
      dst += <usize>(kc * NR) << 2;
    }
  }
}

/** Pack A'[i0 .. i0+mc) x [p0 .. p0+kc) into MR-row panels (kc x MR each), zero-padding the last. */
function packA(a: usize, ars: i32, acs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let r0 = 0; r0 < mc; r0 += MR) {
    const h = min(MR, mc - r0);
    if (ars == 1 && h == MR) {
      // A given transposed: the MR values for one p are contiguous.
      let src = a + (<usize>(i0 + r0 + p0 * acs) << 2);
      const step = <usize>acs << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        src += step;
        dst += 16;
      }
    } else {
      for (let r = 0; r < MR; r++) {
        let d = dst + (<usize>r << 2);
        if (r < h) {
          let src = a + (<usize>((i0 + r0 + r) * ars + p0 * acs) << 2);
          const step = <usize>acs << 2;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(src));
            src += step;
            d += 16;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += 16;
          }
        }
      }
      dst += <usize>(kc * MR) << 2;
    }
  }
}

/** MR x NR block of C (row stride ldc bytes) = (acc ? C : 0) + packed A panel · packed B panel. */
@inline function micro(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize, acc: bool, h: i32, w: i32, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    pa += 16;
    pb += 32;
  }
  if (h == MR && w == NR) {
    if (acc) {
      v128.store(c, f32x4.add(v128.load(c), c00));
      v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
      c += ldc;
      v128.store(c, f32x4.add(v128.load(c), c10));
      v128.store(c, f32x4.add(v128.load(c, 16), c11), 16);
      c += ldc;
      v128.store(c, f32x4.add(v128.load(c), c20));
      v128.store(c, f32x4.add(v128.load(c, 16), c21), 16);
      c += ldc;
      v128.store(c, f32x4.add(v128.load(c), c30));
      v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
    } else {
      v128.store(c, c00);
      v128.store(c, c01, 16);
      c += ldc;
      v128.store(c, c10);
      v128.store(c, c11, 16);
      c += ldc;
      v128.store(c, c20);
      v128.store(c, c21, 16);
      c += ldc;
      v128.store(c, c30);
      v128.store(c, c31, 16);
    }
    return;
  }
  // Edge tile: spill to scratch, then write only the valid part (same arithmetic as above).
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  for (let r = 0; r < h; r++) {
    const row = c + <usize>r * ldc;
    const t = tmp + (<usize>(r * NR) << 2);
    for (let j = 0; j < w; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(t + o);
      store<f32>(row + o, acc ? load<f32>(row + o) + v : v);
    }
  }
}

/**
 * C'[m0..m1) x [n0..n1) = A' · B' (k inner). `ldc` is C's row stride in elements. Scratch: `pa` holds
 * MC*KC floats, `pb` KC * roundup(n1-n0, NR) floats, `tmp` MR*NR floats; all 16-byte aligned.
 */
export function gemm(
  a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, ldc: i32,
  m0: i32, m1: i32, n0: i32, n1: i32, k: i32, pa: usize, pb: usize, tmp: usize,
): void {
  const ldcb = <usize>ldc << 2;
  if (k == 0) {
    for (let i = m0; i < m1; i++) memory.fill(c + <usize>i * ldcb + (<usize>n0 << 2), 0, <usize>(n1 - n0) << 2);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    packB(b, brs, bcs, p0, kc, n0, n1, pb);
    for (let i0 = m0; i0 < m1; i0 += MC) {
      const mc = min(MC, m1 - i0);
      packA(a, ars, acs, i0, mc, p0, kc, pa);
      for (let j0 = n0; j0 < n1; j0 += NR) {
        const w = min(NR, n1 - j0);
        const pbp = pb + (<usize>((j0 - n0) * kc) << 2);
        for (let r0 = 0; r0 < mc; r0 += MR) {
          micro(pa + (<usize>(r0 * kc) << 2), pbp, kc, c + <usize>(i0 + r0) * ldcb + (<usize>j0 << 2), ldcb, p0 > 0, min(MR, mc - r0), w, tmp);
        }
      }
    }
  }
}

/** Scratch sizes (floats) the caller must provide, so JS need not duplicate the block constants. */
export function scratchA(): i32 {
  return MC * KC;
}
export function scratchB(cols: i32): i32 {
  return KC * ((cols + NR - 1) / NR) * NR;
}
