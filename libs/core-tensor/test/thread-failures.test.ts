import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as T from '../src/index.js';
import { cpuBackend, setBackend, createThreadBackend, TensorError, OptionError, type Backend, type Tensor } from '../src/index.js';
import { __testing, DEFAULT_WORKER_TIMEOUT, type ThreadPoolProbe } from '../src/backend/threads/thread-backend.js';
import { WorkerError } from '../src/backend/worker-error.js';
import { createWatchdog } from './watchdog.js';

// Workers that die or throw must never hang the caller: the op throws a WorkerError within the
// deadline, and the pool replaces the worker and goes on computing exactly as one thread does.
// Before the fix these cases waited forever: every call into the pool is guarded by a watchdog (a
// synchronous hang also stops vitest's timeouts), and every test has its own timeout.

const TIMEOUT = 400; // workerTimeout of the pool under test (ms)
const BOUND = 2500; // what a failing op may take here: TIMEOUT + twice the caller's slice, with slack for a busy machine

const X = T.randn([600, 500], { seed: 5 });
const Y = T.randn([600, 500], { seed: 6 });
const A = T.randn([300, 400], { seed: 1 }), B = T.randn([400, 500], { seed: 2 });
const ops: [string, () => Tensor][] = [
  ['exp', () => T.exp(X)],
  ['add', () => T.add(X, Y)],
  ['sum axis 0', () => T.sum(X, 0)],
  ['matmul', () => T.matmul(A, B)],
];

const watchdog = createWatchdog();

function on<R>(b: Backend, fn: () => R): R {
  const prev = setBackend(b);
  try {
    return watchdog.guard(fn);
  } finally {
    setBackend(prev);
  }
}

function expectBitEqual(a: Tensor, b: Tensor): void {
  expect(b.shape).toEqual(a.shape);
  let bad = -1;
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) { bad = i; break; }
  if (bad >= 0) expect.fail(`element ${bad}: single-thread ${a.data[bad]} vs threads ${b.data[bad]}`);
}

/** Every op gives the single-thread result bit for bit. */
function expectExact(pool: Backend): void {
  for (const [name, fn] of ops) {
    const one = on(cpuBackend, fn), many = on(pool, fn);
    expect(many.size, name).toBe(one.size);
    expectBitEqual(one, many);
  }
}

/** Run fn on the pool; it must throw a WorkerError within `bound` ms. Returns the error. */
function failure(pool: Backend, fn: () => unknown, bound = BOUND): WorkerError {
  const t0 = performance.now();
  let err: unknown = null;
  try {
    on(pool, fn);
  } catch (e) {
    err = e;
  }
  const ms = performance.now() - t0;
  expect(err, 'the op should have thrown').toBeInstanceOf(WorkerError);
  expect(err).toBeInstanceOf(TensorError);
  expect(ms, `failed after ${ms.toFixed(0)} ms`).toBeLessThan(bound);
  const e = err as WorkerError;
  expect(e.owner).toBe('threadBackend');
  return e;
}

async function until(what: string, pred: () => boolean, ms = 8000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wait until worker `id` has been replaced `times` times and every worker takes slices again. */
const replaced = (probe: ThreadPoolProbe, id: number, gen: number) =>
  until(`worker ${id} is replaced`, () => probe.generation(id) > gen && probe.live().length === 2);

describe('thread backend: failing workers (3 threads)', () => {
  let pool: Backend;
  let probe: ThreadPoolProbe;
  beforeAll(async () => {
    pool = await createThreadBackend({ threads: 3, workerTimeout: TIMEOUT });
    probe = __testing.probe(pool);
  }, 20_000);
  afterAll(() => {
    pool?.dispose?.();
    watchdog.stop();
  });

  it('a worker terminated right after a job is posted: the op throws within the bound, naming the worker and its slice; the worker is replaced', async () => {
    expect(probe.live()).toEqual([1, 2]);
    const gen = probe.generation(1);
    // The worker blocks on the slice it receives (so it cannot finish it first) and is killed.
    probe.fault(1, 'hang');
    probe.afterPost = () => {
      probe.afterPost = null;
      probe.kill(1);
    };
    const e = failure(pool, () => T.exp(X));
    expect(e.worker).toBe(1);
    expect(e.failure).toBe('lost');
    expect(e.message).toMatch(/^threadBackend: worker 1 (started|did not pick up) exp on elements 100000–200000 of 300000/);
    expect(e.message).toMatch(/within 400 ms .*died silently \(terminated, crashed, out of memory\) or hangs; it was terminated and is being replaced/);
    await replaced(probe, 1, gen);
    expectExact(pool);
  }, 15_000);

  it('a worker that died while idle: the next op throws clearly within the bound (or, once the exit was seen, succeeds), then the pool recovers', async () => {
    // Killed and used at once, before its 'exit' event can arrive: the job posted to it is never picked up.
    let gen = probe.generation(2);
    probe.kill(2);
    const e = failure(pool, () => T.add(X, Y));
    expect(e.worker).toBe(2);
    expect(e.failure).toBe('lost');
    expect(e.message).toMatch(/worker 2 did not pick up add on elements 200000–300000 of 300000 within 400 ms/);
    await replaced(probe, 2, gen);
    expectExact(pool);

    // Killed between ops with the event loop running: the 'exit' event takes it out of the pool,
    // the next op runs on the remaining worker, and a replacement joins.
    gen = probe.generation(1);
    probe.kill(1);
    await until('the exit of worker 1 is seen', () => !probe.live().includes(1) || probe.generation(1) > gen);
    expect(probe.lastLoss(1)).toMatch(/^worker 1 exited with code 1 while idle/);
    const t0 = performance.now();
    expectExact(pool);
    expect(performance.now() - t0).toBeLessThan(BOUND);
    await replaced(probe, 1, gen);
    expectExact(pool);
  }, 20_000);

  it('a worker whose kernel throws: the caller gets its message and stack; the worker stays and results stay exact', () => {
    const gen = probe.generation(2);
    probe.fault(2, 'throw');
    const e = failure(pool, () => T.matmul(A, B), 1000);
    expect(e.worker).toBe(2);
    expect(e.failure).toBe('threw');
    expect(e.workerMessage).toBe('Error: test fault: the matmul kernel threw on [200, 300)');
    expect(e.message).toMatch(/^threadBackend: worker 2 threw while running matmul \(k = 400, n = 500\) on rows 200–300 of 300: Error: test fault: the matmul kernel threw on \[200, 300\)\nworker stack:\n\s+at faultyKernel/);
    expect(e.workerStack).toMatch(/faultyKernel/);
    expect((e.cause as Error).message).toBe(e.workerMessage);
    expect(e.reason).not.toMatch(/unknown error/);
    expect(probe.generation(2)).toBe(gen);
    expect(probe.live()).toEqual([1, 2]);
    expectExact(pool);
  }, 10_000);

  it('a worker that exits in the middle of a slice: the op throws at once with its exit code; it is replaced', async () => {
    const gen = probe.generation(1);
    probe.fault(1, 'exit');
    const e = failure(pool, () => T.sum(X, 0), TIMEOUT); // reported by the worker itself, before the deadline
    expect(e.failure).toBe('exited');
    expect(e.message).toBe('threadBackend: worker 1 exited with code 3 while running sum reduction on outputs 166–333 of 500; it is being replaced');
    await replaced(probe, 1, gen);
    expectExact(pool);
  }, 15_000);

  it('a worker that hangs silently is given up at the deadline, terminated and replaced', async () => {
    const gen = probe.generation(2);
    probe.fault(2, 'hang');
    const e = failure(pool, () => T.exp(Y));
    expect(e.failure).toBe('lost');
    expect(e.message).toMatch(/worker 2 started exp on elements 200000–300000 of 300000 but did not finish it within 400 ms/);
    await replaced(probe, 2, gen);
    expectExact(pool);
  }, 15_000);
});

describe('thread backend: workerTimeout option', () => {
  it('defaults to 3 s and must be a positive number', async () => {
    expect(DEFAULT_WORKER_TIMEOUT).toBe(3000);
    const solo = await createThreadBackend({ threads: 1 });
    expect(__testing.probe(solo).workerTimeout).toBe(3000);
    solo.dispose?.();
    await expect(createThreadBackend({ threads: 1, workerTimeout: 0 })).rejects.toThrow(OptionError);
    await expect(createThreadBackend({ threads: 1, workerTimeout: Number.NaN })).rejects.toThrow(/createThreadBackend: workerTimeout must be a finite number/);
  });
});
