/** Start one worker running worker.ts/worker.js, in Node (worker_threads) or a browser (Web Worker). */
export interface WorkerHandle {
  post(msg: unknown): void;
  onMessage(fn: (m: any) => void): void;
  terminate(): void;
}

export const isBrowserMainThread = (): boolean =>
  typeof (globalThis as any).window !== 'undefined' && typeof (globalThis as any).document !== 'undefined';

const isNode = (): boolean =>
  typeof (globalThis as any).process?.versions?.node === 'string' && typeof (globalThis as any).WorkerGlobalScope === 'undefined';

export async function spawnWorker(): Promise<WorkerHandle> {
  if (!isNode()) {
    // Literal form so bundlers (Vite) emit the worker as its own chunk.
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    return {
      post: (m) => w.postMessage(m),
      onMessage: (fn) => w.addEventListener('message', (e: MessageEvent) => fn(e.data)),
      terminate: () => w.terminate(),
    };
  }
  const { Worker: NodeWorker } = await import(/* @vite-ignore */ 'node:worker_threads');
  const { existsSync } = await import(/* @vite-ignore */ 'node:fs');
  const { fileURLToPath } = await import(/* @vite-ignore */ 'node:url');
  let url = new URL('./worker.js', import.meta.url);
  let execArgv: string[] | undefined;
  if (!existsSync(fileURLToPath(url))) {
    // Running from TypeScript sources (tests, tsx): load the .ts entry through tsx.
    url = new URL('./worker.ts', import.meta.url);
    execArgv = [...process.execArgv.filter((a) => !a.startsWith('--input-type')), '--import', 'tsx'];
  }
  const w = new NodeWorker(url, { execArgv });
  w.unref(); // an idle pool must not keep a CLI process alive
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => w.on('message', fn),
    terminate: () => void w.terminate(),
  };
}
