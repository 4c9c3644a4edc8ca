import type { Backend } from '../backend.js';
import { cpuBackend } from '../cpu/cpu-backend.js';
import { setBackend } from '../registry.js';
import { setSharedAllocation } from '../../dtype.js';
import { canShare, compileGemm, createMemory, instantiateGemm, type GemmExports } from './gemm-module.js';
import { SEQ, CLAIM, DONE_CHUNKS, ERROR, SLEEPING, MAIN_WAITING, ARGS, SCRATCH, CTRL_INTS, MAX_THREADS, SPIN_MS, WAIT_SPIN_MS } from './spin-protocol.js';
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
}

const PAGE = 65536;
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
 */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<Backend> {
  const hw = (globalThis as any).navigator?.hardwareConcurrency ?? 2;
  const shared = canShare();
  const threads = shared ? Math.min(MAX_THREADS, Math.max(1, Math.floor(opts.threads ?? hw))) : 1;
  const minWasmWork = opts.minWasmWork ?? 256;
  const minPer = opts.minWorkPerThread ?? 1 << 19;
  const fallback = opts.fallback ?? cpuBackend;
  const { module, relaxed } = compileGemm(shared, opts.relaxedSimd ?? true);
  const memory = createMemory(shared);
  const k = instantiateGemm(module, memory);
  const workers: PoolWorker[] = [];
  const ctrl = new Int32Array(shared ? new SharedArrayBuffer(CTRL_INTS * 4) : new ArrayBuffer(CTRL_INTS * 4));
  try {
    for (let t = 1; t < threads; t++) {
      const w = await spawnWasmWorker();
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        w.onMessage((m) => {
          if (m?.ready) resolve();
          else if (m?.error) reject(new Error(`createWasmBackend: worker failed to start: ${m.error}`));
        });
        w.post({ module, memory, ctrl, thread: t, spinMs: SPIN_MS });
      });
      w.unref?.();
    }
  } catch (e) {
    for (const w of workers) w.terminate();
    throw e;
  }
  return new WasmGemm(k, memory, workers, ctrl, threads, minWasmWork, minPer, fallback, relaxed).backend();
}

/**
 * Create the wasm backend and make it the current one. It also switches tensor allocation to plain
 * ArrayBuffers (setSharedAllocation(false)): this backend copies operands into its own memory, so
 * tensors need not be shared, and SharedArrayBuffers are much slower to allocate and are released
 * late by the GC (2× the step time and 3× the peak memory on the bench's large MLP). Call
 * setSharedAllocation(true) again before switching to createThreadBackend.
 */
export async function useWasmBackend(opts: WasmBackendOptions = {}): Promise<Backend> {
  const backend = await createWasmBackend(opts);
  setSharedAllocation(false);
  setBackend(backend);
  return backend;
}

/** The submitting thread's copy of runChunks in worker-source.ts: claim chunks until none is left. */
function runChunks(gemm: GemmExports['gemm'], ctrl: Int32Array, seq: number, t: number): void {
  const g = ARGS;
  const a = ctrl[g], ars = ctrl[g + 1], acs = ctrl[g + 2], b = ctrl[g + 3], brs = ctrl[g + 4], bcs = ctrl[g + 5];
  const c = ctrl[g + 6], ldc = ctrl[g + 7], m = ctrl[g + 8], n = ctrl[g + 9], k = ctrl[g + 10];
  const rowChunk = ctrl[g + 11], colChunk = ctrl[g + 12], gridCols = ctrl[g + 13], nChunks = ctrl[g + 14];
  const tmp = ctrl[SCRATCH + 3 * t], pa = ctrl[SCRATCH + 3 * t + 1], pb = ctrl[SCRATCH + 3 * t + 2];
  const tag = (seq & 0xffff) << 16;
  for (;;) {
    const v = Atomics.load(ctrl, CLAIM);
    if ((v & ~0xffff) !== tag || (v & 0xffff) >= nChunks) return;
    if (Atomics.compareExchange(ctrl, CLAIM, v, v + 1) !== v) continue;
    const i = v & 0xffff, ri = Math.floor(i / gridCols), r0 = ri * rowChunk, c0 = (i - ri * gridCols) * colChunk;
    gemm(a, ars, acs, b, brs, bcs, c, ldc, r0, Math.min(m, r0 + rowChunk), c0, Math.min(n, c0 + colChunk), k, pa, pb, tmp);
    Atomics.add(ctrl, DONE_CHUNKS, 1);
  }
}

class WasmGemm {
  private heap: Float32Array;
  private seq = 0;
  private disposed = false;
  private readonly canBlock = !isBrowserMainThread();
  private readonly scratchA: number;

  constructor(
    private readonly k: GemmExports,
    private readonly memory: WebAssembly.Memory,
    private readonly workers: PoolWorker[],
    private readonly ctrl: Int32Array,
    private readonly threads: number,
    private readonly minWasmWork: number,
    private readonly minPer: number,
    private readonly fallback: Backend,
    private readonly relaxed: boolean,
  ) {
    this.heap = new Float32Array(memory.buffer);
    this.scratchA = k.scratchA() * 4;
  }

  backend(): Backend {
    const fb = this.fallback;
    return {
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
        for (const w of this.workers) w.terminate();
        fb.dispose?.();
      },
    };
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
    const threads = Math.min(this.threads, nChunks);
    // Layout: [64 KiB reserved][per thread: tmp, packed A, packed B][A][B][C], 16-byte aligned.
    const pbBytes = this.k.scratchB(colChunk) * 4;
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
      Atomics.store(ctrl, DONE_CHUNKS, 0);
      Atomics.store(ctrl, CLAIM, (seq & 0xffff) << 16);
      Atomics.store(ctrl, SEQ, seq);
      if (Atomics.load(ctrl, SLEEPING) > 0) Atomics.notify(ctrl, SEQ);
      runChunks(this.k.gemm, ctrl, seq, 0);
      this.await(nChunks);
    }
    c.set(heap.subarray(C >> 2, (C >> 2) + m * n), co);
  }

  /**
   * Wait until every chunk is done: spin for WAIT_SPIN_MS, then sleep on DONE_CHUNKS (workers notify
   * while MAIN_WAITING is set; the 1 ms timeout only bounds a lost wake-up). A page's main thread may
   * not block, so there it only spins.
   */
  private await(nChunks: number): void {
    const ctrl = this.ctrl;
    let spins = 0;
    const t0 = performance.now();
    for (;;) {
      const done = Atomics.load(ctrl, DONE_CHUNKS);
      if (done >= nChunks) break;
      if ((++spins & 255) === 0 && this.canBlock && performance.now() - t0 > WAIT_SPIN_MS) {
        Atomics.store(ctrl, MAIN_WAITING, 1);
        Atomics.wait(ctrl, DONE_CHUNKS, done, 1);
        Atomics.store(ctrl, MAIN_WAITING, 0);
      }
    }
    if (Atomics.load(ctrl, ERROR) !== 0) throw new Error('wasm backend: a worker failed while running a gemm chunk');
  }
}
