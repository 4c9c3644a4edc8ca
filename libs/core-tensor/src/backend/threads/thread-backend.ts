import type { Backend, PooledBackend } from '../backend.js';
import { setSharedAllocation, type TypedArray } from '../../dtype.js';
import { TensorError } from '../../shape.js';
import { checkOption } from '../../options.js';
import { cpuBackend } from '../cpu/cpu-backend.js';
import { WorkerError, readText, threwReason, exitReason, DEFAULT_WORKER_TIMEOUT, type WorkerErrorInfo } from '../worker-error.js';
import { runJob, type Job } from './job.js';
import { spawnWorker, isBrowserMainThread, type WorkerHandle } from './spawn.js';
import { STATUS, EXIT_CODE, TEXT_LEN, HEADER_BYTES, TEXT_UNITS, STATUS_BYTES, RUNNING, DONE, THREW, EXITED, SEQ_WRAP, type TestFault } from './status.js';

export interface ThreadBackendOptions {
  /** Total threads including the calling one (default: hardware concurrency). */
  threads?: number;
  /**
   * Minimum work (roughly multiply-adds) before a kernel is split: handing a slice to a worker
   * costs tens of microseconds, so small ops stay on the calling thread.
   */
  minWork?: number;
  /**
   * How long (ms) the calling thread waits for a worker's slice beyond twice the time its own
   * slice of the same op took, before it gives the worker up as dead or hung (default 3000). The op
   * then throws a WorkerError naming the worker and the slice, and the worker is replaced.
   */
  workerTimeout?: number;
}

export { DEFAULT_WORKER_TIMEOUT };
/** Failed starts in a row after which a worker slot is given up (the pool runs on the others). */
const MAX_START_ATTEMPTS = 3;

const WORKER_TIMEOUT_META = {
  name: 'workerTimeout', kind: 'number', min: 0, minExclusive: true, default: DEFAULT_WORKER_TIMEOUT,
  description: 'ms a worker may take beyond twice the calling thread\'s time for its own slice before it is given up',
} as const;

/** One worker position of the pool; its worker is replaced when it dies. */
interface Slot {
  /** 1-based; thread 0 is the calling thread. */
  readonly id: number;
  handle: WorkerHandle | null;
  /** Header of the worker's status block (status.ts) and its error text. */
  status: Int32Array;
  text: Uint16Array;
  live: boolean;
  /** Workers this slot has had. */
  generation: number;
  /** Why its last worker was lost (or could not be started). */
  lastLoss: string | null;
  /** Test-only: sent with the next slice. */
  fault: TestFault | null;
}

/** Test-only view of one pool (see `__testing`). */
export interface ThreadPoolProbe {
  readonly workerTimeout: number;
  /** Workers (1-based ids) that take slices now, in the order slices go to them. */
  live(): number[];
  /** How many workers slot `id` has had: 1 after start-up, +1 per replacement. */
  generation(id: number): number;
  /** Why slot `id` lost its last worker, if it did. */
  lastLoss(id: number): string | null;
  /** Terminate worker `id` behind the pool's back, as a crash would. */
  kill(id: number): void;
  /** The next slice sent to worker `id` throws inside the kernel, hangs, or exits the worker. */
  fault(id: number, kind: TestFault): void;
  /** Runs right after the calling thread posted the slices of an op, before it runs its own. */
  afterPost: (() => void) | null;
}

const probes = new WeakMap<Backend, ThreadPoolProbe>();

/**
 * Test-only hooks (not exported from the package index): reach a pool's workers to kill them or
 * make them fail, deterministically.
 */
export const __testing = {
  probe(b: Backend): ThreadPoolProbe {
    const p = probes.get(b);
    if (!p) throw new Error('__testing.probe: not a thread backend');
    return p;
  },
};

const newCtrl = (): Int32Array => new Int32Array(new SharedArrayBuffer(8));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
 *
 * A worker that fails never hangs the caller: if its kernel throws, the op throws a WorkerError with
 * the worker's message and stack; if it exits or gives no sign of finishing by the deadline (twice
 * the calling thread's own slice time + `workerTimeout`), the op throws a WorkerError naming the
 * worker and its slice, and the worker is terminated and replaced. A worker that dies between ops
 * is noticed through its 'exit'/'error' event and replaced; meanwhile ops split over the others.
 */
export async function createThreadBackend(opts: ThreadBackendOptions = {}): Promise<PooledBackend> {
  if (typeof SharedArrayBuffer === 'undefined') {
    throw new TensorError('createThreadBackend', 'SharedArrayBuffer is not available (a web page needs COOP same-origin and COEP require-corp headers)');
  }
  if (isBrowserMainThread()) {
    throw new TensorError('createThreadBackend', "a browser's main thread cannot block on Atomics.wait; create the thread backend inside a Web Worker");
  }
  const hw = (globalThis as any).navigator?.hardwareConcurrency ?? 2;
  const threads = Math.max(1, Math.floor(opts.threads ?? hw));
  const minWork = opts.minWork ?? 1 << 16;
  // Its workers read tensors in place: large ones must live on shared memory from now on.
  setSharedAllocation(true);
  const timeout = opts.workerTimeout === undefined ? DEFAULT_WORKER_TIMEOUT : (checkOption('createThreadBackend', WORKER_TIMEOUT_META, opts.workerTimeout) as number);
  const slots: Slot[] = [];
  /** The slots whose worker takes slices now (replaced, never mutated, when that changes). */
  let live: Slot[] = [];
  /** Completion counter of the current op: [0] = slices done. Replaced when a worker is given up. */
  let ctrl = newCtrl();
  let seq = 0;
  let disposed = false;
  const refresh = (): void => void (live = slots.filter((s) => s.live));

  /** Start a worker for `slot`; resolves once it answered the ping. */
  async function start(slot: Slot): Promise<void> {
    const h = await spawnWorker();
    const buf = new SharedArrayBuffer(STATUS_BYTES);
    let ready = false;
    try {
      await new Promise<void>((resolve, reject) => {
        h.onMessage((m) => {
          if (m?.ready) resolve();
          else if (m?.error && !ready) reject(new TensorError('createThreadBackend', `a worker failed to start: ${m.error}`));
        });
        h.onExit?.((info) => {
          if (!ready) reject(new TensorError('createThreadBackend', `a worker failed to start: it ${exitReason(info)}`));
          else if (slot.handle === h) lose(slot, `worker ${slot.id} ${exitReason(info)} while idle`);
        });
        h.post({ ping: true, status: buf });
      });
    } catch (e) {
      h.terminate();
      throw e;
    }
    ready = true;
    if (disposed) return h.terminate();
    slot.handle = h;
    slot.status = new Int32Array(buf, 0, HEADER_BYTES / 4);
    slot.text = new Uint16Array(buf, HEADER_BYTES, TEXT_UNITS);
    slot.generation++;
    slot.live = true;
    h.unref?.();
    refresh();
  }

  /** Give up `slot`'s worker: terminate it and start a replacement in the background. */
  function lose(slot: Slot, why: string): void {
    const h = slot.handle;
    if (h === null) return;
    slot.handle = null;
    slot.live = false;
    slot.lastLoss = why;
    h.terminate();
    // A worker given up on while it ran may still be alive (hung) and count a slice done later.
    ctrl = newCtrl();
    refresh();
    if (disposed) return;
    void (async () => {
      for (let attempt = 1; !disposed; attempt++) {
        try {
          return await start(slot);
        } catch (e) {
          slot.lastLoss = `${why}; restarting it failed: ${e instanceof Error ? e.message : String(e)}`;
          if (attempt >= MAX_START_ATTEMPTS) return; // the pool goes on without this slot
          await sleep(100 * attempt);
        }
      }
    })();
  }

  for (let i = 1; i < threads; i++) {
    const slot: Slot = { id: i, handle: null, status: new Int32Array(4), text: new Uint16Array(0), live: false, generation: 0, lastLoss: null, fault: null };
    slots.push(slot);
    try {
      await start(slot);
    } catch (e) {
      for (const s of slots) s.handle?.terminate();
      throw e;
    }
  }

  const probe: ThreadPoolProbe = {
    workerTimeout: timeout,
    live: () => live.map((s) => s.id),
    generation: (id) => slots[id - 1].generation,
    lastLoss: (id) => slots[id - 1].lastLoss,
    kill: (id) => slots[id - 1].handle?.terminate(),
    fault: (id, kind) => void (slots[id - 1].fault = kind),
    afterPost: null,
  };

  /** What went wrong with `slot`'s slice, read from its status block; gives up its worker unless only its kernel threw. */
  function failure(slot: Slot, st: number, task: string, own: number): WorkerErrorInfo & { reason: string } {
    const worker = slot.id;
    const state = st & 7;
    const mine = (st - state) / 8 === seq;
    if (mine && state === THREW) {
      const { message, stack } = readText(slot.text, 0, Atomics.load(slot.status, TEXT_LEN));
      return { worker, failure: 'threw', task, workerMessage: message, workerStack: stack, reason: threwReason(`worker ${worker} threw while running ${task}`, message, stack) };
    }
    if (mine && state === EXITED) {
      const code = Atomics.load(slot.status, EXIT_CODE);
      const reason = `worker ${worker} exited with code ${code} while running ${task}; it is being replaced`;
      lose(slot, reason);
      return { worker, failure: 'exited', task, workerMessage: `exited with code ${code}`, reason };
    }
    const wait = `${timeout} ms after twice the calling thread's time for its own slice (${own.toFixed(1)} ms)`;
    const what = mine && state === RUNNING ? `started ${task} but did not finish it` : `did not pick up ${task}`;
    const reason = `worker ${worker} ${what} within ${wait}: it died silently (terminated, crashed, out of memory) or hangs; it was terminated and is being replaced`;
    lose(slot, reason);
    return { worker, failure: 'lost', task, reason };
  }

  /**
   * Split a kernel over [0, total) when `work` (its estimated cost) makes it worth it. Workers can
   * only touch shared memory, so once the split is decided the output and, in `prepare`, any input
   * that is not shared yet (a small broadcast operand, a small reduction or matmul result) are
   * copied there: O(size) against the kernel's cost. `what` names the op and the unit of [0, total)
   * for error messages.
   */
  function parallel(what: string, total: number, work: number, out: TypedArray, prepare: (o: TypedArray) => (start: number, end: number) => Job): boolean {
    const ws = live;
    const parts = Math.min(ws.length + 1, total, Math.floor(work / minWork));
    if (parts < 2 || disposed) return false;
    const o = toShared(out);
    const make = prepare(o);
    const c = ctrl;
    const id = (seq = (seq + 1) % SEQ_WRAP);
    Atomics.store(c, 0, 0);
    const bound = (p: number) => Math.floor((total * p) / parts);
    for (let p = 1; p < parts; p++) {
      const s = ws[p - 1];
      const msg: { job: Job; ctrl: Int32Array; seq: number; __testFault?: TestFault } = { job: make(bound(p), bound(p + 1)), ctrl: c, seq: id };
      if (s.fault !== null) [msg.__testFault, s.fault] = [s.fault, null];
      s.handle!.post(msg);
    }
    probe.afterPost?.();
    const t0 = performance.now();
    let ownError: { e: unknown } | null = null;
    try {
      runJob(make(0, bound(1)));
    } catch (e) {
      ownError = { e }; // rethrown once the workers are done with this op's memory
    }
    const t1 = performance.now();
    // Every slice is as large as the calling thread's own: a live worker is done well before this.
    const deadline = t1 + 2 * (t1 - t0) + timeout;
    for (;;) {
      const done = Atomics.load(c, 0);
      if (done >= parts - 1) break;
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(c, 0, done, left);
    }
    let failed: (WorkerErrorInfo & { reason: string })[] | null = null;
    for (let p = 1; p < parts; p++) {
      const st = Atomics.load(ws[p - 1].status, STATUS);
      if (st !== id * 8 + DONE) (failed ??= []).push(failure(ws[p - 1], st, `${what} ${bound(p)}–${bound(p + 1)} of ${total}`, t1 - t0));
    }
    if (ownError) throw ownError.e;
    if (failed) {
      const [first, ...more] = failed;
      throw new WorkerError('threadBackend', [first.reason, ...more.map((f) => `also ${f.reason}`)].join('\n'), first);
    }
    if (o !== out) out.set(o);
    return true;
  }

  const backend: PooledBackend = {
    name: `threads(${threads})`,
    threads,
    unary(op, x, out, p, q) {
      const split = parallel(`${op} on elements`, out.length, out.length * 8, out, (o) => {
        const sx = toShared(x);
        return (start, end) => ({ kind: 'unary', op, x: sx, out: o, p, q, start, end });
      });
      if (!split) cpuBackend.unary(op, x, out, p, q);
    },
    binary(op, a, b, out, shape, as, bs) {
      const split = parallel(`${op} on elements`, out.length, out.length * 4, out, (o) => {
        const sa = toShared(a), sb = toShared(b);
        return (start, end) => ({ kind: 'binary', op, a: sa, b: sb, out: o, shape, as, bs, start, end });
      });
      if (!split) cpuBackend.binary(op, a, b, out, shape, as, bs);
    },
    reduce(op, x, out, outer, len, inner) {
      const split = parallel(`${op} reduction on outputs`, outer * inner, x.length, out, (o) => {
        const sx = toShared(x);
        return (start, end) => ({ kind: 'reduce', op, x: sx, out: o, len, inner, start, end });
      });
      if (!split) cpuBackend.reduce(op, x, out, outer, len, inner);
    },
    matmul(a, b, c, aOff, bOff, batch, m, k, n, tA, tB) {
      const work = batch * m * k * n;
      // Inputs are copied to shared memory if needed: O(n²) against the O(n³) product.
      const split = work >= minWork * 2 && parallel(`matmul (k = ${k}, n = ${n}) on rows`, batch * m, work, c, (o) => {
        const sa = toShared(a), sb = toShared(b);
        return (start, end) => ({ kind: 'matmul', a: sa, b: sb, c: o, aOff, bOff, m, k, n, tA, tB, start, end });
      });
      if (!split) cpuBackend.matmul(a, b, c, aOff, bOff, batch, m, k, n, tA, tB);
    },
    dispose() {
      disposed = true;
      for (const s of slots) {
        s.handle?.terminate();
        s.handle = null;
        s.live = false;
      }
      live = [];
    },
  };
  probes.set(backend, probe);
  return backend;
}
