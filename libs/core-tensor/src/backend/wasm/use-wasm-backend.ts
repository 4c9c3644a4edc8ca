import type { Backend } from '../backend.js';
import { setBackend } from '../registry.js';
import { setSharedAllocation } from '../../dtype.js';
import { createWasmBackend, type WasmBackendOptions } from './wasm-backend.js';

/**
 * Create the wasm backend and make it the current one. It also switches tensor allocation to plain
 * ArrayBuffers (setSharedAllocation(false)): this backend copies operands into its own memory, so
 * tensors need not be shared, and SharedArrayBuffers are much slower to allocate and are released
 * late by the GC (2× the step time and 3× the peak memory on the bench's large MLP). createThreadBackend
 * turns shared allocation back on. Without this call the default backend is already wasm, on one thread.
 */
export async function useWasmBackend(opts: WasmBackendOptions = {}): Promise<Backend> {
  const backend = await createWasmBackend(opts);
  setSharedAllocation(false);
  setBackend(backend);
  return backend;
}
