import { gemmSharedBase64, gemmPlainBase64, WASM_MAX_PAGES } from './kernels.generated.js';

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
 * synchronous compilation on the main thread). Throws if WebAssembly or 128-bit SIMD is missing.
 */
export function compileGemm(shared: boolean): WebAssembly.Module {
  return new WebAssembly.Module(decode(shared ? gemmSharedBase64 : gemmPlainBase64) as BufferSource);
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
