import type { Backend, PooledBackend } from '../backend.js';
import { cpuBackend } from '../cpu/cpu-backend.js';
import { TensorError } from '../../shape.js';
import { checkOption } from '../../options.js';
import { WorkerError, readText, threwReason, exitReason, DEFAULT_WORKER_TIMEOUT } from '../worker-error.js';
import { canShare, compileGemm, createMemory, instantiateGemm, type GemmExports } from './gemm-module.js';
import {
  SEQ, CLAIM, DONE_CHUNKS, ERROR, SLEEPING, MAIN_WAITING, FAULT, ARGS, SCRATCH, BUSY, FAIL, FAIL_LEN, FAIL_CHUNK, FAIL_EXITED,
  CTRL_INTS, TEXT_UNITS, MAX_THREADS, SPIN_MS, WAIT_SPIN_MS,
} from './spin-protocol.js';
import { spawnWasmWorker, type PoolWorker } from './spawn.js';

export interface WasmBackendOptions {
  /**
   * Total threads for float32 matmul, including the calling one (default: hardware concurrency).
   * Needs SharedArrayBuffer; without it the backend runs on one thread.
   */
  threads?: number;
  /**
   * Smallest float32 matmul (m·k·n multiply-adds) sent to wasm; smaller ones, and matrix-vector
   * products (n = 1), run the JS kernel. The wasm call is faster from about 16×8×2 up (default 256).
   */
  minWasmWork?: number;
  /**
   * Multiply-adds each thread must get before a matmul is split (default 2^19: below ~25 µs of
   * work, moving operands between cores costs more than the second core gains).
   */
  minWorkPerThread?: number;
  /**
   * Use the relaxed-SIMD kernel (fused multiply-add, ~25% faster) where the engine supports it
   * (default true). Its rounding depends on the CPU, so pass false for results that are
   * bit-identical across machines; either way they do not depend on the thread count.
   */
  relaxedSimd?: boolean;
  /** Backend for everything else (elementwise ops, reductions, float64 matmul); default cpuBackend. */
  fallback?: Backend;
  /**
   * How long (ms) the calling thread waits for a worker's chunk beyond twice the time its own chunks
   * of the same matmul took, before it gives the worker up as dead or hung (default 3000). The
   * matmul then throws a WorkerError naming the worker and its chunk, and the pool is rebuilt.
   */
  workerTimeout?: number;
}

/** Failed starts in a row after which a worker position is given up (the pool runs on the others). */
const MAX_START_ATTEMPTS = 3;

const WORKER_TIMEOUT_META = {
  name: 'workerTimeout', kind: 'number', min: 0, minExclusive: true, default: DEFAULT_WORKER_TIMEOUT,
  description: "ms a worker may take beyond twice the calling thread's time per chunk before it is given up",
} as const;

/** Test-only faults for a worker's next chunk (see `__testing`). */
export type WasmTestFault = 'trap' | 'hang' | 'exit' | 'stall';
const FAULT_CODES: Record<WasmTestFault, number> = { trap: 1, hang: 2, exit: 3, stall: 4 };

/** Test-only view of one wasm pool (see `__testing`). */
export interface WasmPoolProbe {
  readonly workerTimeout: number;
  /** Workers (thread index 1…threads-1) that serve jobs now. */
  live(): number[];
  /** How many workers thread `t` has had: 1 after start-up, +1 per replacement. */
  generation(t: number): number;
  /** Why thread `t` lost its last worker, if it did. */
  lastLoss(t: number): string | null;
  /** Times the pool replaced its memory and all its workers after a worker was lost during a job. */
  rebuilds(): number;
  /** Terminate worker `t` behind the pool's back, as a crash would. */
  kill(t: number): void;
  /** Worker `t`'s next chunk traps in the kernel (out-of-bounds access), hangs, exits the worker, or waits 30 ms first (as a descheduled thread would). */
  fault(t: number, kind: WasmTestFault): void;
  /** Whether a fault is armed and no worker has taken it with a chunk yet. */
  faultPending(): boolean;
  /** Whether worker `t` is computing a chunk of the current job. */
  busy(t: number): boolean;
  /** Runs right after the calling thread published a job, before it claims chunks itself. */
  afterPublish: (() => void) | null;
  /** Matmuls that ran on the calling thread alone because the workers had not kept up (see SOLO_MS). */
  soloJobs(): number;
  /** Whether matmuls run on the calling thread alone now (for SOLO_MS after a job the workers did not keep up with). */
  soloActive(): boolean;
}

const probes = new WeakMap<Backend, WasmPoolProbe>();

/** Test-only hooks (not exported from the package index): kill a wasm pool's workers or make them fail. */
export const __testing = {
  probe(b: Backend): WasmPoolProbe {
    const p = probes.get(b);
    if (!p) throw new Error('__testing.probe: not a wasm backend');
    return p;
  },
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const PAGE = 65536;
/** A threaded matmul slower than this fraction of the caller's own time for all chunks means the workers did not keep up. */
const CONTENDED = 0.85;
/** How long matmuls then stay on the calling thread before the pool is tried again (ms). */
const SOLO_MS = 100;
const NR = 8; // micro-kernel width in assembly/gemm.ts: column chunks stay on panel boundaries
const MR = 4;
const isBrowserMainThread = (): boolean =>
  typeof (globalThis as any).window !== 'undefined' && typeof (globalThis as any).document !== 'undefined';

/**
 * A backend whose float32 matmul runs a packed, cache-blocked WebAssembly SIMD kernel (compiled
 * from assembly/gemm.ts), cut into chunks that the calling thread and a pool of workers claim from
 * shared memory (see spin-protocol.ts). Operands are copied into the wasm memory and the result
 * copied out: O(n²) against the O(n³) product. Everything else (float64, elementwise, reductions)
 * runs on `fallback` (the cpu backend by default), so float64 gradient checks keep exact results.
 *
 * Results are bit-identical for any thread count: every output element is computed by one thread
 * with the same operation order (see assembly/gemm.ts). They differ from the JS cpu kernel by
 * float32 rounding only (another summation order).
 *
 * In a browser this needs SharedArrayBuffer (cross-origin isolation) for threads; without it, it
 * runs on one thread. On a page's main thread the submitter spins (it never calls Atomics.wait).
 *
 * A worker that fails never hangs the caller: if its chunk traps, the matmul throws a WorkerError
 * with the worker's message and stack; if it exits or holds a chunk past the deadline (twice the
 * calling thread's time per chunk + `workerTimeout`), the matmul throws a WorkerError naming the
 * worker and its chunk, and the pool starts over with fresh memory and workers (a hung worker could
 * otherwise still write into the memory later jobs use). A worker that dies between jobs is seen
 * through its 'exit'/'error' event and replaced; the others claim its share meanwhile.
 */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<PooledBackend> {
  const hw = (globalThis as any).navigator?.hardwareConcurrency ?? 2;
  const shared = canShare();
  const threads = shared ? Math.min(MAX_THREADS, Math.max(1, Math.floor(opts.threads ?? hw))) : 1;
  const minWasmWork = opts.minWasmWork ?? 256;
  const minPer = opts.minWorkPerThread ?? 1 << 19;
  const fallback = opts.fallback ?? cpuBackend;
  const timeout = opts.workerTimeout === undefined ? DEFAULT_WORKER_TIMEOUT : (checkOption('createWasmBackend', WORKER_TIMEOUT_META, opts.workerTimeout) as number);
  const { module, relaxed } = compileGemm(shared, opts.relaxedSimd ?? true);
  const pool = new WasmGemm(module, shared, threads, minWasmWork, minPer, fallback, relaxed, timeout);
  await pool.start();
  return pool.backend();
}

/**
 * A one-thread wasm backend made synchronously (no workers, plain memory): the library's default backend,
 * so a float32 model trains on the SIMD GEMM with no set-up call. Threads come with useWasmBackend().
 * Results are bit-identical to the pooled backend's for any thread count (the same kernel and order).
 * Throws if WebAssembly or 128-bit SIMD is missing.
 */
export function createWasmBackendSync(opts: Pick<WasmBackendOptions, 'minWasmWork' | 'relaxedSimd' | 'fallback'> = {}): PooledBackend {
  const { module, relaxed } = compileGemm(false, opts.relaxedSimd ?? true);
  return new WasmGemm(module, false, 1, opts.minWasmWork ?? 256, 1 << 19, opts.fallback ?? cpuBackend, relaxed, DEFAULT_WORKER_TIMEOUT).backend();
}


/**
 * The submitting thread's copy of runChunks in worker-source.ts: claim chunks until none is left.
 * A chunk that throws does not stop it (the others are still computed, so no chunk is left
 * unclaimed); the first error is kept in `failed`. Returns how many chunks it computed.
 */
function runChunks(gemm: GemmExports['gemm'], ctrl: Int32Array, seq: number, t: number, failed: { error: unknown }): number {
  const g = ARGS;
  const a = ctrl[g], ars = ctrl[g + 1], acs = ctrl[g + 2], b = ctrl[g + 3], brs = ctrl[g + 4], bcs = ctrl[g + 5];
  const c = ctrl[g + 6], ldc = ctrl[g + 7], m = ctrl[g + 8], n = ctrl[g + 9], k = ctrl[g + 10];
  const rowChunk = ctrl[g + 11], colChunk = ctrl[g + 12], gridCols = ctrl[g + 13], nChunks = ctrl[g + 14];
  const tmp = ctrl[SCRATCH + 3 * t], pa = ctrl[SCRATCH + 3 * t + 1], pb = ctrl[SCRATCH + 3 * t + 2];
  const tag = (seq & 0xffff) << 16;
  let count = 0;
  for (;;) {
    const v = Atomics.load(ctrl, CLAIM);
    if ((v & ~0xffff) !== tag || (v & 0xffff) >= nChunks) return count;
    if (Atomics.compareExchange(ctrl, CLAIM, v, v + 1) !== v) continue;
    const i = v & 0xffff, ri = Math.floor(i / gridCols), r0 = ri * rowChunk, c0 = (i - ri * gridCols) * colChunk;
    try {
      gemm(a, ars, acs, b, brs, bcs, c, ldc, r0, Math.min(m, r0 + rowChunk), c0, Math.min(n, c0 + colChunk), k, pa, pb, tmp);
    } catch (e) {
      failed.error ??= e;
    }
    count++;
    Atomics.add(ctrl, DONE_CHUNKS, 1);
  }
}

/** One worker position of the pool (thread index t ≥ 1); its worker is replaced when it dies. */
interface WasmSlot {
  readonly t: number;
  worker: PoolWorker | null;
  live: boolean;
  generation: number;
  lastLoss: string | null;
}

class WasmGemm {
  private memory!: WebAssembly.Memory;
  private k!: GemmExports;
  private heap!: Float32Array;
  private ctrl!: Int32Array;
  /** Error text of each thread (TEXT_UNITS code units per thread), shared with the workers. */
  private text!: Uint16Array;
  private seq = 0;
  private disposed = false;
  private rebuilt = 0;
  /** The calling thread's last measured time per multiply-add of a chunk (ms), for deadlines. */
  private msPerWork = 0;
  /** Until this time (performance.now()) matmuls run on the calling thread alone (see SOLO_MS). */
  private soloUntil = 0;
  private solo = 0;
  private readonly canBlock = !isBrowserMainThread();
  private readonly scratchA: number;
  private readonly slots: WasmSlot[] = [];
  private readonly failed: { error: unknown } = { error: null };
  readonly probe: WasmPoolProbe;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly shared: boolean,
    private readonly threads: number,
    private readonly minWasmWork: number,
    private readonly minPer: number,
    private readonly fallback: Backend,
    private readonly relaxed: boolean,
    private readonly timeout: number,
  ) {
    this.fresh();
    this.scratchA = this.k.scratchA() * 4;
    for (let t = 1; t < threads; t++) this.slots.push({ t, worker: null, live: false, generation: 0, lastLoss: null });
    const slot = (t: number): WasmSlot => this.slots[t - 1];
    this.probe = {
      workerTimeout: timeout,
      live: () => this.slots.filter((s) => s.live).map((s) => s.t),
      generation: (t) => slot(t).generation,
      lastLoss: (t) => slot(t).lastLoss,
      rebuilds: () => this.rebuilt,
      kill: (t) => slot(t).worker?.terminate(),
      fault: (t, kind) => void Atomics.store(this.ctrl, FAULT, (t << 8) | FAULT_CODES[kind]),
      faultPending: () => Atomics.load(this.ctrl, FAULT) !== 0,
      busy: (t) => {
        const b = Atomics.load(this.ctrl, BUSY + t);
        return b !== 0 && (b & ~0xffff) === (Atomics.load(this.ctrl, SEQ) & 0xffff) << 16;
      },
      afterPublish: null,
      soloJobs: () => this.solo,
      soloActive: () => performance.now() < this.soloUntil,
    };
  }

  /** New memory, kernel instance, control block and text buffer (at start, and when rebuilding). */
  private fresh(): void {
    const buf = (bytes: number) => (this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.memory = createMemory(this.shared);
    this.k = instantiateGemm(this.module, this.memory);
    this.heap = new Float32Array(this.memory.buffer);
    this.ctrl = new Int32Array(buf(CTRL_INTS * 4));
    this.text = new Uint16Array(buf(this.shared ? MAX_THREADS * TEXT_UNITS * 2 : 0));
  }

  /** Start every worker; rejects (and terminates those started) if one fails to start. */
  async start(): Promise<void> {
    try {
      for (const s of this.slots) await this.startWorker(s);
    } catch (e) {
      for (const s of this.slots) s.worker?.terminate();
      throw e;
    }
  }

  /** Start a worker for `slot` on the current memory and control block; resolves once it is serving. */
  private async startWorker(slot: WasmSlot): Promise<void> {
    const w = await spawnWasmWorker();
    const ctrl = this.ctrl;
    let ready = false;
    try {
      await new Promise<void>((resolve, reject) => {
        w.onMessage((m) => {
          if (m?.ready) resolve();
          else if (m?.error && !ready) reject(new TensorError('createWasmBackend', `worker failed to start: ${m.error}`));
        });
        w.onExit?.((info) => {
          if (!ready) reject(new TensorError('createWasmBackend', `worker failed to start: it ${exitReason(info)}`));
          else if (slot.worker === w) this.lose(slot, `worker ${slot.t} ${exitReason(info)} while idle`);
        });
        w.post({ module: this.module, memory: this.memory, ctrl, text: this.text.buffer, thread: slot.t, spinMs: SPIN_MS });
      });
    } catch (e) {
      w.terminate();
      throw e;
    }
    ready = true;
    // Disposed meanwhile, or the pool was rebuilt (and started its own replacement for this slot).
    if (this.disposed || ctrl !== this.ctrl) return w.terminate();
    slot.worker = w;
    slot.live = true;
    slot.generation++;
    w.unref?.();
  }

  /** Start a replacement for `slot` in the background, retrying a few times. */
  private respawn(slot: WasmSlot): void {
    if (this.disposed) return;
    const ctrl = this.ctrl;
    void (async () => {
      for (let attempt = 1; !this.disposed && ctrl === this.ctrl; attempt++) {
        try {
          return await this.startWorker(slot);
        } catch (e) {
          slot.lastLoss = `${slot.lastLoss ?? `worker ${slot.t} was lost`}; restarting it failed: ${e instanceof Error ? e.message : String(e)}`;
          if (attempt >= MAX_START_ATTEMPTS) return; // the pool goes on without this thread
          await sleep(100 * attempt);
        }
      }
    })();
  }

  /** `slot`'s worker is dead (it exited): drop it and start a replacement. */
  private lose(slot: WasmSlot, why: string): void {
    const w = slot.worker;
    if (w === null) return;
    slot.worker = null;
    slot.live = false;
    slot.lastLoss = why;
    w.terminate();
    this.respawn(slot);
  }

  /**
   * A worker was given up during a job: it may still be alive and write into the memory or count a
   * chunk done later, so nothing it can reach is used again. New memory and control block, every
   * worker terminated and replaced; until the replacements are up the calling thread does the work.
   */
  private rebuild(why: string): void {
    const old = this.ctrl;
    Atomics.store(old, SEQ, -1);
    Atomics.notify(old, SEQ);
    for (const s of this.slots) {
      s.worker?.terminate();
      s.worker = null;
      s.live = false;
    }
    this.fresh();
    this.rebuilt++;
    for (const s of this.slots) {
      if (s.lastLoss === null || !s.lastLoss.startsWith(why)) s.lastLoss = `replaced when the pool was rebuilt: ${why}`;
      this.respawn(s);
    }
  }

  backend(): PooledBackend {
    const fb = this.fallback;
    const b: PooledBackend = {
      name: `wasm-${this.relaxed ? 'relaxed-simd' : 'simd'}(${this.threads})`,
      threads: this.threads,
      unary: (op, x, out, p, q) => fb.unary(op, x, out, p, q),
      binary: (op, a, b, out, shape, as, bs) => fb.binary(op, a, b, out, shape, as, bs),
      reduce: (op, x, out, outer, len, inner) => fb.reduce(op, x, out, outer, len, inner),
      matmul: (a, b, c, aOff, bOff, batch, m, kk, n, tA, tB) => {
        if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) || m * kk * n < this.minWasmWork || (n === 1 && this.minWasmWork > 0) || this.disposed) {
          fb.matmul(a, b, c, aOff, bOff, batch, m, kk, n, tA, tB);
          return;
        }
        for (let bi = 0; bi < batch; bi++) this.gemm(a, aOff[bi], b, bOff[bi], c, bi * m * n, m, kk, n, tA, tB);
      },
      dispose: () => {
        if (this.disposed) return;
        this.disposed = true;
        Atomics.store(this.ctrl, SEQ, -1);
        Atomics.notify(this.ctrl, SEQ);
        for (const s of this.slots) {
          s.worker?.terminate();
          s.worker = null;
          s.live = false;
        }
        fb.dispose?.();
      },
    };
    probes.set(b, this.probe);
    return b;
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer.byteLength !== this.memory.buffer.byteLength) this.heap = new Float32Array(this.memory.buffer);
  }

  private gemm(a: Float32Array, ao: number, b: Float32Array, bo: number, c: Float32Array, co: number, m: number, kk: number, n: number, tA: boolean, tB: boolean): void {
    const work = m * kk * n;
    // Cut C into a grid of gr x gc chunks (about two per thread). Each chunk packs its own rows of A
    // and columns of B, so A is packed gc times and B gr times: pick the grid that packs least.
    const target = Math.min(this.threads * 2, Math.floor(work / this.minPer));
    let gr = 1, gc = 1;
    if (target > 1) {
      let best = Infinity;
      for (let r = 1; r <= target; r++) {
        const cc = Math.ceil(target / r);
        if (r > Math.ceil(m / MR) || cc > Math.ceil(n / NR)) continue;
        const cost = cc * m + r * n;
        if (cost < best) [best, gr, gc] = [cost, r, cc];
      }
    }
    const rowChunk = gr === 1 ? m : Math.ceil(m / gr / MR) * MR;
    const colChunk = gc === 1 ? n : Math.ceil(n / gc / NR) * NR;
    const gridCols = Math.ceil(n / colChunk);
    const nChunks = Math.ceil(m / rowChunk) * gridCols;
    const alone = performance.now() < this.soloUntil;
    if (alone && nChunks > 1) this.solo++;
    const threads = alone ? 1 : Math.min(this.threads, nChunks);
    // Layout: [64 KiB reserved][per thread: tmp, packed A, packed B][A][B][C], 16-byte aligned.
    // One thread computes all n columns in one call: its packed B must hold all of them.
    const pbBytes = this.k.scratchB(threads === 1 ? n : colChunk) * 4;
    const ctrl = this.ctrl;
    let off = PAGE;
    for (let t = 0; t < threads; t++) {
      ctrl[SCRATCH + 3 * t] = off;
      ctrl[SCRATCH + 3 * t + 1] = off + 256;
      ctrl[SCRATCH + 3 * t + 2] = off + 256 + this.scratchA;
      off += 256 + this.scratchA + pbBytes;
    }
    const A = off, B = A + ((m * kk * 4 + 15) & ~15), C = B + ((kk * n * 4 + 15) & ~15);
    this.ensure(C + m * n * 4);
    const heap = this.heap;
    heap.set(a.subarray(ao, ao + m * kk), A >> 2);
    heap.set(b.subarray(bo, bo + kk * n), B >> 2);
    const ars = tA ? 1 : kk, acs = tA ? m : 1, brs = tB ? 1 : n, bcs = tB ? kk : 1;
    if (threads === 1) {
      this.k.gemm(A, ars, acs, B, brs, bcs, C, n, 0, m, 0, n, kk, ctrl[SCRATCH + 1], ctrl[SCRATCH + 2], ctrl[SCRATCH]);
    } else {
      const seq = (this.seq = (this.seq + 1) & 0x3fffffff);
      const g = ARGS;
      ctrl[g] = A; ctrl[g + 1] = ars; ctrl[g + 2] = acs; ctrl[g + 3] = B; ctrl[g + 4] = brs; ctrl[g + 5] = bcs;
      ctrl[g + 6] = C; ctrl[g + 7] = n; ctrl[g + 8] = m; ctrl[g + 9] = n; ctrl[g + 10] = kk;
      ctrl[g + 11] = rowChunk; ctrl[g + 12] = colChunk; ctrl[g + 13] = gridCols; ctrl[g + 14] = nChunks;
      Atomics.store(ctrl, ERROR, 0);
      Atomics.store(ctrl, DONE_CHUNKS, 0);
      Atomics.store(ctrl, CLAIM, (seq & 0xffff) << 16);
      Atomics.store(ctrl, SEQ, seq);
      if (Atomics.load(ctrl, SLEEPING) > 0) Atomics.notify(ctrl, SEQ);
      this.probe.afterPublish?.();
      const failed = this.failed;
      failed.error = null;
      const t0 = performance.now();
      const mine = runChunks(this.k.gemm, ctrl, seq, 0, failed);
      const t1 = performance.now();
      // Chunks are about the same size: a live worker finishes the one it holds well before this.
      const chunkWork = rowChunk * colChunk * kk;
      if (mine > 0) this.msPerWork = (t1 - t0) / (mine * chunkWork);
      const perChunk = chunkWork * this.msPerWork;
      this.await(nChunks, t1 + 2 * perChunk + this.timeout, perChunk, seq, m, kk, n);
      // On a busy machine a worker may not be running when a job comes, and the caller then waits for the
      // chunk it claimed: the job is no faster than the caller alone (or slower). Then the next matmuls run
      // on the caller alone for SOLO_MS, and the pool is tried again. Same chunks' arithmetic either way,
      // so results do not change.
      const t2 = performance.now();
      if (mine > 0 && t2 - t0 > CONTENDED * nChunks * perChunk) this.soloUntil = t2 + SOLO_MS;
      if (failed.error !== null) {
        const e = failed.error;
        failed.error = null;
        throw e;
      }
    }
    c.set(heap.subarray(C >> 2, (C >> 2) + m * n), co);
  }

  /**
   * Wait until every chunk is done: spin for WAIT_SPIN_MS, then sleep on DONE_CHUNKS (workers notify
   * while MAIN_WAITING is set; the 1 ms timeout only bounds a lost wake-up). A page's main thread may
   * not block, so there it only spins. Past `deadline` the workers still holding chunks are given up.
   */
  private await(nChunks: number, deadline: number, perChunk: number, seq: number, m: number, kk: number, n: number): void {
    const ctrl = this.ctrl;
    let spins = 0;
    const t0 = performance.now();
    for (;;) {
      const done = Atomics.load(ctrl, DONE_CHUNKS);
      if (done >= nChunks) break;
      if ((++spins & 255) === 0) {
        const now = performance.now();
        if (now > deadline) this.overdue(seq, perChunk, m, kk, n);
        if (this.canBlock && now - t0 > WAIT_SPIN_MS) {
          Atomics.store(ctrl, MAIN_WAITING, 1);
          Atomics.wait(ctrl, DONE_CHUNKS, done, 1);
          Atomics.store(ctrl, MAIN_WAITING, 0);
        }
      }
    }
    const err = Atomics.load(ctrl, ERROR);
    if (err !== 0) this.chunkFailed(err - 1, m, kk, n);
  }

  /** Chunk i of the current job, in words. */
  private chunk(i: number, m: number, kk: number, n: number): string {
    const ctrl = this.ctrl;
    const rowChunk = ctrl[ARGS + 11], colChunk = ctrl[ARGS + 12], gridCols = ctrl[ARGS + 13], nChunks = ctrl[ARGS + 14];
    const ri = Math.floor(i / gridCols), r0 = ri * rowChunk, c0 = (i - ri * gridCols) * colChunk;
    return `chunk ${i + 1} of ${nChunks} (rows ${r0}–${Math.min(m, r0 + rowChunk)}, columns ${c0}–${Math.min(n, c0 + colChunk)}) of a ${m}×${kk}×${n} float32 matmul`;
  }

  /** A thread's chunk failed (ERROR named it): throw its error; replace it if it exited. */
  private chunkFailed(t: number, m: number, kk: number, n: number): never {
    const ctrl = this.ctrl;
    const task = this.chunk(Atomics.load(ctrl, FAIL_CHUNK + t), m, kk, n);
    const { message, stack } = readText(this.text, t * TEXT_UNITS, Atomics.load(ctrl, FAIL_LEN + t));
    if (Atomics.load(ctrl, FAIL + t) === FAIL_EXITED) {
      const reason = `worker ${t} ${message} while computing ${task}; it is being replaced`;
      const slot = this.slots[t - 1];
      if (slot) this.lose(slot, reason);
      throw new WorkerError('wasmBackend', reason, { worker: t, failure: 'exited', task, workerMessage: message });
    }
    throw new WorkerError('wasmBackend', threwReason(`worker ${t} threw while computing ${task}`, message, stack), { worker: t, failure: 'threw', task, workerMessage: message, workerStack: stack });
  }

  /** The job missed its deadline: name the workers still holding chunks, rebuild the pool, throw. */
  private overdue(seq: number, perChunk: number, m: number, kk: number, n: number): never {
    const ctrl = this.ctrl;
    const tag = (seq & 0xffff) << 16;
    const stuck: { t: number; task: string }[] = [];
    for (const s of this.slots) {
      const b = Atomics.load(ctrl, BUSY + s.t);
      if (b !== 0 && (b & ~0xffff) === tag) stuck.push({ t: s.t, task: this.chunk((b & 0xffff) - 1, m, kk, n) });
    }
    const left = ctrl[ARGS + 14] - Atomics.load(ctrl, DONE_CHUNKS);
    const wait = `${this.timeout} ms after twice the calling thread's time per chunk (${perChunk.toFixed(1)} ms)`;
    const who = stuck.length > 0
      ? stuck.map((s) => `worker ${s.t} did not finish ${s.task}`).join('; ')
      : `${left} chunk(s) claimed by a worker that left no trace were not finished`;
    const reason = `${who} within ${wait}: the worker died silently (terminated, crashed, out of memory) or hangs; the pool was given fresh memory and its workers are being replaced`;
    for (const s of stuck) this.slots[s.t - 1].lastLoss = reason;
    this.rebuild(reason);
    throw new WorkerError('wasmBackend', reason, { worker: stuck[0]?.t ?? 0, failure: 'lost', task: stuck[0]?.task ?? `a ${m}×${kk}×${n} float32 matmul` });
  }
}
