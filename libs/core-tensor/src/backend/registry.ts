import type { Backend } from './backend.js';
import { cpuBackend } from './cpu/cpu-backend.js';
import { createWasmBackendSync } from './wasm/wasm-backend.js';

// Fast by default: until a backend is set, ops run on a one-thread WebAssembly SIMD GEMM for float32
// matmul (made synchronously on first use; everything else, and all of float64, on the exact JS kernels).
// Where WebAssembly SIMD is missing, the default is the cpu backend.
let fallbackDefault: Backend | null = null;
let current: Backend | null = null;

/** The backend ops use when none was set: one-thread wasm for float32 matmul, else the cpu backend. */
export function defaultBackend(): Backend {
  if (!fallbackDefault) {
    try {
      fallbackDefault = createWasmBackendSync();
    } catch {
      fallbackDefault = cpuBackend;
    }
  }
  return fallbackDefault;
}

/** The backend every op uses. */
export function getBackend(): Backend {
  return (current ??= defaultBackend());
}

/** Switch backends (e.g. to a worker pool from createThreadBackend); returns the previous one. */
export function setBackend(b: Backend): Backend {
  const prev = getBackend();
  current = b;
  return prev;
}
