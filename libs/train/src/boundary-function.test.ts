import { describe, expect, it } from 'vitest';
import { ExpressionError } from '@descent/autodiff';
import { formatPath } from '@descent/core-tensor';
import { BOUNDARY_FUNCTIONS } from '@descent/data';
import { boundaryCurve, compileBoundaryFunction, fitRunSync, runSpecProblems, type RunSpec } from './index.js';

const spec = (f: string, extra: Partial<RunSpec> = {}): RunSpec => ({
  seed: 1,
  data: { boundary: { f, n: 400, noise: 0 }, testFraction: 0.2, seed: 5 },
  model: { layers: [{ type: 'dense', units: 16 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.03 } },
  epochs: 80,
  batch: { mode: 'minibatch', batchSize: 32 },
  ...extra,
});

describe('function-boundary data in a run spec', () => {
  it('f is parsed in x; a mistake is located at data.boundary.f with its position', () => {
    expect(compileBoundaryFunction('x^3 - x')(2)).toBe(6);
    const p = runSpecProblems(spec('sin(3*y)'));
    expect(p.map((e) => [formatPath(e.path), e.reason])).toEqual([['data.boundary.f', 'unknown variable "y"; this expression may use x at column 7']]);
    expect((p[0].cause as ExpressionError).position).toBe(6);
    expect(runSpecProblems(spec('1/x', { data: { boundary: { f: '1/x', xMin: -1, xMax: 1 } } })).map((e) => formatPath(e.path))).toEqual(['data.boundary.f']);
  });
  it.each(BOUNDARY_FUNCTIONS.map((b) => [b.label, b.f]))('a small MLP learns the %s boundary y > %s (at least 90 percent test accuracy)', (_label, f) => {
    const r = fitRunSync(spec(f));
    expect(r.final.testAccuracy!).toBeGreaterThanOrEqual(0.9);
    expect(r.config.data.source).toMatchObject({ boundary: { f } });
  });
  it('gives the curve to draw', () => {
    const c = boundaryCurve({ f: 'abs(x)', xMin: -1, xMax: 1 }, 5);
    expect(Array.from(c.y)).toEqual([1, 0.5, 0, 0.5, 1]);
  });
});
