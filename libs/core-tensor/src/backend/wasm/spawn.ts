import { workerSource } from './worker-source.js';

/** One wasm pool worker, in Node (worker_threads) or a browser (Web Worker). */
export interface PoolWorker {
  post(msg: unknown): void;
  onMessage(fn: (m: any) => void): void;
  terminate(): void;
  /** Let the process exit while this worker idles (Node; no-op in browsers). */
  unref?(): void;
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
      terminate: () => w.terminate(),
    };
  }
  const { Worker: NodeWorker } = await import(/* @vite-ignore */ 'node:worker_threads');
  const w = new NodeWorker(workerSource, { eval: true });
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.on('message', fn),
    // After start-up: an idle pool must not keep a CLI process alive (a 'message' listener refs it).
    unref: () => w.unref(),
    terminate: () => void w.terminate(),
  };
}
