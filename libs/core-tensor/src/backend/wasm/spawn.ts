import { workerSource } from './worker-source.js';

/** One wasm pool worker, in Node (worker_threads) or a browser (Web Worker). */
export interface PoolWorker {
  post(msg: unknown): void;
  onMessage(fn: (m: any) => void): void;
  /**
   * Called once when the worker is gone (Node 'exit', with the error that killed it if any) or
   * broken (a browser Worker's 'error' event). Delivered only while the owning thread's event loop
   * runs, i.e. between ops; the wait loop has its own deadline for a worker that dies mid-job.
   */
  onExit?(fn: (info: WorkerExit) => void): void;
  terminate(): void;
  /** Let the process exit while this worker idles (Node; no-op in browsers). */
  unref?(): void;
}

export interface WorkerExit {
  /** Exit code (Node; 1 when terminated), null in browsers. */
  code: number | null;
  error: { message: string; stack?: string } | null;
}

const isNode = (): boolean =>
  typeof (globalThis as any).process?.versions?.node === 'string' && typeof (globalThis as any).WorkerGlobalScope === 'undefined';

export async function spawnWasmWorker(): Promise<PoolWorker> {
  if (!isNode()) {
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const w = new Worker(url);
    URL.revokeObjectURL(url);
    return {
      post: (m) => w.postMessage(m),
      onMessage: (fn) => w.addEventListener('message', (e: MessageEvent) => fn(e.data)),
      onExit: (fn) => w.addEventListener('error', (e: ErrorEvent) => fn({ code: null, error: { message: e.message || 'uncaught error in the worker' } }), { once: true }),
      terminate: () => w.terminate(),
    };
  }
  const { Worker: NodeWorker } = await import(/* @vite-ignore */ 'node:worker_threads');
  const w = new NodeWorker(workerSource, { eval: true });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.on('message', fn),
    onExit: (fn) => {
      let error: WorkerExit['error'] = null;
      w.on('error', (e: Error) => (error = { message: `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}`, stack: e?.stack }));
      w.once('exit', (code: number) => fn({ code, error }));
    },
    // After start-up: an idle pool must not keep a CLI process alive (a 'message' listener refs it).
    unref: () => w.unref(),
    terminate: () => void w.terminate(),
  };
}
