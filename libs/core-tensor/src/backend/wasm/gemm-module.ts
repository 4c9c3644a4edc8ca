import { gemmSharedBase64, gemmPlainBase64, gemmSharedRelaxedBase64, gemmPlainRelaxedBase64, WASM_MAX_PAGES } from './kernels.generated.js';

/** The exports of assembly/gemm.ts (pointers are byte offsets into the memory). */
export interface GemmExports {
  gemm(
    a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number,
    m0: number, m1: number, n0: number, n1: number, k: number, pa: number, pb: number, tmp: number,
  ): void;
  scratchA(): number;
  scratchB(cols: number): number;
}

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export const canShare = (): boolean => typeof SharedArrayBuffer !== 'undefined';

/**
 * Compile the kernel module synchronously (it is < 2 KB, under the 4 KB limit browsers put on
 * synchronous compilation on the main thread). With `relaxed`, the variant using relaxed-SIMD fused
 * multiply-add is taken when the engine validates it (results then depend on whether the hardware
 * fuses, so they are reproducible per machine, not across machines). Throws if WebAssembly or
 * 128-bit SIMD is missing.
 */
export function compileGemm(shared: boolean, relaxed: boolean): { module: WebAssembly.Module; relaxed: boolean } {
  if (relaxed) {
    const bytes = decode(shared ? gemmSharedRelaxedBase64 : gemmPlainRelaxedBase64);
    if (WebAssembly.validate(bytes as BufferSource)) return { module: new WebAssembly.Module(bytes as BufferSource), relaxed: true };
  }
  return { module: new WebAssembly.Module(decode(shared ? gemmSharedBase64 : gemmPlainBase64) as BufferSource), relaxed: false };
}

export function createMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory(shared ? { initial: 1, maximum: WASM_MAX_PAGES, shared: true } : { initial: 1 });
}

export function instantiateGemm(module: WebAssembly.Module, memory: WebAssembly.Memory): GemmExports {
  const abort = (): never => {
    throw new Error('wasm gemm: abort');
  };
  return new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as GemmExports;
}
