/** Start one worker running worker.ts/worker.js, in Node (worker_threads) or a browser (Web Worker). */
export interface WorkerHandle {
  post(msg: unknown): void;
  /** Messages from the worker; a worker that dies is reported as `{ error }`. */
  onMessage(fn: (m: any) => void): void;
  /**
   * Called once when the worker is gone (Node 'exit', after its 'error' if it threw) or broken
   * (a browser Worker's 'error' event: the pool then terminates it). Only delivered while the
   * owning thread's event loop runs, i.e. between ops; the pool's wait loop has its own deadline.
   */
  onExit?(fn: (info: WorkerExit) => void): void;
  terminate(): void;
  /** Let the process exit while this worker idles (Node; no-op in browsers). */
  unref?(): void;
}

export interface WorkerExit {
  /** Exit code (Node; 1 when terminated), null in browsers. */
  code: number | null;
  /** The error that killed it, if any. */
  error: { message: string; stack?: string } | null;
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
      onMessage: (fn) => {
        w.addEventListener('message', (e: MessageEvent) => fn(e.data));
        w.addEventListener('error', (e: ErrorEvent) => fn({ error: e.message || 'worker failed to load' }));
      },
      onExit: (fn) => {
        w.addEventListener('error', (e: ErrorEvent) => fn({ code: null, error: { message: e.message || 'uncaught error in the worker' } }), { once: true });
      },
      terminate: () => w.terminate(),
    };
  }
  const { Worker: NodeWorker } = await import(/* @vite-ignore */ 'node:worker_threads');
  const { existsSync, readFileSync } = await import(/* @vite-ignore */ 'node:fs');
  const { dirname, join } = await import(/* @vite-ignore */ 'node:path');
  const { fileURLToPath, pathToFileURL } = await import(/* @vite-ignore */ 'node:url');
  const { createRequire } = await import(/* @vite-ignore */ 'node:module');
  const url = new URL('./worker.js', import.meta.url);
  let w: InstanceType<typeof NodeWorker>;
  if (existsSync(fileURLToPath(url))) w = new NodeWorker(url);
  else {
    // Running from TypeScript sources (tests, tsx): Node 20 ignores `--import tsx` in a worker's
    // execArgv, so the worker registers tsx's loader itself before importing the .ts entry.
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const { exports } = JSON.parse(readFileSync(pkgPath, 'utf8'));
    const api = pathToFileURL(join(dirname(pkgPath), exports['./esm/api'].import.default)).href;
    const entry = new URL('./worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}));`;
    w = new NodeWorker(boot, { eval: true });
  }
  return {
    post: (m) => w.postMessage(m),
    onMessage: (fn) => {
      w.on('message', fn);
      // A worker that fails (e.g. cannot load its module) reports like a failed job instead of crashing the process.
      w.on('error', (e: Error) => fn({ error: e.message }));
    },
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
