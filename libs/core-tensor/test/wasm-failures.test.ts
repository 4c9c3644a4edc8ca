import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createWasmBackend, __testing, type WasmPoolProbe } from '../src/backend/wasm/wasm-backend.js';
import { WorkerError } from '../src/backend/worker-error.js';
import { TensorError, OptionError, type Backend } from '../src/index.js';
import { createWatchdog } from './watchdog.js';

// Workers of the wasm pool that die or throw must never leave the submitter spinning: the matmul
// throws a WorkerError within the deadline, and the pool recovers with results bit-identical to
// one thread. Before the fix the lost-chunk cases spun forever: every call into the pool is guarded
// by a watchdog (a synchronous hang also stops vitest's timeouts), and every test has a timeout.

const TIMEOUT = 400; // workerTimeout of the pool under test (ms)
const BOUND = 2500; // what a failing matmul may take here: TIMEOUT + twice a chunk, with slack for a busy machine

const rand = (n: number, seed: number): Float32Array => {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
};

const watchdog = createWatchdog();

function run(be: Backend, m: number, k: number, n: number, tA = false, tB = false): Float32Array {
  const a = rand(m * k, m * 7 + k), b = rand(k * n, n * 13 + k);
  const c = new Float32Array(m * n).fill(NaN);
  const off = new Int32Array(1);
  watchdog.guard(() => be.matmul(a, b, c, off, off, 1, m, k, n, tA, tB));
  return c;
}

const SHAPES: [number, number, number][] = [[256, 512, 128], [130, 257, 67], [40, 64, 300]];

/** Every shape and transpose form gives the one-thread result bit for bit. */
function expectExact(pool: Backend, one: Backend): void {
  for (const [m, k, n] of SHAPES) {
    for (const [tA, tB] of [[false, false], [true, true]] as const) expect(run(pool, m, k, n, tA, tB)).toEqual(run(one, m, k, n, tA, tB));
  }
}

/** The matmul must throw a WorkerError within `bound` ms. */
function failure(pool: Backend, bound = BOUND): WorkerError {
  const t0 = performance.now();
  let err: unknown = null;
  try {
    run(pool, 256, 512, 128);
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  expect(err, 'the matmul should have thrown').toBeInstanceOf(WorkerError);
  expect(err).toBeInstanceOf(TensorError);
  expect(ms, `failed after ${ms.toFixed(0)} ms`).toBeLessThan(bound);
  expect((err as WorkerError).owner).toBe('wasmBackend');
  return err as WorkerError;
}

/** Block the calling thread (no event loop) until `pred` holds, at most `ms`. */
function spinUntil(pred: () => boolean, ms = 2000): void {
  const t0 = performance.now();
  while (!pred()) if (performance.now() - t0 > ms) throw new Error('spinUntil: timed out');
}

async function until(what: string, pred: () => boolean, ms = 8000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Make worker 1 fail on its next chunk, and hold the submitter until it has taken that chunk. */
function armFault(probe: WasmPoolProbe, kind: 'trap' | 'hang' | 'exit' | 'stall', then?: () => void): void {
  // A slow job before (a replaced worker's first chunks) may have put the pool on the caller alone for a while.
  spinUntil(() => !probe.soloActive());
  probe.fault(1, kind);
  probe.afterPublish = () => {
    probe.afterPublish = null;
    spinUntil(() => !probe.faultPending()); // taken with a chunk
    then?.();
  };
}

describe('wasm backend: failing workers (2 threads)', () => {
  let pool: Backend, one: Backend;
  let probe: WasmPoolProbe;
  beforeAll(async () => {
    pool = await createWasmBackend({ threads: 2, minWasmWork: 0, minWorkPerThread: 1, workerTimeout: TIMEOUT });
    one = await createWasmBackend({ threads: 1, minWasmWork: 0 });
    probe = __testing.probe(pool);
  });
  afterAll(() => {
    pool?.dispose?.();
    one?.dispose?.();
    watchdog.stop();
  });

  it('a worker terminated right after a job is published, holding a chunk: the matmul throws within the bound naming it; the pool is rebuilt', async () => {
    expect(probe.live()).toEqual([1]);
    const gen = probe.generation(1), rebuilds = probe.rebuilds();
    armFault(probe, 'hang', () => probe.kill(1));
    const e = failure(pool);
    expect(e.worker).toBe(1);
    expect(e.failure).toBe('lost');
    expect(e.message).toMatch(/^wasmBackend: worker 1 did not finish chunk \d of 4 \(rows \d+–\d+, columns \d+–\d+\) of a 256×512×128 float32 matmul within 400 ms/);
    expect(e.message).toMatch(/died silently \(terminated, crashed, out of memory\) or hangs; the pool was given fresh memory and its workers are being replaced$/);
    expect(probe.rebuilds()).toBe(rebuilds + 1);
    // Until the replacement is up the calling thread computes alone, exactly.
    expectExact(pool, one);
    await until('worker 1 is replaced', () => probe.generation(1) > gen && probe.live().length === 1);
    expectExact(pool, one);
  }, 15_000);

  it('a worker that is not running when a job comes (descheduled on a busy machine): the caller does not keep waiting on it', () => {
    let published = 0;
    const count = () => void published++;
    armFault(probe, 'stall'); // worker 1 takes a chunk, then is "off the CPU" for 30 ms before computing it
    const solo = probe.soloJobs();
    const t0 = performance.now();
    expect(run(pool, 256, 512, 128)).toEqual(run(one, 256, 512, 128));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29); // it had to wait for that chunk once
    // The next matmul runs on the calling thread alone (no job is published), exactly...
    probe.afterPublish = count;
    expect(probe.soloActive()).toBe(true);
    expect(run(pool, 130, 257, 67, true, true)).toEqual(run(one, 130, 257, 67, true, true));
    expect(probe.soloJobs()).toBe(solo + 1);
    expect(published).toBe(0);
    // ...and after a while the pool is tried again.
    spinUntil(() => !probe.soloActive(), 1000);
    run(pool, 256, 512, 128);
    expect(published).toBe(1);
    probe.afterPublish = null;
  }, 15_000);

  it('a worker that died while idle: the next matmul succeeds without it, exactly; it is replaced', async () => {
    const gen = probe.generation(1);
    probe.kill(1);
    const t0 = performance.now();
    while (performance.now() - t0 < 50); // let the thread really stop; its 'exit' event is not delivered yet
    const t1 = performance.now();
    expectExact(pool, one);
    expect(performance.now() - t1).toBeLessThan(BOUND);
    await until('the exit of worker 1 is seen and it is replaced', () => probe.generation(1) > gen && probe.live().length === 1);
    expect(probe.lastLoss(1)).toMatch(/^worker 1 exited with code 1 while idle/);
    expectExact(pool, one);
  }, 15_000);

  it('a worker whose kernel traps: the caller gets its message and stack; the worker stays and later matmuls are exact', () => {
    const gen = probe.generation(1), rebuilds = probe.rebuilds();
    armFault(probe, 'trap');
    const e = failure(pool, 1000);
    expect(e.failure).toBe('threw');
    expect(e.workerMessage).toBe('RuntimeError: memory access out of bounds');
    expect(e.message).toMatch(/^wasmBackend: worker 1 threw while computing chunk \d of 4 .* of a 256×512×128 float32 matmul: RuntimeError: memory access out of bounds\nworker stack:\n\s+at /);
    expect(e.workerStack).toMatch(/runChunks/);
    expect((e.cause as Error).message).toBe(e.workerMessage);
    // The worker is healthy and the error flag is per job: the next matmuls succeed on both threads.
    expect(probe.generation(1)).toBe(gen);
    expect(probe.rebuilds()).toBe(rebuilds);
    expectExact(pool, one);
  }, 10_000);

  it('a worker that exits in the middle of a chunk: the matmul throws at once with its exit code; it is replaced', async () => {
    const gen = probe.generation(1), rebuilds = probe.rebuilds();
    armFault(probe, 'exit');
    const e = failure(pool, TIMEOUT); // reported by the worker itself, before the deadline
    expect(e.failure).toBe('exited');
    expect(e.message).toMatch(/^wasmBackend: worker 1 exited with code 3 while computing chunk \d of 4 .*; it is being replaced$/);
    expect(probe.rebuilds()).toBe(rebuilds);
    expectExact(pool, one);
    await until('worker 1 is replaced', () => probe.generation(1) > gen && probe.live().length === 1);
    expectExact(pool, one);
  }, 15_000);

  it('a worker that hangs silently on a chunk is given up at the deadline; the pool is rebuilt and stays exact', async () => {
    const gen = probe.generation(1), rebuilds = probe.rebuilds();
    armFault(probe, 'hang');
    const e = failure(pool);
    expect(e.failure).toBe('lost');
    expect(e.message).toMatch(/^wasmBackend: worker 1 did not finish chunk/);
    expect(probe.rebuilds()).toBe(rebuilds + 1);
    await until('worker 1 is replaced', () => probe.generation(1) > gen && probe.live().length === 1);
    expectExact(pool, one);
  }, 15_000);
});

describe('wasm backend: workerTimeout option', () => {
  it('defaults to 3 s and must be a positive number', async () => {
    const b = await createWasmBackend({ threads: 1 });
    expect(__testing.probe(b).workerTimeout).toBe(3000);
    b.dispose?.();
    await expect(createWasmBackend({ threads: 1, workerTimeout: -1 })).rejects.toThrow(OptionError);
  });
});
