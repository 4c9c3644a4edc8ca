import type { Backend } from '../backend.js';
import type { TypedArray } from '../../dtype.js';
import { cpuBackend } from '../cpu/cpu-backend.js';
import { runJob, type Job } from './job.js';
import { spawnWorker, isBrowserMainThread, type WorkerHandle } from './spawn.js';

export interface ThreadBackendOptions {
  /** Total threads including the calling one (default: hardware concurrency). */
  threads?: number;
  /**
   * Minimum work (roughly multiply-adds) before a kernel is split: handing a slice to a worker
   * costs tens of microseconds, so small ops stay on the calling thread.
   */
  minWork?: number;
}

const shared = (a: TypedArray): boolean => typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;

function toShared<T extends TypedArray>(a: T): T {
  if (shared(a)) return a;
  const Ctor = a.constructor as new (buf: SharedArrayBuffer) => T;
  const s = new Ctor(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/**
 * A backend that splits large kernels over a pool of workers sharing memory. The calling thread
 * takes the first slice itself and then blocks on an Atomics counter until the workers are done,
 * which keeps the op API synchronous. Slices are split over output elements only, so results are
 * bit-identical to the single-thread backend whatever the thread count.
 *
 * Blocking is not allowed on a browser's main thread: use this backend inside a Web Worker there.
 */
export async function createThreadBackend(opts: ThreadBackendOptions = {}): Promise<Backend> {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new Error('createThreadBackend: SharedArrayBuffer is not available (a web page needs COOP same-origin and COEP require-corp headers)');
  }
  if (isBrowserMainThread()) {
    throw new Error("createThreadBackend: a browser's main thread cannot block on Atomics.wait; create the thread backend inside a Web Worker");
  }
  const hw = (globalThis as any).navigator?.hardwareConcurrency ?? 2;
  const threads = Math.max(1, Math.floor(opts.threads ?? hw));
  const minWork = opts.minWork ?? 1 << 16;
  const workers: WorkerHandle[] = [];
  let workerError: string | null = null;
  for (let i = 0; i < threads - 1; i++) {
    const w = await spawnWorker();
    workers.push(w);
    try {
      await new Promise<void>((resolve, reject) => {
        w.onMessage((m) => {
          if (m?.ready) resolve();
          else if (m?.error) {
            workerError = m.error;
            reject(new Error(`createThreadBackend: a worker failed to start: ${m.error}`));
          }
        });
        w.post({ ping: true });
      });
      w.unref?.();
    } catch (e) {
      for (const x of workers) x.terminate();
      throw e;
    }
  }
  const ctrl = new Int32Array(new SharedArrayBuffer(8));
  let disposed = false;

  /**
   * Split a kernel over [0, total) when `work` (its estimated cost) makes it worth it. Workers can
   * only touch shared memory, so once the split is decided the output and, in `prepare`, any input
   * that is not shared yet (a small broadcast operand, a small reduction or matmul result) are
   * copied there: O(size) against the kernel's cost.
   */
  function parallel(total: number, work: number, out: TypedArray, prepare: (o: TypedArray) => (start: number, end: number) => Job): boolean {
    const parts = Math.min(threads, total, Math.floor(work / minWork));
    if (parts < 2 || disposed) return false;
    const o = toShared(out);
    const make = prepare(o);
    Atomics.store(ctrl, 0, 0);
    Atomics.store(ctrl, 1, 0);
    const bound = (p: number) => Math.floor((total * p) / parts);
    for (let p = 1; p < parts; p++) workers[p - 1].post({ job: make(bound(p), bound(p + 1)), ctrl });
    runJob(make(0, bound(1)));
    for (;;) {
      const done = Atomics.load(ctrl, 0);
      if (done >= parts - 1) break;
      Atomics.wait(ctrl, 0, done, 10_000);
    }
    if (Atomics.load(ctrl, 1) !== 0) throw new Error(`thread backend: a worker failed: ${workerError ?? 'unknown error'}`);
    if (o !== out) out.set(o);
    return true;
  }

  return {
    name: `threads(${threads})`,
    threads,
    unary(op, x, out, p, q) {
      const split = parallel(out.length, out.length * 8, out, (o) => {
        const sx = toShared(x);
        return (start, end) => ({ kind: 'unary', op, x: sx, out: o, p, q, start, end });
      });
      if (!split) cpuBackend.unary(op, x, out, p, q);
    },
    binary(op, a, b, out, shape, as, bs) {
      const split = parallel(out.length, out.length * 4, out, (o) => {
        const sa = toShared(a), sb = toShared(b);
        return (start, end) => ({ kind: 'binary', op, a: sa, b: sb, out: o, shape, as, bs, start, end });
      });
      if (!split) cpuBackend.binary(op, a, b, out, shape, as, bs);
    },
    reduce(op, x, out, outer, len, inner) {
      const split = parallel(outer * inner, x.length, out, (o) => {
        const sx = toShared(x);
        return (start, end) => ({ kind: 'reduce', op, x: sx, out: o, len, inner, start, end });
      });
      if (!split) cpuBackend.reduce(op, x, out, outer, len, inner);
    },
    matmul(a, b, c, aOff, bOff, batch, m, k, n, tA, tB) {
      const work = batch * m * k * n;
      // Inputs are copied to shared memory if needed: O(n²) against the O(n³) product.
      const split = work >= minWork * 2 && parallel(batch * m, work, c, (o) => {
        const sa = toShared(a), sb = toShared(b);
        return (start, end) => ({ kind: 'matmul', a: sa, b: sb, c: o, aOff, bOff, m, k, n, tA, tB, start, end });
      });
      if (!split) cpuBackend.matmul(a, b, c, aOff, bOff, batch, m, k, n, tA, tB);
    },
    dispose() {
      disposed = true;
      for (const w of workers) w.terminate();
      workers.length = 0;
    },
  };
}
