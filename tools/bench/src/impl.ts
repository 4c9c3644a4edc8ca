import type { Workload } from './workloads.js';

export type ImplId = 'descent' | 'tfjs-cpu' | 'tfjs-wasm';
export const IMPLS: ImplId[] = ['descent', 'tfjs-cpu', 'tfjs-wasm'];

/** One implementation, set up: it turns a workload into a function running one iteration. */
export interface Impl {
  id: ImplId;
  threads: number;
  /** What runs the kernels, as the implementation names it (e.g. wasm-relaxed-simd(2), tfjs wasm-simd). */
  backend: string;
  prepare(w: Workload): () => void;
  dispose(): void;
}

export async function loadImpl(id: ImplId, opts: { threads?: number } = {}): Promise<Impl> {
  if (id === 'descent') return (await import('./impl-descent.js')).createDescent(opts.threads);
  if (id === 'tfjs-cpu' || id === 'tfjs-wasm') return (await import('./impl-tfjs.js')).createTfjs(id);
  throw new Error(`bench: unknown impl ${JSON.stringify(id)} (known: ${IMPLS.join(', ')})`);
}
