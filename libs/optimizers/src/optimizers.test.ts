import { describe, expect, it } from 'vitest';
import { Tensor } from '@descent/core-tensor';
import { createOptimizer, optimizerNames, optimizerDefaults, Optimizer, type OptimizerName } from './index.js';

const vec = (xs: number[]): Tensor => new Tensor(Float64Array.from(xs), [xs.length]);

/** Run `opt` for the given gradient sequence from p0; returns every iterate after each step. */
function run(opt: Optimizer, p0: number[], grads: number[][]): number[][] {
  const p = vec(p0);
  const out: number[][] = [];
  for (const g of grads) {
    opt.step([p], [vec(g)]);
    out.push(Array.from(p.data));
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, t) => row.forEach((a, i) => expect(a, `step ${t + 1} [${i}]`).toBeCloseTo(expected[t][i], 13)));
}

// Two steps from p0 = [1, -2] with g1 = [0.5, -1], g2 = [0.2, 0.4]: each expectation below is the README 3.2
// rule evaluated by hand (written out as arithmetic, not by calling the library).
const P0 = [1, -2];
const G = [
  [0.5, -1],
  [0.2, 0.4],
];

describe('update rules, two hand-computed steps', () => {
  it('sgd vanilla', () => {
    expectClose(run(createOptimizer('sgd', { lr: 0.1 }), P0, G), [
      [1 - 0.05, -2 + 0.1],
      [0.95 - 0.02, -1.9 - 0.04],
    ]);
  });

  it('sgd momentum with dampening (none on the first step) and weight decay', () => {
    const lr = 0.1, mu = 0.9, damp = 0.5, wd = 0.1;
    const g1 = [0.5 + wd * 1, -1 + wd * -2];
    const b1 = g1;
    const p1 = [1 - lr * b1[0], -2 - lr * b1[1]];
    const g2 = [0.2 + wd * p1[0], 0.4 + wd * p1[1]];
    const b2 = [mu * b1[0] + (1 - damp) * g2[0], mu * b1[1] + (1 - damp) * g2[1]];
    const p2 = [p1[0] - lr * b2[0], p1[1] - lr * b2[1]];
    expectClose(run(createOptimizer('sgd', { lr, momentum: mu, dampening: damp, weightDecay: wd }), P0, G), [p1, p2]);
  });

  it('sgd nesterov', () => {
    const lr = 0.1, mu = 0.9;
    const b1 = G[0];
    const p1 = [1 - lr * (G[0][0] + mu * b1[0]), -2 - lr * (G[0][1] + mu * b1[1])];
    const b2 = [mu * b1[0] + G[1][0], mu * b1[1] + G[1][1]];
    const p2 = [p1[0] - lr * (G[1][0] + mu * b2[0]), p1[1] - lr * (G[1][1] + mu * b2[1])];
    expectClose(run(createOptimizer('sgd', { lr, momentum: mu, nesterov: true }), P0, G), [p1, p2]);
  });

  it('adagrad with lr decay on t - 1 and an initial accumulator', () => {
    const lr = 0.5, decay = 0.1, acc0 = 0.2, eps = 1e-10;
    const s1 = [acc0 + 0.25, acc0 + 1];
    const p1 = [1 - (lr * 0.5) / (Math.sqrt(s1[0]) + eps), -2 - (lr * -1) / (Math.sqrt(s1[1]) + eps)];
    const s2 = [s1[0] + 0.04, s1[1] + 0.16];
    const clr = lr / (1 + decay);
    const p2 = [p1[0] - (clr * 0.2) / (Math.sqrt(s2[0]) + eps), p1[1] - (clr * 0.4) / (Math.sqrt(s2[1]) + eps)];
    expectClose(run(createOptimizer('adagrad', { lr, lrDecay: decay, initialAccumulatorValue: acc0 }), P0, G), [p1, p2]);
  });

  it('rmsprop centered with momentum', () => {
    const lr = 0.01, a = 0.9, eps = 1e-8, mu = 0.5;
    const step = (p: number[], g: number[], v: number[], m: number[], b: number[]) => {
      for (let i = 0; i < 2; i++) {
        v[i] = a * v[i] + (1 - a) * g[i] * g[i];
        m[i] = a * m[i] + (1 - a) * g[i];
        b[i] = mu * b[i] + g[i] / (Math.sqrt(v[i] - m[i] * m[i]) + eps);
        p[i] -= lr * b[i];
      }
      return [...p];
    };
    const p = [...P0], v = [0, 0], m = [0, 0], b = [0, 0];
    const expected = [step(p, G[0], v, m, b), step(p, G[1], v, m, b)];
    expectClose(run(createOptimizer('rmsprop', { lr, alpha: a, momentum: mu, centered: true }), P0, G), expected);
  });

  it('adam: eps after the bias correction', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.99, eps = 1e-3;
    // step 1: m = 0.1 g, v = 0.01 g^2, bc1 = 0.1, bc2 = 0.01 -> mhat = g, sqrt(v)/sqrt(bc2) = |g|
    const p1 = [1 - (lr * 0.5) / (0.5 + eps), -2 - (lr * -1) / (1 + eps)];
    const m2 = [b1 * 0.05 + 0.1 * 0.2, b1 * -0.1 + 0.1 * 0.4];
    const v2 = [b2 * 0.0025 + 0.01 * 0.04, b2 * 0.01 + 0.01 * 0.16];
    const bc1 = 1 - b1 * b1, bc2 = 1 - b2 * b2;
    const p2 = [0, 1].map((i) => p1[i] - (lr / bc1) * m2[i] / (Math.sqrt(v2[i]) / Math.sqrt(bc2) + eps));
    expectClose(run(createOptimizer('adam', { lr, betas: [b1, b2], eps }), P0, G), [p1, p2]);
  });

  it('adamw: decoupled decay p *= 1 - lr wd before the Adam step', () => {
    const lr = 0.1, wd = 0.5, eps = 1e-8;
    const p1 = [1 * (1 - lr * wd) - (lr * 0.5) / (0.5 + eps), -2 * (1 - lr * wd) - (lr * -1) / (1 + eps)];
    const out = run(createOptimizer('adamw', { lr, weightDecay: wd, eps }), P0, [G[0]]);
    expectClose(out, [p1]);
  });

  it('adam amsgrad keeps the running max of v', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.99, eps = 1e-8;
    // a big first gradient, a small second one: vmax = v1 decayed? no: vmax = max(v1, v2), v2 = b2 v1 + ... < v1 here
    const g = [[4], [0.01]];
    const v1 = 0.01 * 16, v2 = b2 * v1 + 0.01 * 1e-4;
    const vmax = Math.max(v1, v2);
    const m2 = b1 * 0.4 + 0.1 * 0.01;
    const p1 = 1 - (lr * 4) / (4 + eps);
    const p2 = p1 - (lr / (1 - b1 * b1)) * m2 / (Math.sqrt(vmax) / Math.sqrt(1 - b2 * b2) + eps);
    expectClose(run(createOptimizer('adam', { lr, betas: [b1, b2], amsgrad: true }), [1], g), [[p1], [p2]]);
  });

  it('nadam with momentum decay', () => {
    const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, psi = 0.004;
    const mu = (t: number) => b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
    let prod = 1, m = 0, v = 0, p = 1;
    const expected: number[][] = [];
    [0.5, 0.2].forEach((g, k) => {
      const t = k + 1;
      prod *= mu(t);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const den = Math.sqrt(v / (1 - Math.pow(b2, t))) + eps;
      p = p - (lr * (1 - mu(t))) / (1 - prod) * (g / den) - (lr * mu(t + 1)) / (1 - prod * mu(t + 1)) * (m / den);
      expected.push([p]);
    });
    expectClose(run(createOptimizer('nadam', { lr }), [1], [[0.5], [0.2]]), expected);
  });

  it('radam: un-rectified while rho_t <= 5, rectified after', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.9, eps = 1e-8;
    const rhoInf = 2 / (1 - b2) - 1; // 19
    let m = 0, v = 0, p = 1;
    const expected: number[][] = [];
    const grads = [0.5, 0.2, -0.3, 0.1, 0.4, 0.2, 0.3];
    let rectifiedSeen = false;
    grads.forEach((g, k) => {
      const t = k + 1;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
      const rho = rhoInf - (2 * t * Math.pow(b2, t)) / bc2;
      if (rho > 5) {
        rectifiedSeen = true;
        const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
        p -= (lr * (m / bc1) * r * Math.sqrt(bc2)) / (Math.sqrt(v) + eps);
      } else {
        p -= lr * (m / bc1);
      }
      expected.push([p]);
    });
    expect(rectifiedSeen).toBe(true);
    expectClose(run(createOptimizer('radam', { lr, betas: [b1, b2] }), [1], grads.map((g) => [g])), expected);
  });

  it('adamax: eps inside the max', () => {
    const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 0.1;
    const u1 = Math.max(0, 0.5 + eps);
    const p1 = 1 - (lr / 0.1) * (0.05 / u1);
    const u2 = Math.max(b2 * u1, 0.2 + eps);
    const m2 = b1 * 0.05 + 0.1 * 0.2;
    const p2 = p1 - (lr / (1 - b1 * b1)) * (m2 / u2);
    expectClose(run(createOptimizer('adamax', { lr, betas: [b1, b2], eps }), [1], [[0.5], [0.2]]), [[p1], [p2]]);
  });

  it('adadelta: eps inside both roots', () => {
    const lr = 1, rho = 0.9, eps = 1e-6;
    let v = 0, acc = 0, p = 1;
    const expected: number[][] = [];
    for (const g of [0.5, 0.2]) {
      v = rho * v + (1 - rho) * g * g;
      const d = (Math.sqrt(acc + eps) / Math.sqrt(v + eps)) * g;
      acc = rho * acc + (1 - rho) * d * d;
      p -= lr * d;
      expected.push([p]);
    }
    expectClose(run(createOptimizer('adadelta', { lr, rho, eps }), [1], [[0.5], [0.2]]), expected);
  });

  it('weight decay is added after the maximize negation', () => {
    // maximize, wd: g' = -g + wd p. For g = 1, p = 2, wd = 0.5: g' = 0 -> the vanilla step leaves p unchanged.
    expectClose(run(createOptimizer('sgd', { lr: 0.1, weightDecay: 0.5, maximize: true }), [2], [[1]]), [[2]]);
  });
});

// f(x) = 0.5 * sum a_i x_i^2, gradient a_i x_i.
const A = [1, 3, 0.5, 2];
const quad = (x: ArrayLike<number>) => A.reduce((s, a, i) => s + 0.5 * a * x[i] * x[i], 0);
const LR: Record<OptimizerName, number> = { sgd: 0.1, adagrad: 0.3, rmsprop: 0.01, adam: 0.05, adamw: 0.05, nadam: 0.05, radam: 0.05, adamax: 0.05, adadelta: 1 };

function minimize(opt: Optimizer, steps: number, sign = 1): Tensor {
  const p = vec([1, -1, 2, -0.5]);
  const g = vec([0, 0, 0, 0]);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < A.length; i++) g.data[i] = sign * A[i] * p.data[i];
    opt.step([p], [g]);
  }
  return p;
}

describe('properties over every optimizer', () => {
  it.each(optimizerNames)('%s: a zero gradient leaves the parameters unchanged', (name) => {
    const opt = createOptimizer(name, { weightDecay: 0 } as never);
    const p = vec([1, -2, 3]);
    for (let t = 0; t < 5; t++) opt.step([p], [vec([0, 0, 0])]);
    expect(Array.from(p.data)).toEqual([1, -2, 3]);
  });

  it.each(optimizerNames)('%s decreases a quadratic loss', (name) => {
    const f0 = quad([1, -1, 2, -0.5]);
    const opt = createOptimizer(name, { lr: LR[name], weightDecay: 0 } as never);
    const p = minimize(opt, 50);
    expect(quad(p.data)).toBeLessThan(0.9 * f0);
  });

  it.each(optimizerNames.filter((n) => 'maximize' in optimizerDefaults(n)))('%s with maximize ascends the objective', (name) => {
    // maximize -f: its gradient is -grad f; ascending -f must decrease f, exactly mirroring minimization.
    const opt = createOptimizer(name, { lr: LR[name], weightDecay: 0, maximize: true } as never);
    const p = minimize(opt, 50, -1);
    const ref = minimize(createOptimizer(name, { lr: LR[name], weightDecay: 0 } as never), 50);
    expect(Array.from(p.data)).toEqual(Array.from(ref.data));
    // and with the true gradient, maximize moves away from the minimum
    const up = minimize(createOptimizer(name, { lr: LR[name], weightDecay: 0, maximize: true } as never), 20);
    expect(quad(up.data)).toBeGreaterThan(quad([1, -1, 2, -0.5]));
  });

  it.each(optimizerNames)('%s: stateDict -> JSON -> fresh optimizer -> continue equals an uninterrupted run', (name) => {
    const opts = { lr: LR[name], weightDecay: 0.01 } as never;
    const full = minimize(createOptimizer(name, opts), 30);
    const a = createOptimizer(name, opts);
    const p = minimize(a, 0);
    const g = vec([0, 0, 0, 0]);
    const stepOnce = (opt: Optimizer) => {
      for (let i = 0; i < A.length; i++) g.data[i] = A[i] * p.data[i];
      opt.step([p], [g]);
    };
    for (let t = 0; t < 12; t++) stepOnce(a);
    const saved = JSON.parse(JSON.stringify(a.stateDict()));
    const b = createOptimizer(name);
    b.loadStateDict(saved);
    expect(b.stepCount).toBe(12);
    expect(b.options).toEqual(a.options);
    for (let t = 12; t < 30; t++) stepOnce(b);
    expect(Array.from(p.data)).toEqual(Array.from(full.data));
  });

  it.each(optimizerNames)('%s works on float32 parameters with float32 state', (name) => {
    const opt = createOptimizer(name, { lr: LR[name] } as never);
    const p = new Tensor(Float32Array.from([1, -1, 2, -0.5]), [4]);
    const f0 = quad(p.data);
    for (let t = 0; t < 30; t++) opt.step([p], [new Tensor(Float32Array.from(A.map((a, i) => a * p.data[i])), [4])]);
    expect(p.data).toBeInstanceOf(Float32Array);
    expect(quad(p.data)).toBeLessThan(f0);
    const sd = opt.stateDict();
    expect(sd.sizes).toEqual([4]);
  });
});

describe('multiple parameter tensors', () => {
  it('equals running on the concatenation with one step counter', () => {
    const a = createOptimizer('adam', { lr: 0.1 });
    const b = createOptimizer('adam', { lr: 0.1 });
    const p1 = vec([1, 2]), p2 = vec([3]), pc = vec([1, 2, 3]);
    for (let t = 0; t < 5; t++) {
      a.step([p1, p2], [vec([p1.data[0], -p1.data[1]]), vec([2 * p2.data[0]])]);
      b.step([pc], [vec([pc.data[0], -pc.data[1], 2 * pc.data[2]])]);
    }
    expect([...p1.data, ...p2.data]).toEqual(Array.from(pc.data));
  });
});
