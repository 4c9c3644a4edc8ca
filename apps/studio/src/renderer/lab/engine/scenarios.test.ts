import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload } from '../../share/fragment.js';
import { LAB_LINK } from './link.js';
import { startRacer } from './race.js';
import { SCENARIOS, scenario } from './scenarios.js';
import { compileSurface } from './surface.js';
import { COL, summarize, type Trace } from './trace.js';
import { setupProblems } from './validate.js';

// Each scenario's "what to watch" sentence is a claim about the run; these tests hold the runs to it.

function race(id: string) {
  const s = scenario(id)!.setup;
  const surface = compileSurface(s.surface);
  type Run = { trace: Trace; state: string; sum: NonNullable<ReturnType<typeof summarize>> };
  const out: Record<string, Run> = {};
  for (const r of s.racers) {
    const run = startRacer(r, { surface, start: s.start, sigma: s.noise.sigma, seed: s.noise.seed, iterations: s.iterations });
    run.advance(Infinity);
    out[r.id] = { trace: run.trace, state: run.status.state, sum: summarize(run.trace, s.iterations, surface.fStar, s.tol)! };
  }
  return { a: out.a, b: out.b, c: out.c, surface };
}
const meanF = (tr: Trace, from: number, to: number) => {
  let m = 0;
  for (let t = from; t < to; t++) m += tr.get(t, COL.f);
  return m / (to - from);
};

describe('scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s is a valid setup and survives the link', (_id, s) => {
    expect(setupProblems(s.setup)).toEqual([]);
    expect(s.watch.length).toBeGreaterThan(40);
    const { v, d } = decodePayload(encodePayload(LAB_LINK.version, s.setup));
    expect(v).toBe(1);
    expect(LAB_LINK.parse(d)).toEqual(s.setup);
  });

  it('learning rate too large: η = 0.085 > 2/κ diverges, 0.075 converges fastest, 1/κ lands on the floor in one step', () => {
    const r = race('lr-too-large');
    expect(r.a.state).toBe('diverged');
    expect(r.b.state).toBe('done');
    expect(r.b.sum.fAt).not.toBeNull();
    expect(r.c.sum.fAt).not.toBeNull();
    expect(r.b.sum.fAt!).toBeLessThan(r.c.sum.fAt!);
    expect(Math.abs(r.c.trace.get(1, COL.y))).toBeLessThan(1e-12);
  });

  it('momentum through the ravine: momentum and Nesterov arrive, VGD does not in the same iterations', () => {
    const r = race('momentum-ravine');
    expect(r.a.sum.fAt).toBeNull();
    expect(r.b.sum.fAt).not.toBeNull();
    expect(r.c.sum.fAt).not.toBeNull();
  });

  it('stuck in a local minimum: VGD stays in the dip, momentum reaches (−1, 0)', () => {
    const r = race('local-minimum');
    const local = r.surface.minima.find((m) => !m.global)!;
    expect(Math.hypot(r.a.sum.x - local.x, r.a.sum.y - local.y)).toBeLessThan(1e-6);
    expect(r.a.sum.f).toBeGreaterThan(0.29);
    expect(r.b.sum.fAt).not.toBeNull();
    expect(Math.hypot(r.b.sum.x + 1, r.b.sum.y)).toBeLessThan(1e-3);
  });

  it('escaping a saddle with noise: full batch stops at the saddle (‖∇f‖ → 0, f = 1), noise finds a minimum', () => {
    const r = race('saddle-noise');
    expect(r.a.sum.gradAt).not.toBeNull();
    expect(Math.hypot(r.a.sum.x, r.a.sum.y)).toBeLessThan(1e-6);
    expect(r.a.sum.f).toBeCloseTo(1, 9);
    expect(Math.abs(Math.abs(r.b.sum.y) - 1)).toBeLessThan(0.1);
    expect(r.b.sum.f).toBeLessThan(0.05);
  });

  it('Adam against SGD on a badly scaled problem: Adam reaches f − f* < tol, SGD does not', () => {
    const r = race('adam-vs-sgd');
    expect(r.b.sum.fAt).not.toBeNull();
    expect(r.a.sum.fAt).toBeNull();
  });

  it('step decay: the constant step stalls near ησ²/2; the decayed one ends about ten times lower', () => {
    const r = race('step-decay');
    const constant = meanF(r.a.trace, 300, 401), decayed = meanF(r.b.trace, 300, 401);
    expect(meanF(r.a.trace, 100, 401)).toBeGreaterThan(0.1);
    expect(meanF(r.a.trace, 100, 401)).toBeLessThan(0.3);
    expect(decayed).toBeLessThan(constant / 4);
  });

  it('cyclical LR escapes a local minimum that a constant step stays in', () => {
    const r = race('cyclic-escape');
    const local = r.surface.minima.find((m) => !m.global)!;
    expect(Math.hypot(r.a.sum.x - local.x, r.a.sum.y - local.y)).toBeLessThan(1e-6);
    expect(r.b.sum.fAt).not.toBeNull();
    expect(Math.hypot(r.b.sum.x + 1, r.b.sum.y)).toBeLessThan(1e-3);
    // It was in the dip before the lr rose past 2 / curvature.
    expect(Math.hypot(r.b.trace.get(15, COL.x) - local.x, r.b.trace.get(15, COL.y) - local.y)).toBeLessThan(0.1);
  });

  it("Newton: a handful of iterations; Adam close after 1000; gradient descent far", () => {
    const r = race('newton');
    expect(r.c.sum.fAt).not.toBeNull();
    expect(r.c.sum.fAt!).toBeLessThanOrEqual(10);
    expect(r.b.sum.fAt).toBeNull();
    expect(r.b.sum.f).toBeLessThan(1e-2);
    expect(r.a.sum.f).toBeGreaterThan(1);
  });
});
