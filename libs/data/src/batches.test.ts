import { describe, expect, it } from 'vitest';
import { batches, countBatches, gatherRows, makeDataset, selectRows } from './index.js';

const collect = (...args: Parameters<typeof batches>): number[][] => [...batches(...args)].map((b) => Array.from(b));
const sorted = (bs: number[][]): number[] => bs.flat().sort((a, b) => a - b);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('batches', () => {
  it('full batch: one batch with every row (in order when not shuffled)', () => {
    expect(collect(5, { mode: 'full', shuffle: false })).toEqual([[0, 1, 2, 3, 4]]);
    const shuffled = collect(50, { mode: 'full', seed: 1 });
    expect(shuffled).toHaveLength(1);
    expect(sorted(shuffled)).toEqual(range(50));
    expect(countBatches(50, { mode: 'full' })).toBe(1);
  });

  it('sgd: one row per batch, each row once', () => {
    const bs = collect(7, { mode: 'sgd', seed: 3 });
    expect(bs).toHaveLength(7);
    expect(bs.every((b) => b.length === 1)).toBe(true);
    expect(sorted(bs)).toEqual(range(7));
    expect(countBatches(7, { mode: 'sgd', batchSize: 99 })).toBe(7);
  });

  it('minibatch: batches of m, last partial batch kept, every row once', () => {
    const bs = collect(23, { mode: 'minibatch', batchSize: 5, seed: 9 });
    expect(bs.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    expect(sorted(bs)).toEqual(range(23));
    expect(countBatches(23, { mode: 'minibatch', batchSize: 5 })).toBe(5);
    expect(collect(4, { mode: 'minibatch', batchSize: 10, shuffle: false })).toEqual([[0, 1, 2, 3]]);
    expect(collect(6, { mode: 'minibatch', batchSize: 4, shuffle: false })).toEqual([[0, 1, 2, 3], [4, 5]]);
  });

  it('shuffles reproducibly: same (seed, epoch) → same order; other epoch or seed → other order', () => {
    const a = collect(40, { mode: 'minibatch', batchSize: 8, seed: 5, epoch: 0 });
    expect(collect(40, { mode: 'minibatch', batchSize: 8, seed: 5, epoch: 0 })).toEqual(a);
    const e1 = collect(40, { mode: 'minibatch', batchSize: 8, seed: 5, epoch: 1 });
    const s6 = collect(40, { mode: 'minibatch', batchSize: 8, seed: 6, epoch: 0 });
    expect(e1).not.toEqual(a);
    expect(s6).not.toEqual(a);
    expect(a.flat()).not.toEqual(range(40));
    // every epoch covers every row exactly once
    for (let epoch = 0; epoch < 5; epoch++) {
      expect(sorted(collect(40, { mode: 'minibatch', batchSize: 8, seed: 5, epoch }))).toEqual(range(40));
    }
    // many epochs give many different permutations
    const orders = new Set(range(20).map((epoch) => collect(10, { mode: 'full', seed: 1, epoch }).flat().join()));
    expect(orders.size).toBe(20);
  });

  it('yields nothing for n = 0', () => {
    expect(collect(0, { mode: 'minibatch', batchSize: 4 })).toEqual([]);
    expect(collect(0, { mode: 'full' })).toEqual([]);
    expect(countBatches(0, { mode: 'sgd' })).toBe(0);
  });

  it('validates eagerly with clear messages', () => {
    expect(() => batches(10, { mode: 'minibatch' })).toThrow(/mode 'minibatch' needs batchSize/);
    expect(() => batches(10, { mode: 'minibatch', batchSize: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => batches(10, { mode: 'stochastic' as 'sgd' })).toThrow(/mode must be one of full, sgd, minibatch, got "stochastic"/);
    expect(() => batches(-1, { mode: 'full' })).toThrow(/n must be a non-negative integer/);
    expect(() => batches(10, { mode: 'full', epoch: -1 })).toThrow(/epoch must be a non-negative integer/);
    expect(() => batches(10, { mode: 'full', seed: 0.5 })).toThrow(/seed must be an integer/);
  });

  it('indices cut matching rows of x and y', () => {
    const ds = makeDataset('circles', { n: 20, seed: 1 });
    const [first] = batches(20, { mode: 'minibatch', batchSize: 6, seed: 2 });
    const xb = gatherRows(ds.x, first);
    const sub = selectRows(ds, first);
    expect(xb.shape).toEqual([6, 2]);
    first.forEach((r, i) => {
      expect(xb.get(i, 1)).toBe(ds.x.get(r, 1));
      expect(sub.y.get(i, 0)).toBe(ds.y.get(r, 0));
      expect(sub.labels![i]).toBe(ds.labels![r]);
    });
  });
});
