import { describe, it, expect, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from './wasm-backend.js';
import { cpuBackend } from '../cpu/cpu-backend.js';
import type { Backend } from '../backend.js';

const rand = (n: number, seed: number): Float32Array => {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
};

function run(be: Backend, m: number, k: number, n: number, tA: boolean, tB: boolean, batch = 1): Float32Array {
  const a = rand(batch * m * k, m * 7 + k), b = rand(batch * k * n, n * 13 + k);
  const c = new Float32Array(batch * m * n).fill(NaN);
  const aOff = Int32Array.from({ length: batch }, (_, i) => i * m * k);
  const bOff = Int32Array.from({ length: batch }, (_, i) => i * k * n);
  be.matmul(a, b, c, aOff, bOff, batch, m, k, n, tA, tB);
  return c;
}

const forms: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
// Edge sizes around the 4x8 micro-tile, the 256 k-block and the 128 row block.
const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 8, 8], [17, 33, 9], [64, 300, 40], [130, 257, 67], [33, 0, 12]];

describe('wasm backend (float32 SIMD gemm)', () => {
  const backends: Backend[] = [];
  afterAll(() => backends.forEach((b) => b.dispose?.()));

  it('matches the JS kernel on every transpose form and edge shape', async () => {
    const be = await createWasmBackend({ threads: 1, minWasmWork: 0 });
    backends.push(be);
    for (const [m, k, n] of shapes) {
      for (const [tA, tB] of forms) {
        const got = run(be, m, k, n, tA, tB), want = run(cpuBackend, m, k, n, tA, tB);
        for (let i = 0; i < want.length; i++) {
          expect(Math.abs(got[i] - want[i]), `${m}x${k}x${n} tA=${tA} tB=${tB} at ${i}`).toBeLessThanOrEqual(1e-5 * (1 + Math.sqrt(k)));
        }
      }
    }
    // batched call with per-batch offsets
    const got = run(be, 5, 9, 11, false, true, 3), want = run(cpuBackend, 5, 9, 11, false, true, 3);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
  });

  it('gives bit-identical results on 1 and 2 threads, and float64 stays on the exact JS kernel', async () => {
    const one = await createWasmBackend({ threads: 1, minWasmWork: 0 });
    const two = await createWasmBackend({ threads: 2, minWasmWork: 0, minWorkPerThread: 1 });
    backends.push(one, two);
    expect(two.threads).toBe(2);
    for (const [m, k, n] of [[130, 257, 67], [40, 64, 300], [256, 512, 128]] as const) {
      for (const [tA, tB] of forms) {
        expect(run(two, m, k, n, tA, tB)).toEqual(run(one, m, k, n, tA, tB));
      }
    }
    const a = Float64Array.from(rand(12, 1)), b = Float64Array.from(rand(12, 2));
    const c1 = new Float64Array(9), c2 = new Float64Array(9), o = new Int32Array(1);
    two.matmul(a, b, c1, o, o, 1, 3, 4, 3, false, false);
    cpuBackend.matmul(a, b, c2, o, o, 1, 3, 4, 3, false, false);
    expect(c1).toEqual(c2);
  });

  it('on one thread, a product whose chunk grid splits the columns is still exact (packed B sized for all n columns)', async () => {
    // 64×2048×64 and 4×20000×16 are cut into two column chunks; one thread computes both in one call.
    const one = await createWasmBackend({ threads: 1, minWasmWork: 0 });
    const two = await createWasmBackend({ threads: 2, minWasmWork: 0, minWorkPerThread: 1 });
    backends.push(one, two);
    for (const [m, k, n] of [[64, 2048, 64], [4, 20000, 16]] as const) {
      const got = run(one, m, k, n, false, false), want = run(cpuBackend, m, k, n, false, false);
      let err = 0;
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
      expect(err, `${m}x${k}x${n}`).toBeLessThan(1e-3);
      expect(run(two, m, k, n, false, false)).toEqual(got);
    }
  });

  it('ships a generated kernel module that is up to date with assembly/gemm.ts', async () => {
    const script = fileURLToPath(new URL('../../../scripts/build-wasm.mjs', import.meta.url));
    const before = await readFile(new URL('./kernels.generated.ts', import.meta.url), 'utf8');
    expect(before).toMatch(/gemmSharedBase64/);
    // --check recompiles and compares without writing; it exits non-zero when stale.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('relaxed-SIMD kernel variant', () => {
  it('is validated by this engine (Node 22+ ships relaxed SIMD on by default) and computes the same product to float32 rounding', () => {
    const src = readFileSync(fileURLToPath(new URL('./kernels.generated.ts', import.meta.url)), 'utf8');
    const bytes = Buffer.from(/gemmPlainRelaxedBase64 =\s*'([^']+)'/.exec(src)![1], 'base64');
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 64 });
    const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, abort() {} } }).exports as any;
    const f = new Float32Array(memory.buffer);
    const m = 13, kk = 300, n = 21, A = 1 << 20, B = A + m * kk * 4, C = B + kk * n * 4;
    const pa = 1 << 16, pb = pa + k.scratchA() * 4, tmp = pb + k.scratchB(n) * 4;
    for (let i = 0; i < m * kk; i++) f[A / 4 + i] = Math.sin(i);
    for (let i = 0; i < kk * n; i++) f[B / 4 + i] = Math.cos(i);
    k.gemm(A, kk, 1, B, n, 1, C, n, 0, m, 0, n, kk, pa, pb, tmp);
    let err = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < kk; p++) s += f[A / 4 + i * kk + p] * f[B / 4 + p * n + j];
      err = Math.max(err, Math.abs(s - f[C / 4 + i * n + j]));
    }
    expect(err).toBeLessThan(1e-3);
  });

  it('is what the backend picks by default in Node, and relaxedSimd: false opts out', async () => {
    const fast = await createWasmBackend({ threads: 1 });
    const plain = await createWasmBackend({ threads: 1, relaxedSimd: false });
    try {
      expect(fast.name).toBe('wasm-relaxed-simd(1)');
      expect(plain.name).toBe('wasm-simd(1)');
    } finally {
      fast.dispose?.();
      plain.dispose?.();
    }
  });
});
