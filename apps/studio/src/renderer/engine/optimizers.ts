import type { OptionValue } from '@shared/model-spec.js';
import { defaultsOf, validateAll, type OptionMeta } from './options.js';

// Adapter for @descent/optimizers: registry of PyTorch 1.13 optimizers with option metadata and defaults, and
// element-wise update rules over one flat parameter vector (equivalent to one optimizer over all tensors).

export interface OptimizerInfo {
  name: string;
  label: string;
  options: OptionMeta[];
  /** cross-field rules PyTorch enforces at construction */
  check?(o: Record<string, OptionValue>): Record<string, string>;
}

const lr = (d: number): OptionMeta => ({ key: 'lr', label: 'Learning rate', kind: 'number', default: d, min: 0, help: 'Step size η' });
const wd = (d = 0): OptionMeta => ({ key: 'weightDecay', label: 'Weight decay', kind: 'number', default: d, min: 0 });
const eps = (d: number): OptionMeta => ({ key: 'eps', label: 'Epsilon', kind: 'number', default: d, min: 0 });
const betas: OptionMeta = { key: 'betas', label: 'Betas (β₁, β₂)', kind: 'pair', default: [0.9, 0.999], min: 0, max: 1, maxExclusive: true };
const maximize: OptionMeta = { key: 'maximize', label: 'Maximize', kind: 'boolean', default: false };

export const OPTIMIZERS: OptimizerInfo[] = [
  {
    name: 'sgd',
    label: 'SGD',
    options: [
      lr(1e-3),
      { key: 'momentum', label: 'Momentum', kind: 'number', default: 0, min: 0 },
      { key: 'dampening', label: 'Dampening', kind: 'number', default: 0, min: 0, max: 1 },
      wd(),
      { key: 'nesterov', label: 'Nesterov', kind: 'boolean', default: false },
      maximize,
    ],
    check: (o) =>
      o.nesterov && (Number(o.momentum) <= 0 || Number(o.dampening) !== 0)
        ? { nesterov: 'Nesterov momentum requires momentum > 0 and dampening = 0' }
        : {},
  },
  {
    name: 'adam',
    label: 'Adam',
    options: [lr(1e-3), betas, eps(1e-8), wd(), { key: 'amsgrad', label: 'AMSGrad', kind: 'boolean', default: false }, maximize],
  },
  {
    name: 'adamw',
    label: 'AdamW',
    options: [lr(1e-3), betas, eps(1e-8), wd(1e-2), { key: 'amsgrad', label: 'AMSGrad', kind: 'boolean', default: false }, maximize],
  },
  {
    name: 'rmsprop',
    label: 'RMSprop',
    options: [
      lr(1e-2),
      { key: 'alpha', label: 'Alpha (smoothing)', kind: 'number', default: 0.99, min: 0, max: 1 },
      eps(1e-8),
      wd(),
      { key: 'momentum', label: 'Momentum', kind: 'number', default: 0, min: 0 },
      { key: 'centered', label: 'Centered', kind: 'boolean', default: false },
      maximize,
    ],
  },
  {
    name: 'adagrad',
    label: 'Adagrad',
    options: [
      lr(1e-2),
      { key: 'lrDecay', label: 'LR decay', kind: 'number', default: 0, min: 0 },
      wd(),
      { key: 'initialAccumulatorValue', label: 'Initial accumulator', kind: 'number', default: 0, min: 0 },
      eps(1e-10),
      maximize,
    ],
  },
  {
    name: 'adadelta',
    label: 'Adadelta',
    options: [lr(1.0), { key: 'rho', label: 'Rho', kind: 'number', default: 0.9, min: 0, max: 1 }, eps(1e-6), wd(), maximize],
  },
  { name: 'adamax', label: 'Adamax', options: [lr(2e-3), betas, eps(1e-8), wd(), maximize] },
  {
    name: 'nadam',
    label: 'NAdam',
    options: [lr(2e-3), betas, eps(1e-8), wd(), { key: 'momentumDecay', label: 'Momentum decay', kind: 'number', default: 4e-3, min: 0 }],
  },
  { name: 'radam', label: 'RAdam', options: [lr(1e-3), betas, eps(1e-8), wd()] },
];

export function optimizerInfo(name: string): OptimizerInfo {
  const o = OPTIMIZERS.find((q) => q.name === name);
  if (!o) throw new Error(`Unknown optimizer "${name}" (known: ${OPTIMIZERS.map((q) => q.name).join(', ')})`);
  return o;
}

export function optimizerDefaults(name: string): Record<string, OptionValue> {
  return defaultsOf(optimizerInfo(name).options);
}

export function validateOptimizer(name: string, options: Record<string, OptionValue>): Record<string, string> {
  const info = optimizerInfo(name);
  const errors = validateAll(info.options, options);
  return Object.keys(errors).length ? errors : (info.check?.(options) ?? {});
}

export interface FlatOptimizer {
  lr: number;
  step(params: Float64Array, grads: Float64Array): void;
}

/** Build an optimizer over a flat parameter vector of length n. */
export function createOptimizer(name: string, opts: Record<string, OptionValue>, n: number): FlatOptimizer {
  const o = { ...optimizerDefaults(name), ...opts } as Record<string, any>;
  const errors = validateOptimizer(name, o);
  const first = Object.values(errors)[0];
  if (first) throw new Error(`${name}: ${first}`);
  const buf = () => new Float64Array(n);
  const [b1, b2] = (o.betas as number[] | undefined) ?? [0.9, 0.999];
  let t = 0;
  const s1 = buf();
  const s2 = buf();
  const s3 = buf();
  if (name === 'adagrad') s1.fill(o.initialAccumulatorValue);
  let prodMu = 1;
  const self: FlatOptimizer = {
    lr: o.lr,
    step(p, gIn) {
      t++;
      const lrNow = self.lr;
      const g = new Float64Array(gIn);
      if (name === 'adamw') {
        for (let i = 0; i < n; i++) p[i] *= 1 - lrNow * o.weightDecay;
        if (o.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
      } else {
        if (o.maximize) for (let i = 0; i < n; i++) g[i] = -g[i];
        if (o.weightDecay) for (let i = 0; i < n; i++) g[i] += o.weightDecay * p[i];
      }
      switch (name) {
        case 'sgd':
          for (let i = 0; i < n; i++) {
            let d = g[i];
            if (o.momentum !== 0) {
              s1[i] = t === 1 ? g[i] : o.momentum * s1[i] + (1 - o.dampening) * g[i];
              d = o.nesterov ? g[i] + o.momentum * s1[i] : s1[i];
            }
            p[i] -= lrNow * d;
          }
          break;
        case 'adam':
        case 'adamw': {
          const bc1 = 1 - b1 ** t;
          const bc2 = 1 - b2 ** t;
          for (let i = 0; i < n; i++) {
            s1[i] = b1 * s1[i] + (1 - b1) * g[i];
            s2[i] = b2 * s2[i] + (1 - b2) * g[i] * g[i];
            let v = s2[i];
            if (o.amsgrad) v = s3[i] = Math.max(s3[i], v);
            p[i] -= (lrNow / bc1) * (s1[i] / (Math.sqrt(v) / Math.sqrt(bc2) + o.eps));
          }
          break;
        }
        case 'rmsprop':
          for (let i = 0; i < n; i++) {
            s1[i] = o.alpha * s1[i] + (1 - o.alpha) * g[i] * g[i];
            let den: number;
            if (o.centered) {
              s2[i] = o.alpha * s2[i] + (1 - o.alpha) * g[i];
              den = Math.sqrt(s1[i] - s2[i] * s2[i]) + o.eps;
            } else den = Math.sqrt(s1[i]) + o.eps;
            if (o.momentum > 0) {
              s3[i] = o.momentum * s3[i] + g[i] / den;
              p[i] -= lrNow * s3[i];
            } else p[i] -= (lrNow * g[i]) / den;
          }
          break;
        case 'adagrad': {
          const clr = lrNow / (1 + (t - 1) * o.lrDecay);
          for (let i = 0; i < n; i++) {
            s1[i] += g[i] * g[i];
            p[i] -= (clr * g[i]) / (Math.sqrt(s1[i]) + o.eps);
          }
          break;
        }
        case 'adadelta':
          for (let i = 0; i < n; i++) {
            s1[i] = o.rho * s1[i] + (1 - o.rho) * g[i] * g[i];
            const d = (Math.sqrt(s2[i] + o.eps) / Math.sqrt(s1[i] + o.eps)) * g[i];
            s2[i] = o.rho * s2[i] + (1 - o.rho) * d * d;
            p[i] -= lrNow * d;
          }
          break;
        case 'adamax': {
          const bc1 = 1 - b1 ** t;
          for (let i = 0; i < n; i++) {
            s1[i] = b1 * s1[i] + (1 - b1) * g[i];
            s2[i] = Math.max(b2 * s2[i], Math.abs(g[i]) + o.eps);
            p[i] -= (lrNow / bc1) * (s1[i] / s2[i]);
          }
          break;
        }
        case 'nadam': {
          const mu = b1 * (1 - 0.5 * 0.96 ** (t * o.momentumDecay));
          const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * o.momentumDecay));
          prodMu *= mu;
          const bc2 = 1 - b2 ** t;
          for (let i = 0; i < n; i++) {
            s1[i] = b1 * s1[i] + (1 - b1) * g[i];
            s2[i] = b2 * s2[i] + (1 - b2) * g[i] * g[i];
            const den = Math.sqrt(s2[i] / bc2) + o.eps;
            p[i] -= (((lrNow * (1 - mu)) / (1 - prodMu)) * g[i]) / den;
            p[i] -= (((lrNow * muNext) / (1 - prodMu * muNext)) * s1[i]) / den;
          }
          break;
        }
        case 'radam': {
          const bc1 = 1 - b1 ** t;
          const bc2 = 1 - b2 ** t;
          const rhoInf = 2 / (1 - b2) - 1;
          const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
          const r = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
          for (let i = 0; i < n; i++) {
            s1[i] = b1 * s1[i] + (1 - b1) * g[i];
            s2[i] = b2 * s2[i] + (1 - b2) * g[i] * g[i];
            if (rhoT > 5) p[i] -= (((lrNow * s1[i]) / bc1) * r * Math.sqrt(bc2)) / (Math.sqrt(s2[i]) + o.eps);
            else p[i] -= (lrNow * s1[i]) / bc1;
          }
          break;
        }
        default:
          throw new Error(`Unknown optimizer "${name}"`);
      }
    },
  };
  return self;
}
