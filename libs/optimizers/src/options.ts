/** Option types, PyTorch defaults, metadata for forms, and validation of every optimizer's options. */

export interface SgdOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}
export interface RmspropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}
export type AdamwOptions = AdamOptions;
export interface NadamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
}
export interface RadamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}
export interface AdamaxOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}
export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export interface OptimizerOptionsMap {
  sgd: SgdOptions;
  adagrad: AdagradOptions;
  rmsprop: RmspropOptions;
  adam: AdamOptions;
  adamw: AdamwOptions;
  nadam: NadamOptions;
  radam: RadamOptions;
  adamax: AdamaxOptions;
  adadelta: AdadeltaOptions;
}
export type OptimizerName = keyof OptimizerOptionsMap;
export type OptionValue = number | boolean | [number, number];

/** Metadata of one option, enough to render and check a form field. */
export interface OptionMeta {
  name: string;
  /** 'betas' is a pair of numbers, each in [min, max). */
  type: 'number' | 'boolean' | 'betas';
  default: OptionValue;
  /** Inclusive lower bound (numbers, and each beta). */
  min?: number;
  /** Upper bound, inclusive unless maxExclusive. */
  max?: number;
  maxExclusive?: boolean;
  /** Fixed at construction: it decides which state buffers exist, so setOption refuses to change it. */
  fixed?: boolean;
  description: string;
}

export interface OptimizerInfo {
  name: OptimizerName;
  label: string;
  description: string;
  options: readonly OptionMeta[];
}

const lr = (d: number): OptionMeta => ({ name: 'lr', type: 'number', default: d, min: 0, description: 'Learning rate (step size).' });
const wd: OptionMeta = { name: 'weightDecay', type: 'number', default: 0, min: 0, description: 'L2 penalty added to the gradient: g + weightDecay * p.' };
const maximize: OptionMeta = { name: 'maximize', type: 'boolean', default: false, description: 'Maximize the objective (gradient ascent) instead of minimizing.' };
const betas: OptionMeta = {
  name: 'betas',
  type: 'betas',
  default: [0.9, 0.999],
  min: 0,
  max: 1,
  maxExclusive: true,
  description: 'Decay rates [beta1, beta2] of the running mean of the gradient and of its square.',
};
const eps = (d: number, where: string): OptionMeta => ({ name: 'eps', type: 'number', default: d, min: 0, description: `Term for numerical stability, ${where}.` });

export const OPTIMIZERS: readonly OptimizerInfo[] = [
  {
    name: 'sgd',
    label: 'SGD',
    description: 'Stochastic gradient descent, optionally with (Nesterov) momentum. With momentum 0 it is plain gradient descent p -= lr * g.',
    options: [
      lr(0.01),
      { name: 'momentum', type: 'number', default: 0, min: 0, max: 1, description: 'Momentum factor (0 = plain gradient descent).' },
      { name: 'dampening', type: 'number', default: 0, min: 0, max: 1, description: 'Dampening for momentum: buf = momentum * buf + (1 - dampening) * g (not on the first step).' },
      wd,
      { name: 'nesterov', type: 'boolean', default: false, description: 'Nesterov momentum (needs momentum > 0 and dampening 0).' },
      maximize,
    ],
  },
  {
    name: 'adagrad',
    label: 'Adagrad',
    description: 'Per-coordinate step sizes shrinking with the accumulated squared gradients.',
    options: [
      lr(0.01),
      { name: 'lrDecay', type: 'number', default: 0, min: 0, description: 'Learning-rate decay: lr / (1 + (t - 1) * lrDecay).' },
      wd,
      { name: 'initialAccumulatorValue', type: 'number', default: 0, min: 0, fixed: true, description: 'Starting value of the sum of squared gradients.' },
      eps(1e-10, 'added to sqrt(sum)'),
      maximize,
    ],
  },
  {
    name: 'rmsprop',
    label: 'RMSprop',
    description: 'Divides the gradient by a running root mean square of recent gradients.',
    options: [
      lr(0.01),
      { name: 'alpha', type: 'number', default: 0.99, min: 0, max: 1, description: 'Smoothing constant of the running mean of g^2.' },
      eps(1e-8, 'added to the root mean square'),
      wd,
      { name: 'momentum', type: 'number', default: 0, min: 0, max: 1, description: 'Momentum factor.' },
      { name: 'centered', type: 'boolean', default: false, fixed: true, description: 'Normalize by the estimated variance of the gradient instead of its raw second moment.' },
      maximize,
    ],
  },
  {
    name: 'adam',
    label: 'Adam',
    description: 'Adaptive moment estimation (Kingma & Ba 2014).',
    options: [
      lr(0.001),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      wd,
      { name: 'amsgrad', type: 'boolean', default: false, fixed: true, description: 'Use the running maximum of v (AMSGrad).' },
      maximize,
    ],
  },
  {
    name: 'adamw',
    label: 'AdamW',
    description: 'Adam with decoupled weight decay p *= 1 - lr * weightDecay (Loshchilov & Hutter 2017).',
    options: [
      lr(0.001),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      { ...wd, default: 0.01, description: 'Decoupled weight decay: p *= 1 - lr * weightDecay before the Adam step.' },
      { name: 'amsgrad', type: 'boolean', default: false, fixed: true, description: 'Use the running maximum of v (AMSGrad).' },
      maximize,
    ],
  },
  {
    name: 'nadam',
    label: 'NAdam',
    description: 'Adam with Nesterov momentum (Dozat 2016).',
    options: [
      lr(0.002),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      wd,
      { name: 'momentumDecay', type: 'number', default: 0.004, min: 0, description: 'Momentum decay psi: mu_t = beta1 (1 - 0.5 * 0.96^(t psi)).' },
    ],
  },
  {
    name: 'radam',
    label: 'RAdam',
    description: 'Rectified Adam: plain momentum while the variance estimate is unreliable (Liu et al. 2019).',
    options: [lr(0.001), betas, eps(1e-8, 'added to sqrt(v)'), wd],
  },
  {
    name: 'adamax',
    label: 'Adamax',
    description: 'Adam with the infinity norm in place of the second moment.',
    options: [lr(0.002), betas, eps(1e-8, 'inside the max with |g|'), wd, maximize],
  },
  {
    name: 'adadelta',
    label: 'Adadelta',
    description: 'Step sizes from running averages of squared gradients and squared updates (Zeiler 2012).',
    options: [
      lr(1),
      { name: 'rho', type: 'number', default: 0.9, min: 0, max: 1, description: 'Decay rate of the running averages.' },
      eps(1e-6, 'inside both square roots'),
      wd,
      maximize,
    ],
  },
];

const INFO = new Map<string, OptimizerInfo>(OPTIMIZERS.map((o) => [o.name, o]));

export const optimizerNames: readonly OptimizerName[] = OPTIMIZERS.map((o) => o.name);

export function isOptimizerName(name: unknown): name is OptimizerName {
  return typeof name === 'string' && INFO.has(name);
}

export function optimizerInfo(name: OptimizerName): OptimizerInfo {
  const info = INFO.get(name);
  if (!info) throw new Error(`unknown optimizer "${name}"; expected one of ${optimizerNames.join(', ')}`);
  return info;
}

/** A fresh object with PyTorch's default for every option. */
export function optimizerDefaults<N extends OptimizerName>(name: N): OptimizerOptionsMap[N] {
  const out: Record<string, OptionValue> = {};
  for (const m of optimizerInfo(name).options) out[m.name] = Array.isArray(m.default) ? [m.default[0], m.default[1]] : m.default;
  return out as unknown as OptimizerOptionsMap[N];
}

/** A value as it should read in an error message: strings quoted, NaN and Infinity spelled out. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function checkNumber(where: string, m: OptionMeta, v: unknown): number {
  const lo = m.min !== undefined ? `>= ${m.min}` : '';
  const hi = m.max !== undefined ? `${m.maxExclusive ? '<' : '<='} ${m.max}` : '';
  const bounds = [lo, hi].filter(Boolean).join(' and ');
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (m.min === undefined || v >= m.min) &&
    (m.max === undefined || (m.maxExclusive ? v < m.max : v <= m.max));
  if (!ok) throw new Error(`${where} must be a finite number${bounds ? ` ${bounds}` : ''}, got ${describeValue(v)}`);
  return v as number;
}

/** Check one option value against its metadata; returns a normalized copy. Throws naming optimizer, option and value. */
export function validateOption(optimizer: OptimizerName, key: string, value: unknown): OptionValue {
  const m = optimizerInfo(optimizer).options.find((o) => o.name === key);
  if (!m) {
    throw new Error(`${optimizer}: unknown option "${key}"; valid options are ${optimizerInfo(optimizer).options.map((o) => o.name).join(', ')}`);
  }
  const where = `${optimizer}: option "${key}"`;
  if (m.type === 'boolean') {
    if (typeof value !== 'boolean') throw new Error(`${where} must be a boolean, got ${describeValue(value)}`);
    return value;
  }
  if (m.type === 'betas') {
    if (!Array.isArray(value) || value.length !== 2) throw new Error(`${where} must be a pair [beta1, beta2], got ${describeValue(value)}`);
    return [checkNumber(`${where}[0] (beta1)`, m, value[0]), checkNumber(`${where}[1] (beta2)`, m, value[1])];
  }
  return checkNumber(where, m, value);
}

/** PyTorch's defaults overlaid with `options`, every value validated (unknown names are errors, to catch typos). */
export function resolveOptions<N extends OptimizerName>(name: N, options: Partial<OptimizerOptionsMap[N]> = {}): OptimizerOptionsMap[N] {
  if (options === null || typeof options !== 'object') throw new Error(`${name}: options must be an object, got ${String(options)}`);
  const out = optimizerDefaults(name) as unknown as Record<string, OptionValue>;
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) continue;
    out[k] = validateOption(name, k, v);
  }
  if (name === 'sgd' && out.nesterov && (out.momentum === 0 || out.dampening !== 0)) {
    throw new Error(`sgd: nesterov momentum requires momentum > 0 and dampening 0, got momentum ${out.momentum} and dampening ${out.dampening}`);
  }
  return out as unknown as OptimizerOptionsMap[N];
}
