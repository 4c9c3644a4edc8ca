import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPath } from '@descent/core-tensor';
import { dataSpecProblems, generateFunctionBoundary, loadData } from './index.js';

describe('function-boundary data', () => {
  it('labels every point by y + noise > f(x) (property: without noise the labels are exact)', () => {
    const fs = [Math.sin, (x: number) => x ** 3 - x, (x: number) => Math.abs(x)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 200 }), fc.nat(1000), (k, n, seed) => {
        const ds = generateFunctionBoundary(fs[k], { n, noise: 0, seed, xMin: -2, xMax: 2 });
        expect(ds.x.shape).toEqual([n, 2]);
        for (let i = 0; i < n; i++) {
          const [a, b] = [ds.x.data[2 * i], ds.x.data[2 * i + 1]];
          expect(a).toBeGreaterThanOrEqual(-2);
          expect(a).toBeLessThanOrEqual(2);
          expect(ds.labels![i]).toBe(b > fs[k](a) ? 1 : 0);
        }
      }),
      { numRuns: 40 },
    );
  });
  it('is seeded, has both classes, and noise mixes labels near the curve', () => {
    const a = generateFunctionBoundary(Math.sin, { n: 400, noise: 0, seed: 3, xMin: -3, xMax: 3 });
    const b = generateFunctionBoundary(Math.sin, { n: 400, noise: 0, seed: 3, xMin: -3, xMax: 3 });
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    const ones = a.labels!.reduce((s, l) => s + l, 0);
    expect(ones).toBeGreaterThan(100);
    expect(ones).toBeLessThan(300);
    const noisy = generateFunctionBoundary(Math.sin, { n: 400, noise: 0.5, seed: 3, xMin: -3, xMax: 3 });
    const wrong = Array.from(noisy.labels!).filter((l, i) => l !== (noisy.x.data[2 * i + 1] > Math.sin(noisy.x.data[2 * i]) ? 1 : 0)).length;
    expect(wrong).toBeGreaterThan(10);
  });
  it('a boundary data spec is checked field by field and needs the caller to compile f', () => {
    expect(dataSpecProblems({ boundary: { f: 'sin(x)', n: 100, noise: 0.1 } })).toEqual([]);
    expect(dataSpecProblems({ boundary: { f: '', n: 1, noise: -1, xMin: 2, xMax: 1, y: 3 }, extra: 1 }).map((e) => formatPath(e.path)).sort()).toEqual(
      ['data.boundary.f', 'data.boundary.n', 'data.boundary.noise', 'data.boundary.xMax', 'data.boundary.y', 'data.extra'].sort(),
    );
    expect(() => loadData({ boundary: { f: 'sin(x)' } })).toThrow(/needs a compileFunction/);
    const d = loadData({ boundary: { f: 'sin(x)', n: 50 }, testFraction: 0.2 }, { compileFunction: () => Math.sin });
    expect([d.train.x.shape[0], d.test!.x.shape[0], d.features, d.task]).toEqual([40, 10, 2, 'binary']);
    expect(d.all.name).toBe('y > sin(x)');
    expect(() => loadData({ boundary: { f: 'log(x)' } }, { compileFunction: () => Math.log })).toThrow(/must be finite/);
  });
});
