import { describe, expect, it } from 'vitest';
import { Tensor } from '@descent/core-tensor';
import { createOptimizer, optimizerDefaults, type OptimizerName } from '@descent/optimizers';
import { createScheduler } from '@descent/schedulers';
import { racerFormula, texNumber } from './formulas.js';
import type { OptimizerRacer } from './setup.js';

// The formulas beside the racers must be what the code does. For each variant, a reference stepper written
// line by line from the formula shown (not from the library's source) runs next to the library's optimizer;
// the two trajectories must agree to rounding, and the formula must show the lines the reference used.

type Vec = [number, number];
const zero = (): Vec => [0, 0];
const map = (a: Vec, f: (v: number, i: number) => number): Vec => [f(a[0], 0), f(a[1], 1)];

/** A gradient field that is not a quadratic's, so every rule's nonlinearity is exercised. */
const gradient = (th: Vec): Vec => [2 * th[0] + Math.sin(3 * th[1]) + 0.3, 8 * th[1] - 0.5 * th[0] * th[0] - 0.2];

interface Ref {
  step(th: Vec, g: Vec, t: number, eta: number): Vec;
}

/** The references, one per formula: state in closures, t from 1. */
function reference(r: OptimizerRacer): Ref {
  const o = r.options as Record<string, any>;
  const b1 = o.betas?.[0], b2 = o.betas?.[1], eps = o.eps, wd = o.weightDecay ?? 0;
  // g = ±∇f + λθ (coupled decay), as the first lines show
  const grad = (th: Vec, g: Vec, coupled = true, canMax = true): Vec => map(g, (v, i) => (canMax && o.maximize ? -v : v) + (coupled ? wd * th[i] : 0));
  switch (r.optimizer) {
    case 'sgd': {
      let v: Vec | null = null;
      return {
        step(th, g0, _t, eta) {
          const g = grad(th, g0);
          if (!(o.momentum > 0)) return map(th, (x, i) => x - eta * g[i]);
          v = v === null ? g : map(v, (vi, i) => o.momentum * vi + (1 - o.dampening) * g[i]);
          const vv = v;
          return map(th, (x, i) => x - eta * (o.nesterov ? g[i] + o.momentum * vv[i] : vv[i]));
        },
      };
    }
    case 'adagrad': {
      let s: Vec = [o.initialAccumulatorValue, o.initialAccumulatorValue];
      return {
        step(th, g0, t, eta) {
          const g = grad(th, g0);
          s = map(s, (si, i) => si + g[i] * g[i]);
          return map(th, (x, i) => x - (eta / (1 + (t - 1) * o.lrDecay)) * (g[i] / (Math.sqrt(s[i]) + eps)));
        },
      };
    }
    case 'rmsprop': {
      let v = zero(), gb = zero(), b = zero();
      return {
        step(th, g0, _t, eta) {
          const g = grad(th, g0);
          v = map(v, (vi, i) => o.alpha * vi + (1 - o.alpha) * g[i] * g[i]);
          if (o.centered) gb = map(gb, (x, i) => o.alpha * x + (1 - o.alpha) * g[i]);
          const den = (i: number) => (o.centered ? Math.sqrt(v[i] - gb[i] * gb[i]) : Math.sqrt(v[i])) + eps;
          if (o.momentum > 0) {
            b = map(b, (x, i) => o.momentum * x + g[i] / den(i));
            return map(th, (x, i) => x - eta * b[i]);
          }
          return map(th, (x, i) => x - (eta * g[i]) / den(i));
        },
      };
    }
    case 'adam':
    case 'adamw': {
      let m = zero(), v = zero(), vmax = zero();
      const decoupled = r.optimizer === 'adamw';
      return {
        step(th, g0, t, eta) {
          const g = grad(th, g0, !decoupled);
          m = map(m, (x, i) => b1 * x + (1 - b1) * g[i]);
          v = map(v, (x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
          vmax = map(vmax, (x, i) => Math.max(x, v[i]));
          const vv = o.amsgrad ? vmax : v;
          return map(th, (x, i) => {
            const mh = m[i] / (1 - b1 ** t), vh = vv[i] / (1 - b2 ** t);
            return x - eta * (mh / (Math.sqrt(vh) + eps) + (decoupled ? wd * x : 0));
          });
        },
      };
    }
    case 'nadam': {
      let m = zero(), v = zero(), prod = 1;
      const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * o.momentumDecay));
      return {
        step(th, g0, t, eta) {
          const g = grad(th, g0, true, false);
          m = map(m, (x, i) => b1 * x + (1 - b1) * g[i]);
          v = map(v, (x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
          prod *= mu(t);
          const p = prod;
          return map(th, (x, i) => x - eta * (1 / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps)) * (((1 - mu(t)) / (1 - p)) * g[i] + (mu(t + 1) / (1 - p * mu(t + 1))) * m[i]));
        },
      };
    }
    case 'radam': {
      let m = zero(), v = zero();
      return {
        step(th, g0, t, eta) {
          const g = grad(th, g0, true, false);
          m = map(m, (x, i) => b1 * x + (1 - b1) * g[i]);
          v = map(v, (x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
          const rinf = 2 / (1 - b2) - 1, rt = rinf - (2 * t * b2 ** t) / (1 - b2 ** t);
          const r = Math.sqrt(((rt - 4) * (rt - 2) * rinf) / ((rinf - 4) * (rinf - 2) * rt));
          return map(th, (x, i) => {
            const mh = m[i] / (1 - b1 ** t);
            return x - eta * (rt > 5 ? (mh * r * Math.sqrt(1 - b2 ** t)) / (Math.sqrt(v[i]) + eps) : mh);
          });
        },
      };
    }
    case 'adamax': {
      let m = zero(), u = zero();
      return {
        step(th, g0, t, eta) {
          const g = grad(th, g0);
          m = map(m, (x, i) => b1 * x + (1 - b1) * g[i]);
          u = map(u, (x, i) => Math.max(b2 * x, Math.abs(g[i]) + eps));
          return map(th, (x, i) => x - (eta / (1 - b1 ** t)) * (m[i] / u[i]));
        },
      };
    }
    case 'adadelta': {
      let v = zero(), a = zero();
      return {
        step(th, g0, _t, eta) {
          const g = grad(th, g0);
          v = map(v, (x, i) => o.rho * x + (1 - o.rho) * g[i] * g[i]);
          const d = map(g, (gi, i) => (Math.sqrt(a[i] + eps) / Math.sqrt(v[i] + eps)) * gi);
          a = map(a, (x, i) => o.rho * x + (1 - o.rho) * d[i] * d[i]);
          return map(th, (x, i) => x - eta * d[i]);
        },
      };
    }
  }
}

const racer = (optimizer: OptimizerName, options: Record<string, unknown>, schedule: OptimizerRacer['schedule'] = null): OptimizerRacer => ({
  id: 'r',
  color: '#000',
  kind: 'optimizer',
  noisy: false,
  optimizer,
  options: { ...(optimizerDefaults(optimizer) as unknown as Record<string, unknown>), ...options },
  schedule,
});

/** [racer, pieces of TeX its formula must show (the lines the reference implements)] */
const CASES: [string, OptimizerRacer, string[]][] = [
  ['VGD', racer('sgd', { lr: 0.05 }), ['\\theta \\leftarrow \\theta - \\eta\\, g']],
  ['SGD weight decay + maximize', racer('sgd', { lr: 0.05, weightDecay: 0.1, maximize: true }), ['g = -\\nabla f(\\theta) + \\lambda\\,\\theta']],
  ['momentum', racer('sgd', { lr: 0.02, momentum: 0.9 }), ['v \\leftarrow \\mu v + g', '\\theta \\leftarrow \\theta - \\eta\\, v']],
  ['momentum + dampening', racer('sgd', { lr: 0.02, momentum: 0.8, dampening: 0.3 }), ['v \\leftarrow \\mu v + (1 - \\tau)\\, g']],
  ['Nesterov', racer('sgd', { lr: 0.02, momentum: 0.9, nesterov: true }), ['\\theta \\leftarrow \\theta - \\eta\\,(g + \\mu v)']],
  ['Adagrad', racer('adagrad', { lr: 0.1 }), ['s \\leftarrow s + g^2', '\\frac{g}{\\sqrt{s} + \\epsilon}']],
  ['Adagrad lr decay + initial accumulator', racer('adagrad', { lr: 0.1, lrDecay: 0.05, initialAccumulatorValue: 0.2 }), ['\\frac{\\eta}{1 + (t - 1)\\,\\kappa}', 's_0 = s_{\\text{init}}']],
  ['RMSprop', racer('rmsprop', { lr: 0.01 }), ['v \\leftarrow \\alpha v + (1 - \\alpha)\\, g^2', '\\frac{g}{\\sqrt{v} + \\epsilon}']],
  ['RMSprop centred + momentum', racer('rmsprop', { lr: 0.01, centered: true, momentum: 0.5 }), ['\\bar g \\leftarrow', 'b \\leftarrow \\mu b + \\frac{g}{\\sqrt{v - \\bar g^2} + \\epsilon}']],
  ['Adam', racer('adam', { lr: 0.05 }), ['\\hat v = \\frac{v}{1 - \\beta_2^t}', '\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}']],
  ['Adam L2 + AMSGrad', racer('adam', { lr: 0.05, weightDecay: 0.1, amsgrad: true }), ['+ \\lambda\\,\\theta', 'v_{\\max} \\leftarrow \\max(v_{\\max}, v)']],
  ['AdamW', racer('adamw', { lr: 0.05, weightDecay: 0.1 }), ['+ \\lambda\\,\\theta\\right)']],
  ['NAdam', racer('nadam', { lr: 0.05, weightDecay: 0.01 }), ['\\mu_t = \\beta_1', '\\prod_{i \\le t+1} \\mu_i']],
  ['RAdam', racer('radam', { lr: 0.05 }), ['\\rho_t > 5', 'r_t = ']],
  ['Adamax', racer('adamax', { lr: 0.05 }), ['u \\leftarrow \\max(\\beta_2 u,\\ |g| + \\epsilon)']],
  ['Adadelta', racer('adadelta', { lr: 1 }), ['\\Delta = \\frac{\\sqrt{a + \\epsilon}}{\\sqrt{v + \\epsilon}}\\, g', 'a \\leftarrow \\rho a + (1 - \\rho)\\, \\Delta^2']],
  ['SGD with step decay', racer('sgd', { lr: 0.05 }, { name: 'step', options: { stepSize: 7, gamma: 0.5 } }), ['\\eta_t = \\eta\\,\\gamma^{\\lfloor t / s \\rfloor}', '\\eta_t\\, g']],
];

describe('update-rule formulas match the library', () => {
  it.each(CASES)('%s', (_name, r, pieces) => {
    const tex = racerFormula(r, 0).lines.join('\n');
    for (const p of pieces) expect(tex).toContain(p);

    const opt = createOptimizer(r.optimizer, r.options as never);
    const sched = r.schedule ? createScheduler(opt, r.schedule.name, r.schedule.options as never) : null;
    const theta = new Tensor(Float64Array.of(1.3, -0.7), [2]);
    const ref = reference(r);
    let th: Vec = [1.3, -0.7];
    for (let t = 1; t <= 40; t++) {
      const eta = r.schedule?.name === 'step' ? (r.options.lr as number) * 0.5 ** Math.floor((t - 1) / 7) : (r.options.lr as number);
      const g = gradient([theta.data[0], theta.data[1]]);
      th = ref.step(th, gradient(th), t, eta);
      opt.step([theta], [new Tensor(Float64Array.from(g), [2])]);
      sched?.step();
      for (let i = 0; i < 2; i++) expect(Math.abs(theta.data[i] - th[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(th[i])));
    }
  });

  it('shows noise and only the terms that are on', () => {
    const plain = racerFormula(racer('adam', { lr: 0.1 }), 0);
    expect(plain.lines.join()).not.toContain('\\lambda');
    expect(plain.lines.join()).not.toContain('\\xi');
    const noisy = racerFormula({ ...racer('sgd', { lr: 0.1 }), noisy: true }, 0.5);
    expect(noisy.lines[0]).toContain('\\sigma\\,\\xi');
    expect(noisy.values).toContain('\\sigma = 0.5');
    expect(racerFormula({ ...racer('sgd', { lr: 0.1 }), noisy: true }, 0).lines.join()).not.toContain('\\xi');
  });

  it('writes the values as TeX numbers', () => {
    expect(texNumber(0.001)).toBe('0.001');
    expect(texNumber(1e-8)).toBe('10^{-8}');
    expect(texNumber(2.5e-5)).toBe('2.5 \\times 10^{-5}');
    expect(racerFormula(racer('adam', { lr: 0.1 }), 0).values).toBe('\\eta = 0.1,\\ \\beta_1 = 0.9,\\ \\beta_2 = 0.999,\\ \\epsilon = 10^{-8}');
  });
});
