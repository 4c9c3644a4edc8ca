import { describe, expect, it } from 'vitest';
import { Tensor, tensor } from '@descent/core-tensor';
import { add, mul, pow, sub, variable } from '@descent/autodiff';
import { BoundOptimizer, createOptimizer, optimizerDefaults, optimizerNames, type OptimizerName } from '@descent/optimizers';
import { createSchedule } from '@descent/schedulers';
import { startRacer, type RaceContext } from './race.js';
import { NEWTON_DEFAULTS } from './racers.js';
import type { NewtonRacer, OptimizerRacer, RacerSetup, SurfaceSetup } from './setup.js';
import { compileSurface } from './surface.js';
import { COL, summarize } from './trace.js';

// The Lab's trajectories are the optimizers' own numbers: the same library code stepping a 2-parameter tensor.

const optRacer = (optimizer: OptimizerName, options: Record<string, unknown>, extra: Partial<OptimizerRacer> = {}): OptimizerRacer => ({
  id: 'r',
  color: '#000',
  kind: 'optimizer',
  noisy: false,
  optimizer,
  options: { ...(optimizerDefaults(optimizer) as unknown as Record<string, unknown>), ...options },
  schedule: null,
  ...extra,
});
const newton = (options: Partial<NewtonRacer['options']> = {}): NewtonRacer => ({ id: 'n', color: '#000', kind: 'newton', noisy: false, options: { ...NEWTON_DEFAULTS, ...options } });

function run(surface: SurfaceSetup, racer: RacerSetup, ctx: Partial<Omit<RaceContext, 'surface'>> = {}) {
  const s = compileSurface(surface);
  const r = startRacer(racer, { surface: s, start: [-1.2, 1], sigma: 0, seed: 1, iterations: 50, ...ctx });
  r.advance(Infinity);
  return { surface: s, run: r, trace: r.trace };
}

const ROSENBROCK: SurfaceSetup = { kind: 'preset', id: 'rosenbrock' };
/** Rosenbrock written with autodiff ops by hand (not through the expression parser). */
function rosenbrockGrad(x: number, y: number): Float64Array {
  const vx = variable(tensor(x, 'float64')), vy = variable(tensor(y, 'float64'));
  add(pow(sub(1, vx), 2), mul(100, pow(sub(vy, pow(vx, 2)), 2))).backward();
  return Float64Array.of(vx.grad!.data[0], vy.grad!.data[0]);
}

const EVERY: [string, OptimizerName, Record<string, unknown>][] = [
  ['VGD', 'sgd', { lr: 0.001 }],
  ['momentum', 'sgd', { lr: 0.0005, momentum: 0.9 }],
  ['Nesterov', 'sgd', { lr: 0.0005, momentum: 0.9, nesterov: true }],
  ['Adagrad', 'adagrad', { lr: 0.1 }],
  ['RMSprop', 'rmsprop', { lr: 0.01, momentum: 0.5, centered: true }],
  ['Adam', 'adam', { lr: 0.05 }],
  ['AdamW', 'adamw', { lr: 0.05, weightDecay: 0.1 }],
  ['NAdam', 'nadam', { lr: 0.05 }],
  ['RAdam', 'radam', { lr: 0.001 }], // its first, unrectified steps are plain momentum steps of size η·m̂
  ['Adamax', 'adamax', { lr: 0.05 }],
  ['Adadelta', 'adadelta', { lr: 1 }],
];

describe('Lab trajectories are the library optimizers\' own numbers', () => {
  it('the bit-equality check below covers every optimizer of the library', () => {
    expect(new Set(EVERY.map((e) => e[1]))).toEqual(new Set(optimizerNames));
  });

  it.each(EVERY)('%s: 50 steps on Rosenbrock equal the library stepping a 2-parameter tensor, bit for bit', (_n, name, options) => {
    const { trace } = run(ROSENBROCK, optRacer(name, options));
    expect(trace.rows).toBe(51);
    // The functional form, θ a [2] tensor
    const theta = new Tensor(Float64Array.of(-1.2, 1), [2]);
    const opt = createOptimizer(name, options as never);
    // The bound (PyTorch) form, as the Training panel's optimizers are built
    const p = { value: new Tensor(Float64Array.of(-1.2, 1), [2]), grad: null as Tensor | null };
    const bound = new BoundOptimizer(name, [p], options as never);
    for (let t = 0; t <= 50; t++) {
      expect(Object.is(trace.get(t, COL.x), theta.data[0]) && Object.is(trace.get(t, COL.y), theta.data[1]), `θ_${t}`).toBe(true);
      expect([trace.get(t, COL.x), trace.get(t, COL.y)]).toEqual(Array.from(p.value.data));
      if (t === 50) break;
      const g = rosenbrockGrad(theta.data[0], theta.data[1]);
      expect([trace.get(t, COL.gx), trace.get(t, COL.gy)]).toEqual(Array.from(g));
      opt.step([theta], [new Tensor(g, [2])]);
      p.grad = new Tensor(rosenbrockGrad(p.value.data[0], p.value.data[1]), [2]);
      bound.step();
    }
  });

  it('VGD on a quadratic is the closed form θₜ = (I − ηA)ᵗ θ₀', () => {
    // f = ½ θᵀAθ with A = [[3, 1], [1, 2]]
    const A = [3, 1, 1, 2];
    const eta = 0.1;
    const { trace } = run({ kind: 'custom', source: '0.5*(3*x^2 + 2*x*y + 2*y^2)', domain: [-3, 3, -3, 3] }, optRacer('sgd', { lr: eta }), { start: [2, -1.5], iterations: 60 });
    // M = I − ηA, Mᵗ by repeated squaring-free products, applied to θ₀
    const M = [1 - eta * A[0], -eta * A[1], -eta * A[2], 1 - eta * A[3]];
    let P = [1, 0, 0, 1];
    for (let t = 0; t <= 60; t++) {
      const x = P[0] * 2 + P[1] * -1.5, y = P[2] * 2 + P[3] * -1.5;
      expect(trace.get(t, COL.x)).toBeCloseTo(x, 12);
      expect(trace.get(t, COL.y)).toBeCloseTo(y, 12);
      P = [M[0] * P[0] + M[1] * P[2], M[0] * P[1] + M[1] * P[3], M[2] * P[0] + M[3] * P[2], M[2] * P[1] + M[3] * P[3]];
    }
  });

  it.each(['autodiff', 'differences'] as const)('Newton (%s Hessian) on a quadratic reaches the minimum in one step', (hessian) => {
    // minimum of ½θᵀAθ − bᵀθ at A⁻¹b: A = [[4, 1], [1, 3]], b = [1, 2] → (1/11, 7/11)
    const { trace, run: r } = run({ kind: 'custom', source: '0.5*(4*x^2 + 2*x*y + 3*y^2) - x - 2*y', domain: [-3, 3, -3, 3] }, newton({ hessian }), { start: [2.5, -2], iterations: 3 });
    expect(trace.get(1, COL.x)).toBeCloseTo(1 / 11, 9);
    expect(trace.get(1, COL.y)).toBeCloseTo(7 / 11, 9);
    expect(Math.hypot(trace.get(1, COL.gx), trace.get(1, COL.gy))).toBeLessThan(1e-8);
    expect([trace.get(0, COL.hxx), trace.get(0, COL.hxy), trace.get(0, COL.hyy)].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([4, 1, 3]);
    expect(r.gradEvalsPerStep).toBe(hessian === 'autodiff' ? 5 : 3);
  });

  it('Newton is better per step than gradient descent on Rosenbrock', () => {
    const n = run(ROSENBROCK, newton(), { iterations: 20 });
    const gd = run(ROSENBROCK, optRacer('sgd', { lr: 0.001 }), { iterations: 20 });
    expect(summarize(n.trace, 20, 0, 1e-6)!.fAt).not.toBeNull();
    expect(gd.trace.get(20, COL.f)).toBeGreaterThan(1);
  });

  it('stops Newton where the Hessian is singular (the monkey saddle\'s flat point)', () => {
    const { run: r } = run({ kind: 'preset', id: 'monkey' }, newton(), { start: [0, 0] });
    expect(r.status).toMatchObject({ state: 'stopped', at: 0 });
    expect(r.status.reason).toMatch(/singular/);
  });

  it('gradient noise is zero-mean with scale σ, seeded and reproducible', () => {
    const noisy = optRacer('sgd', { lr: 0.01 }, { noisy: true });
    const ctx = { sigma: 0.5, seed: 42, iterations: 3000, start: [0.5, 0.5] as const };
    const a = run({ kind: 'preset', id: 'bowl' }, noisy, ctx).trace;
    const b = run({ kind: 'preset', id: 'bowl' }, noisy, ctx).trace;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const c = run({ kind: 'preset', id: 'bowl' }, noisy, { ...ctx, seed: 43 }).trace;
    expect(c.get(5, COL.x)).not.toBe(a.get(5, COL.x));
    const xi: number[] = [];
    for (let t = 0; t < 3000; t++) xi.push(a.get(t, COL.nx) - a.get(t, COL.gx), a.get(t, COL.ny) - a.get(t, COL.gy));
    const mean = xi.reduce((s, v) => s + v, 0) / xi.length;
    const sd = Math.sqrt(xi.reduce((s, v) => s + (v - mean) ** 2, 0) / xi.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.48);
    expect(sd).toBeLessThan(0.52);
    // σ = 0, or a full-batch racer, is the exact gradient
    const exact = run({ kind: 'preset', id: 'bowl' }, optRacer('sgd', { lr: 0.01 }), ctx).trace;
    expect(exact.get(10, COL.nx)).toBe(exact.get(10, COL.gx));
  });

  it('a diverging run is stopped and marked, never drawn to infinity', () => {
    const { run: r, trace } = run({ kind: 'preset', id: 'ravine', kappa: 25 }, optRacer('sgd', { lr: 0.09 }), { start: [-2.6, 1.2], iterations: 500 });
    expect(r.status.state).toBe('diverged');
    expect(r.status.reason).toMatch(/10⁶/);
    expect(trace.rows).toBeLessThan(501);
    for (let t = 0; t < trace.rows; t++) expect(Math.abs(trace.get(t, COL.y))).toBeLessThanOrEqual(1e6);
    // NaN/Infinity: 1/x stepped across its pole lands on values that overflow
    const pole = run({ kind: 'custom', source: 'sqrt(x)', domain: [-1, 1, -1, 1] }, optRacer('sgd', { lr: 0.1 }), { start: [-0.5, 0] });
    expect(pole.run.status).toMatchObject({ state: 'stopped', at: 0 });
    expect(pole.trace.rows).toBe(0);
  });

  it('records the learning rate the schedule set for each step, and the velocity buffer', () => {
    const sched = { name: 'step' as const, options: { stepSize: 10, gamma: 0.5 } };
    const { trace } = run({ kind: 'preset', id: 'bowl' }, optRacer('sgd', { lr: 0.1, momentum: 0.9 }, { schedule: sched }), { start: [1, 1], iterations: 30 });
    const s = createSchedule('step', sched.options, 0.1);
    for (let t = 0; t < 30; t++) expect(trace.get(t, COL.lr)).toBe(s(t));
    // v₁ = g₀ (PyTorch's first momentum step), and the update is −η v
    expect(trace.get(0, COL.mx)).toBe(trace.get(0, COL.gx));
    for (let t = 0; t < 30; t++) expect(trace.get(t, COL.ux)).toBeCloseTo(-trace.get(t, COL.lr) * trace.get(t, COL.mx), 14);
    // VGD has no velocity
    expect(Number.isNaN(run({ kind: 'preset', id: 'bowl' }, optRacer('sgd', { lr: 0.1 })).trace.get(0, COL.mx))).toBe(true);
  });

  it('summarizes the race only as far as it is played', () => {
    const { trace, surface } = run({ kind: 'preset', id: 'bowl' }, optRacer('sgd', { lr: 0.25 }), { start: [1, 1], iterations: 100 });
    const full = summarize(trace, 100, surface.fStar, 1e-6)!;
    expect(full.gradAt).not.toBeNull();
    expect(full.fAt).not.toBeNull();
    const early = summarize(trace, full.fAt! - 1, surface.fStar, 1e-6)!;
    expect(early.fAt).toBeNull();
    expect(early.last).toBe(full.fAt! - 1);
  });
});
