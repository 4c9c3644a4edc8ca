import type { Workload } from './workloads.js';
import { TORCH_IMPLS, type TorchId } from './impl-torch.js';

export type JsImplId = 'descent' | 'descent-default' | 'tfjs-cpu' | 'tfjs-wasm';
export type ImplId = JsImplId | TorchId;
/** The implementations that run in Node (in this process or a child); torch runs in a Python process. */
export const JS_IMPLS: JsImplId[] = ['descent', 'descent-default', 'tfjs-cpu', 'tfjs-wasm'];
export const IMPLS: ImplId[] = [...JS_IMPLS, ...TORCH_IMPLS];
export const isTorch = (id: ImplId): id is TorchId => (TORCH_IMPLS as string[]).includes(id);

/** One implementation, set up: it turns a workload into a function running one iteration. */
export interface Impl {
  id: JsImplId;
  threads: number;
  /** What runs the kernels, as the implementation names it (e.g. wasm-relaxed-simd(2), tfjs wasm-simd). */
  backend: string;
  prepare(w: Workload): () => void;
  dispose(): void;
}

export async function loadImpl(id: ImplId, opts: { threads?: number } = {}): Promise<Impl> {
  if (id === 'descent') return (await import('./impl-descent.js')).createDescent(opts.threads);
  if (id === 'descent-default') return (await import('./impl-descent.js')).createDescentDefault();
  if (id === 'tfjs-cpu' || id === 'tfjs-wasm') return (await import('./impl-tfjs.js')).createTfjs(id);
  if (isTorch(id)) throw new Error(`bench: ${id} runs in its own Python process (runTorch), not in Node`);
  throw new Error(`bench: unknown impl ${JSON.stringify(id)} (known: ${IMPLS.join(', ')})`);
}
