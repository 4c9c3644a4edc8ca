import { afterAll, describe, expect, it, vi } from 'vitest';
import { Tensor, cpuBackend, createWasmBackend, createWasmBackendSync, defaultBackend, getBackend, matmul, randn, setBackend } from '../src/index.js';

// Fast by default: with no set-up call, float32 matmul runs on the one-thread wasm GEMM, with the numbers the
// pooled backend gives for any thread count (so a forgotten `await useWasmBackend()` changes speed, not
// results); float64 stays on the exact JS kernels.
describe('the default backend', () => {
  const A = randn([67, 129], { seed: 1 });
  const B = randn([129, 45], { seed: 2 });
  afterAll(() => void setBackend(defaultBackend()));

  it('is the one-thread wasm SIMD backend, made without any call', () => {
    expect(getBackend()).toBe(defaultBackend());
    expect(getBackend().name).toMatch(/^wasm-(relaxed-)?simd\(1\)$/);
    expect(getBackend().threads).toBe(1);
  });

  it('float32 matmul: bit-identical to a fresh sync backend and to the 2-thread pool', async () => {
    const byDefault = matmul(A, B).data;
    const prev = setBackend(createWasmBackendSync());
    expect(prev).toBe(defaultBackend());
    expect(matmul(A, B).data).toEqual(byDefault);
    const pool = await createWasmBackend({ threads: 2, minWorkPerThread: 1 });
    setBackend(pool);
    expect(matmul(A, B).data).toEqual(byDefault);
    pool.dispose();
    setBackend(cpuBackend);
    const js = matmul(A, B).data;
    // Not the JS kernel's numbers (another summation order), but the same product within float32 rounding.
    for (let i = 0; i < js.length; i++) expect(Math.abs(js[i] - byDefault[i])).toBeLessThan(1e-4);
    setBackend(defaultBackend());
  });

  it('float64 stays on the exact JS kernels', () => {
    const a = randn([20, 30], { seed: 3, dtype: 'float64' }), b = randn([30, 10], { seed: 4, dtype: 'float64' });
    const byDefault = matmul(a, b).data;
    setBackend(cpuBackend);
    expect(matmul(a, b).data).toEqual(byDefault);
    setBackend(defaultBackend());
  });

  it('without WebAssembly the default is the cpu backend', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('../src/backend/registry.js');
      expect(fresh.getBackend().name).toBe('cpu');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(new Tensor(new Float32Array([1, 2]), [1, 2]).shape).toEqual([1, 2]);
  });
});
