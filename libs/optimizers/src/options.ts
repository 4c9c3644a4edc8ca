import { OptionError, checkOption, describeValue, optionDefaults, optionProblems, type OptionMeta } from '@descent/core-tensor';

/** Option types, PyTorch defaults and metadata (the shared OptionMeta vocabulary) of every optimizer. */
export { describeValue, type OptionMeta };

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

export interface OptimizerInfo {
  name: OptimizerName;
  label: string;
  description: string;
  /**
   * The update as the code computes it, one TeX line per step, in PyTorch 1.13's conventions (θ the parameters,
   * g the gradient after maximize and weight decay, t the step from 1). For the Studio's explanations and the docs.
   */
  formula: readonly string[];
  options: readonly OptionMeta[];
}

const lr = (d: number): OptionMeta => ({ name: 'lr', kind: 'number', default: d, min: 0, symbol: '\\eta', description: 'Learning rate (step size).' });
const wd: OptionMeta = { name: 'weightDecay', kind: 'number', default: 0, min: 0, symbol: '\\lambda', description: 'L2 penalty added to the gradient: g + weightDecay * p.' };
const maximize: OptionMeta = { name: 'maximize', kind: 'boolean', default: false, description: 'Maximize the objective (gradient ascent) instead of minimizing.' };
/** The first lines every rule starts with: the gradient, negated for maximize, plus L2 weight decay. */
const G = 'g_t = \\pm\\nabla_\\theta f(\\theta_{t-1}) + \\lambda\\,\\theta_{t-1}';
const G_NO_MAX = 'g_t = \\nabla_\\theta f(\\theta_{t-1}) + \\lambda\\,\\theta_{t-1}';
const ADAM_MOMENTS = ['m_t = \\beta_1 m_{t-1} + (1 - \\beta_1)\\, g_t', 'v_t = \\beta_2 v_{t-1} + (1 - \\beta_2)\\, g_t^2'];
const betas: OptionMeta = {
  name: 'betas',
  kind: 'pair',
  elements: ['beta1', 'beta2'],
  symbol: '\\beta_1, \\beta_2',
  default: [0.9, 0.999],
  min: 0,
  max: 1,
  maxExclusive: true,
  description: 'Decay rates [beta1, beta2] of the running mean of the gradient and of its square.',
};
const eps = (d: number, where: string): OptionMeta => ({ name: 'eps', kind: 'number', default: d, min: 0, symbol: '\\epsilon', description: `Term for numerical stability, ${where}.` });

export const OPTIMIZERS: readonly OptimizerInfo[] = [
  {
    name: 'sgd',
    label: 'SGD',
    description: 'Stochastic gradient descent, optionally with (Nesterov) momentum. With momentum 0 it is plain gradient descent p -= lr * g.',
    formula: [
      G,
      'b_1 = g_1, \\quad b_t = \\mu\\, b_{t-1} + (1 - \\tau)\\, g_t \\quad (\\mu > 0)',
      'd_t = \\begin{cases} g_t + \\mu\\, b_t & \\text{Nesterov} \\\\ b_t & \\mu > 0 \\\\ g_t & \\mu = 0 \\end{cases}',
      '\\theta_t = \\theta_{t-1} - \\eta\\, d_t',
    ],
    options: [
      lr(0.01),
      { name: 'momentum', kind: 'number', default: 0, min: 0, max: 1, symbol: '\\mu', description: 'Momentum factor (0 = plain gradient descent).' },
      { name: 'dampening', kind: 'number', default: 0, min: 0, max: 1, symbol: '\\tau', description: 'Dampening for momentum: buf = momentum * buf + (1 - dampening) * g (not on the first step).' },
      wd,
      { name: 'nesterov', kind: 'boolean', default: false, description: 'Nesterov momentum (needs momentum > 0 and dampening 0).' },
      maximize,
    ],
  },
  {
    name: 'adagrad',
    label: 'Adagrad',
    description: 'Per-coordinate step sizes shrinking with the accumulated squared gradients.',
    formula: [
      G,
      '\\tilde\\eta_t = \\eta \\,/\\, (1 + (t - 1)\\, \\kappa)',
      's_t = s_{t-1} + g_t^2, \\quad s_0 = s_{\\text{init}}',
      '\\theta_t = \\theta_{t-1} - \\tilde\\eta_t\\, \\dfrac{g_t}{\\sqrt{s_t} + \\epsilon}',
    ],
    options: [
      lr(0.01),
      { name: 'lrDecay', kind: 'number', default: 0, min: 0, symbol: '\\kappa', description: 'Learning-rate decay: lr / (1 + (t - 1) * lrDecay).' },
      wd,
      { name: 'initialAccumulatorValue', kind: 'number', default: 0, min: 0, fixed: true, symbol: 's_{\\text{init}}', description: 'Starting value of the sum of squared gradients.' },
      eps(1e-10, 'added to sqrt(sum)'),
      maximize,
    ],
  },
  {
    name: 'rmsprop',
    label: 'RMSprop',
    description: 'Divides the gradient by a running root mean square of recent gradients.',
    formula: [
      G,
      'v_t = \\alpha\\, v_{t-1} + (1 - \\alpha)\\, g_t^2, \\quad \\tilde v_t = v_t - \\bar g_t^2 \\ \\text{with } \\bar g_t = \\alpha \\bar g_{t-1} + (1 - \\alpha) g_t \\ \\text{(centered; else } \\tilde v_t = v_t)',
      'b_t = \\mu\\, b_{t-1} + \\dfrac{g_t}{\\sqrt{\\tilde v_t} + \\epsilon}, \\quad b_0 = 0 \\quad (\\mu = 0:\\ b_t = g_t / (\\sqrt{\\tilde v_t} + \\epsilon))',
      '\\theta_t = \\theta_{t-1} - \\eta\\, b_t',
    ],
    options: [
      lr(0.01),
      { name: 'alpha', kind: 'number', default: 0.99, min: 0, max: 1, symbol: '\\alpha', description: 'Smoothing constant of the running mean of g^2.' },
      eps(1e-8, 'added to the root mean square'),
      wd,
      { name: 'momentum', kind: 'number', default: 0, min: 0, max: 1, symbol: '\\mu', description: 'Momentum factor.' },
      { name: 'centered', kind: 'boolean', default: false, fixed: true, description: 'Normalize by the estimated variance of the gradient instead of its raw second moment.' },
      maximize,
    ],
  },
  {
    name: 'adam',
    label: 'Adam',
    description: 'Adaptive moment estimation (Kingma & Ba 2014).',
    formula: [
      G,
      ...ADAM_MOMENTS,
      '\\hat v_t = \\max(\\hat v_{t-1}, v_t) \\ \\text{(AMSGrad; else } \\hat v_t = v_t)',
      '\\theta_t = \\theta_{t-1} - \\eta\\, \\dfrac{m_t / (1 - \\beta_1^t)}{\\sqrt{\\hat v_t} / \\sqrt{1 - \\beta_2^t} + \\epsilon}',
    ],
    options: [
      lr(0.001),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      wd,
      { name: 'amsgrad', kind: 'boolean', default: false, fixed: true, description: 'Use the running maximum of v (AMSGrad).' },
      maximize,
    ],
  },
  {
    name: 'adamw',
    label: 'AdamW',
    description: 'Adam with decoupled weight decay p *= 1 - lr * weightDecay (Loshchilov & Hutter 2017).',
    formula: [
      'g_t = \\pm\\nabla_\\theta f(\\theta_{t-1})',
      ...ADAM_MOMENTS,
      '\\hat v_t = \\max(\\hat v_{t-1}, v_t) \\ \\text{(AMSGrad; else } \\hat v_t = v_t)',
      '\\theta_t = \\theta_{t-1} - \\eta \\left( \\dfrac{m_t / (1 - \\beta_1^t)}{\\sqrt{\\hat v_t} / \\sqrt{1 - \\beta_2^t} + \\epsilon} + \\lambda\\, \\theta_{t-1} \\right)',
    ],
    options: [
      lr(0.001),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      { ...wd, default: 0.01, description: 'Decoupled weight decay: p *= 1 - lr * weightDecay before the Adam step.' },
      { name: 'amsgrad', kind: 'boolean', default: false, fixed: true, description: 'Use the running maximum of v (AMSGrad).' },
      maximize,
    ],
  },
  {
    name: 'nadam',
    label: 'NAdam',
    description: 'Adam with Nesterov momentum (Dozat 2016).',
    formula: [
      G_NO_MAX,
      '\\mu_t = \\beta_1 \\left(1 - \\tfrac12\\, 0.96^{t \\psi}\\right)',
      ...ADAM_MOMENTS,
      '\\theta_t = \\theta_{t-1} - \\eta\\, \\dfrac{\\frac{1 - \\mu_t}{1 - \\prod_{i \\le t} \\mu_i}\\, g_t + \\frac{\\mu_{t+1}}{1 - \\prod_{i \\le t+1} \\mu_i}\\, m_t}{\\sqrt{v_t / (1 - \\beta_2^t)} + \\epsilon}',
    ],
    options: [
      lr(0.002),
      betas,
      eps(1e-8, 'added to the bias-corrected sqrt(v)'),
      wd,
      { name: 'momentumDecay', kind: 'number', default: 0.004, min: 0, symbol: '\\psi', description: 'Momentum decay psi: mu_t = beta1 (1 - 0.5 * 0.96^(t psi)).' },
    ],
  },
  {
    name: 'radam',
    label: 'RAdam',
    description: 'Rectified Adam: plain momentum while the variance estimate is unreliable (Liu et al. 2019).',
    formula: [
      G_NO_MAX,
      ...ADAM_MOMENTS,
      '\\rho_\\infty = \\tfrac{2}{1 - \\beta_2} - 1, \\quad \\rho_t = \\rho_\\infty - \\dfrac{2 t \\beta_2^t}{1 - \\beta_2^t}, \\quad \\hat m_t = \\dfrac{m_t}{1 - \\beta_1^t}',
      '\\rho_t > 5:\\ \\theta_t = \\theta_{t-1} - \\eta\\, \\hat m_t\\, r_t \\dfrac{\\sqrt{1 - \\beta_2^t}}{\\sqrt{v_t} + \\epsilon}, \\ r_t = \\sqrt{\\tfrac{(\\rho_t - 4)(\\rho_t - 2)\\rho_\\infty}{(\\rho_\\infty - 4)(\\rho_\\infty - 2)\\rho_t}}; \\quad \\text{else } \\theta_t = \\theta_{t-1} - \\eta\\, \\hat m_t',
    ],
    options: [lr(0.001), betas, eps(1e-8, 'added to sqrt(v)'), wd],
  },
  {
    name: 'adamax',
    label: 'Adamax',
    description: 'Adam with the infinity norm in place of the second moment.',
    formula: [
      G,
      'm_t = \\beta_1 m_{t-1} + (1 - \\beta_1)\\, g_t, \\quad u_t = \\max(\\beta_2 u_{t-1},\\ |g_t| + \\epsilon)',
      '\\theta_t = \\theta_{t-1} - \\eta\\, \\dfrac{m_t}{(1 - \\beta_1^t)\\, u_t}',
    ],
    options: [lr(0.002), betas, eps(1e-8, 'inside the max with |g|'), wd, maximize],
  },
  {
    name: 'adadelta',
    label: 'Adadelta',
    description: 'Step sizes from running averages of squared gradients and squared updates (Zeiler 2012).',
    formula: [
      G,
      'v_t = \\rho\\, v_{t-1} + (1 - \\rho)\\, g_t^2, \\quad \\Delta_t = \\dfrac{\\sqrt{a_{t-1} + \\epsilon}}{\\sqrt{v_t + \\epsilon}}\\, g_t, \\quad a_t = \\rho\\, a_{t-1} + (1 - \\rho)\\, \\Delta_t^2',
      '\\theta_t = \\theta_{t-1} - \\eta\\, \\Delta_t',
    ],
    options: [
      lr(1),
      { name: 'rho', kind: 'number', default: 0.9, min: 0, max: 1, symbol: '\\rho', description: 'Decay rate of the running averages.' },
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
  if (!info) throw new OptionError('optimizer', 'name', `must be one of ${optimizerNames.join(', ')}, got ${describeValue(name)}`, { value: name });
  return info;
}

/** A fresh object with PyTorch's default for every option. */
export function optimizerDefaults<N extends OptimizerName>(name: N): OptimizerOptionsMap[N] {
  return optionDefaults(optimizerInfo(name).options) as unknown as OptimizerOptionsMap[N];
}

/** Rules between options (one value is fine alone, the combination is not), as OptionErrors. */
function crossProblems(name: OptimizerName, o: Record<string, unknown>): OptionError[] {
  if (name === 'sgd' && o.nesterov === true && (o.momentum === 0 || o.dampening !== 0)) {
    const option = o.momentum === 0 ? 'momentum' : 'dampening';
    return [new OptionError('sgd', option, `must be ${option === 'momentum' ? 'above 0' : '0'} for Nesterov momentum, got ${describeValue(o[option])}`, { value: o[option] })];
  }
  return [];
}

/** Every problem with these options (unknown names, bad values, bad combinations), each an OptionError. */
export function optimizerProblems(name: OptimizerName, options: unknown = {}): OptionError[] {
  const info = optimizerInfo(name);
  const problems = optionProblems(name, info.options, options);
  if (problems.length) return problems;
  return crossProblems(name, { ...optionDefaults(info.options), ...(options as object) });
}

/** Check one option value against its metadata; returns a normalized copy. Throws an OptionError naming optimizer and option. */
export function validateOption(optimizer: OptimizerName, key: string, value: unknown): OptionValue {
  const m = optimizerInfo(optimizer).options.find((o) => o.name === key);
  if (!m) throw new OptionError(optimizer, key, `is not an option of ${optimizer}; valid options: ${optimizerInfo(optimizer).options.map((o) => o.name).join(', ')}`, { value });
  return checkOption(optimizer, m, value) as OptionValue;
}

/** PyTorch's defaults overlaid with `options`, every value validated (unknown names are errors, to catch typos). */
export function resolveOptions<N extends OptimizerName>(name: N, options: Partial<OptimizerOptionsMap[N]> = {}): OptimizerOptionsMap[N] {
  const problems = optimizerProblems(name, options);
  if (problems.length) throw problems[0];
  const out = optimizerDefaults(name) as unknown as Record<string, OptionValue>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = validateOption(name, k, v);
  return out as unknown as OptimizerOptionsMap[N];
}
