import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import * as T from '../src/index.js';
import { cpuBackend, setBackend, getBackend, createThreadBackend, type Backend, type Tensor, type DType } from '../src/index.js';
import { DTYPES } from './helpers.js';

// A tiny spy on the real workers: count the job slices posted to them.
const spy = vi.hoisted(() => ({ jobs: 0 }));
vi.mock('../src/backend/threads/spawn.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/backend/threads/spawn.js')>();
  return {
    ...real,
    spawnWorker: async () => {
      const h = await real.spawnWorker();
      return { ...h, post: (m: any) => (m?.job && spy.jobs++, h.post(m)) };
    },
  };
});

/** Run fn on the single-thread backend and on `b`; return both results. */
function both(b: Backend, fn: () => Tensor): [Tensor, Tensor] {
  const prev = setBackend(cpuBackend);
  try {
    const one = fn();
    setBackend(b);
    return [one, fn()];
  } finally {
    setBackend(prev);
  }
}

/** Bit-for-bit equality (NaN payloads aside), without building a diff of a million elements. */
function expectBitEqual(a: Tensor, b: Tensor): void {
  expect(b.shape).toEqual(a.shape);
  expect(b.dtype).toBe(a.dtype);
  let bad = -1;
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) { bad = i; break; }
  if (bad >= 0) expect.fail(`element ${bad}: single-thread ${a.data[bad]} vs threads ${b.data[bad]}`);
}

/** Run fn on the thread backend and report how many slices went to workers. */
function jobsOf(b: Backend, fn: () => unknown): number {
  const prev = setBackend(b);
  const before = spy.jobs;
  try {
    fn();
  } finally {
    setBackend(prev);
  }
  return spy.jobs - before;
}

describe('thread backend (2 threads)', () => {
  let pool: Backend;
  beforeAll(async () => {
    pool = await createThreadBackend({ threads: 2 });
  });
  afterAll(() => {
    pool.dispose?.();
    setBackend(cpuBackend);
  });

  it('describes itself', () => {
    expect(pool.name).toBe('threads(2)');
    expect(pool.threads).toBe(2);
    expect(getBackend()).not.toBe(pool); // creating a pool does not install it
  });

  describe.each(DTYPES)('%s: results equal the single-thread backend bit for bit', (dtype: DType) => {
    const A = T.randn([300, 400], { seed: 1, dtype });
    const B = T.randn([400, 500], { seed: 2, dtype });
    const At = T.transpose(A), Bt = T.transpose(B);

    it.each([
      ['A·B', () => T.matmul(A, B)],
      ['Aᵀ·B (transA)', () => T.matmul(At, B, { transA: true })],
      ['A·Bᵀ (transB)', () => T.matmul(A, Bt, { transB: true })],
      ['Aᵀ·Bᵀ', () => T.matmul(At, Bt, { transA: true, transB: true })],
      ['batched broadcast [3,1,40,50]·[4,50,60]', () => T.matmul(T.randn([3, 1, 40, 50], { seed: 3, dtype }), T.randn([4, 50, 60], { seed: 4, dtype }))],
    ])('matmul %s', (_, fn) => {
      const n = jobsOf(pool, fn);
      expect(n).toBeGreaterThan(0);
      const [one, many] = both(pool, fn);
      expectBitEqual(one, many);
    });

    const X = T.randn([600, 500], { seed: 5, dtype });
    const Y = T.randn([600, 500], { seed: 6, dtype });
    const P = T.randn([1, 128, 128], { seed: 7, dtype });
    const Q = T.randn([128, 128, 1], { seed: 8, dtype });
    const bias = T.randn([500], { seed: 9, dtype });
    it.each([
      ['exp', () => T.exp(X)],
      ['gelu', () => T.gelu(X)],
      ['softplus(beta, threshold)', () => T.softplus(X, 2, 3)],
      ['clamp', () => T.clamp(X, -0.5, 0.7)],
      ['add same shape', () => T.add(X, Y)],
      ['pow', () => T.pow(T.abs(X), Y)],
      ['mul broadcast [1,128,128]·[128,128,1]', () => T.mul(P, Q)],
      ['sub with a broadcast row (bias)', () => T.sub(X, bias)],
      ['sum axis 0', () => T.sum(X, 0)],
      ['sum axis 1 keepdim', () => T.sum(X, 1, true)],
      ['max axis 0', () => T.max(X, 0)],
      ['logsumexp axis -1', () => T.logsumexp(X, -1)],
      ['mean over all', () => T.mean(X)],
      ['argmax axis 1', () => T.argmax(X, 1)],
      ['softmax', () => T.softmax(X, 1)],
    ])('%s', (_, fn) => {
      const [one, many] = both(pool, fn);
      expectBitEqual(one, many);
    });

    it('large elementwise, broadcast and reduction kernels are split over the workers', () => {
      expect(jobsOf(pool, () => T.exp(X))).toBe(1);
      expect(jobsOf(pool, () => T.add(X, Y))).toBe(1);
      expect(jobsOf(pool, () => T.mul(P, Q))).toBe(1);
      expect(jobsOf(pool, () => T.sum(X, 0))).toBe(1);
      // Small operands and small outputs (a bias row, a reduction to 500 values, a 20×20 product
      // with k = 5000) are copied to shared memory so the large kernel is still split.
      expect(jobsOf(pool, () => T.sub(X, bias))).toBe(1);
      expect(jobsOf(pool, () => T.max(X, 1))).toBe(1);
      const L = T.randn([20, 5000], { seed: 10, dtype }), R = T.randn([5000, 20], { seed: 11, dtype });
      expect(jobsOf(pool, () => T.matmul(L, R))).toBe(1);
      const [one, many] = both(pool, () => T.matmul(L, R));
      expectBitEqual(one, many);
    });
  });

  it('small ops stay on the calling thread', () => {
    const a = T.randn([20, 30], { seed: 1 }), b = T.randn([30, 10], { seed: 2 });
    expect(jobsOf(pool, () => {
      T.matmul(a, b);
      T.exp(a);
      T.add(a, a);
      T.sum(a, 0);
      T.softmax(a);
    })).toBe(0);
  });
});

describe('thread backend options and lifecycle', () => {
  it('minWork raises the size threshold; results are unchanged', async () => {
    const lazy = await createThreadBackend({ threads: 2, minWork: Number.MAX_SAFE_INTEGER });
    try {
      const A = T.randn([300, 400], { seed: 1 }), B = T.randn([400, 500], { seed: 2 });
      expect(jobsOf(lazy, () => T.matmul(A, B))).toBe(0);
      expect(jobsOf(lazy, () => T.exp(A))).toBe(0);
      const [one, many] = both(lazy, () => T.matmul(A, B));
      expectBitEqual(one, many);
    } finally {
      lazy.dispose?.();
    }
    const eager = await createThreadBackend({ threads: 2, minWork: 1 });
    try {
      const a = T.randn([3, 5], { seed: 3 });
      expect(jobsOf(eager, () => T.exp(a))).toBe(1);
      for (const fn of [() => T.tanh(a), () => T.add(a, T.sliceRows(a, 0, 1)), () => T.sum(a, 1), () => T.matmul(a, a, { transB: true })]) {
        const [one, many] = both(eager, fn);
        expectBitEqual(one, many);
      }
    } finally {
      eager.dispose?.();
    }
  });

  it('threads: 1 runs everything on the calling thread', async () => {
    const solo = await createThreadBackend({ threads: 1 });
    const A = T.randn([300, 400], { seed: 1 }), B = T.randn([400, 500], { seed: 2 });
    expect(jobsOf(solo, () => T.matmul(A, B))).toBe(0);
    solo.dispose?.();
  });

  it('after dispose() ops still work, on the calling thread', async () => {
    const b = await createThreadBackend({ threads: 2 });
    const A = T.randn([300, 400], { seed: 1 }), B = T.randn([400, 500], { seed: 2 });
    expect(jobsOf(b, () => T.matmul(A, B))).toBe(1);
    b.dispose?.();
    expect(jobsOf(b, () => T.matmul(A, B))).toBe(0);
    const [one, after] = both(b, () => T.matmul(A, B));
    expectBitEqual(one, after);
  });
});
