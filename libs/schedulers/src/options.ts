import { OptionError, checkOption, describeValue, optionDefaults, optionProblems, type OptionMeta } from '@descent/core-tensor';

/** Option types, PyTorch defaults and metadata (the shared OptionMeta vocabulary) of every schedule. */
export { describeValue };
/** A schedule's option: the shared OptionMeta (kept under this name for compatibility). */
export type ScheduleOptionMeta = OptionMeta;

export interface ConstantOptions {
  factor: number;
  totalIters: number;
}
export interface StepOptions {
  stepSize: number;
  gamma: number;
}
export interface MultiStepOptions {
  milestones: number[];
  gamma: number;
}
export interface ExponentialOptions {
  gamma: number;
}
export interface CosineOptions {
  tMax: number;
  etaMin: number;
}
export interface CosineWarmRestartsOptions {
  t0: number;
  tMult: number;
  etaMin: number;
}
export interface LinearOptions {
  startFactor: number;
  endFactor: number;
  totalIters: number;
}
export interface PolynomialOptions {
  totalIters: number;
  power: number;
}
export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';
export interface CyclicOptions {
  baseLr: number;
  maxLr: number;
  stepSizeUp: number;
  /** null: same as stepSizeUp. */
  stepSizeDown: number | null;
  mode: CyclicMode;
  gamma: number;
  cycleMomentum: boolean;
  baseMomentum: number;
  maxMomentum: number;
}
export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  pctStart: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  baseMomentum: number;
  maxMomentum: number;
  divFactor: number;
  finalDivFactor: number;
  threePhase: boolean;
}
export interface PlateauOptions {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLr: number;
  eps: number;
}
/**
 * A schedule by name with its options (the fixtures' shape, and a sub-schedule of `sequential`). A union by
 * name, so `stepsize` for step's `stepSize` fails to compile; options left out take their defaults.
 */
export type ScheduleSpec = { [N in ScheduleName]: { scheduler: N; options?: Partial<ScheduleOptionsMap[N]> } }[ScheduleName];
export interface SequentialOptions {
  schedulers: readonly ScheduleSpec[];
  milestones: readonly number[];
}
export interface LambdaOptions {
  /** lr(e) = baseLr * lrLambda(e). */
  lrLambda: (step: number) => number;
}

export interface ScheduleOptionsMap {
  constant: ConstantOptions;
  step: StepOptions;
  multistep: MultiStepOptions;
  exponential: ExponentialOptions;
  cosine: CosineOptions;
  cosineWarmRestarts: CosineWarmRestartsOptions;
  linear: LinearOptions;
  polynomial: PolynomialOptions;
  cyclic: CyclicOptions;
  onecycle: OneCycleOptions;
  plateau: PlateauOptions;
  sequential: SequentialOptions;
  lambda: LambdaOptions;
}
export type ScheduleName = keyof ScheduleOptionsMap;

export interface ScheduleInfo {
  name: ScheduleName;
  label: string;
  description: string;
  /** The lr (and momentum) it sets at step t, as TeX lines: η₀ is the optimizer's lr when the schedule is attached. */
  formula: readonly string[];
  /** Whether lr is a function of the step alone (plateau needs metrics; lambda needs a function). */
  previewable: boolean;
  /** Whether the schedule sets momentum (when cycleMomentum is true). */
  cyclesMomentum: boolean;
  options: readonly ScheduleOptionMeta[];
}

const gamma = (d: number | undefined, what: string): ScheduleOptionMeta => ({
  name: 'gamma',
  kind: 'number',
  symbol: '\\gamma',
  ...(d === undefined ? { suggested: 0.95 } : { default: d }),
  min: 0,
  description: what,
});
const totalIters = (d: number, what: string, min = 1): ScheduleOptionMeta => ({ name: 'totalIters', kind: 'integer', default: d, min, symbol: 'T', description: what });
const etaMin: ScheduleOptionMeta = { name: 'etaMin', kind: 'number', default: 0, min: 0, symbol: '\\eta_{\\min}', description: 'Minimum learning rate.' };
const momentumMeta = (base: number, max: number): ScheduleOptionMeta[] => [
  { name: 'cycleMomentum', kind: 'boolean', default: true, description: 'Also cycle momentum (SGD momentum or Adam beta1), inversely to the lr.' },
  { name: 'baseMomentum', kind: 'number', default: base, symbol: '\\mu_{\\text{base}}', min: 0, max: 1, description: 'Lower momentum bound (used at the lr peak).' },
  { name: 'maxMomentum', kind: 'number', default: max, symbol: '\\mu_{\\max}', min: 0, max: 1, description: 'Upper momentum bound (used at the lr low points).' },
];

export const SCHEDULES: readonly ScheduleInfo[] = [
  {
    name: 'constant',
    label: 'Constant factor',
    description: 'lr * factor for the first totalIters steps, then lr (PyTorch ConstantLR).',
    formula: ['\\eta_t = \\eta_0 \\cdot \\begin{cases} \\text{factor} & t < T \\\\ 1 & t \\ge T \\end{cases}\\quad (T = \\text{totalIters})'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'factor', kind: 'number', default: 1 / 3, symbol: '\\text{factor}', min: 0, max: 1, description: 'Multiplier applied until totalIters.' },
      totalIters(5, 'Number of steps the factor applies.', 0),
    ],
  },
  {
    name: 'step',
    label: 'Step decay',
    description: 'Multiply the lr by gamma every stepSize steps (StepLR).',
    formula: ['\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t / s \\rfloor}\\quad (s = \\text{stepSize})'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'stepSize', kind: 'integer', suggested: 10, symbol: 's', min: 1, description: 'Steps between decays.' },
      gamma(0.1, 'Decay factor.'),
    ],
  },
  {
    name: 'multistep',
    label: 'Multi-step decay',
    description: 'Multiply the lr by gamma at each milestone; a milestone listed twice decays twice (MultiStepLR).',
    formula: ['\\eta_t = \\eta_0\\, \\gamma^{\\#\\{\\text{milestones} \\le t\\}}'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'milestones', kind: 'integers', suggested: [30, 80], min: 0, nonDecreasing: true, description: 'Steps at which the lr decays.' },
      gamma(0.1, 'Decay factor.'),
    ],
  },
  {
    name: 'exponential',
    label: 'Exponential decay',
    description: 'lr * gamma^step (ExponentialLR).',
    formula: ['\\eta_t = \\eta_0\\, \\gamma^{t}'],
    previewable: true,
    cyclesMomentum: false,
    options: [gamma(undefined, 'Decay factor per step.')],
  },
  {
    name: 'cosine',
    label: 'Cosine annealing',
    description: 'Cosine from lr down to etaMin over tMax steps; not clamped afterwards, it rises again with period 2 tMax (CosineAnnealingLR).',
    formula: ['\\eta_t = \\eta_{\\min} + \\tfrac12 (\\eta_0 - \\eta_{\\min}) \\left(1 + \\cos\\frac{\\pi t}{T_{\\max}}\\right)'],
    previewable: true,
    cyclesMomentum: false,
    options: [{ name: 'tMax', kind: 'number', symbol: 'T_{\\max}', suggested: 100, min: 0, minExclusive: true, description: 'Half period, in steps.' }, etaMin],
  },
  {
    name: 'cosineWarmRestarts',
    label: 'Cosine with warm restarts',
    description: 'Cosine annealing restarting every t0 steps, the period growing by tMult after each restart (SGDR).',
    formula: ['\\eta_t = \\eta_{\\min} + \\tfrac12 (\\eta_0 - \\eta_{\\min}) \\left(1 + \\cos\\frac{\\pi\\, t_{\\text{cur}}}{T_i}\\right),\\quad T_0 = t_0,\\ T_{i+1} = T_i \\cdot t_{\\text{mult}}'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 't0', kind: 'integer', symbol: 't_0', suggested: 10, min: 1, description: 'Steps until the first restart.' },
      { name: 'tMult', kind: 'integer', symbol: 't_{\\text{mult}}', default: 1, min: 1, description: 'Period multiplier after each restart.' },
      etaMin,
    ],
  },
  {
    name: 'linear',
    label: 'Linear',
    description: 'Linear change of the multiplier from startFactor to endFactor over totalIters steps (LinearLR; warm-up or decay).',
    formula: ['\\eta_t = \\eta_0 \\left(f_s + (f_e - f_s)\\frac{\\min(t, T)}{T}\\right)\\quad (T = \\text{totalIters})'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'startFactor', kind: 'number', symbol: 'f_s', default: 1 / 3, min: 0, minExclusive: true, max: 1, description: 'Multiplier at step 0.' },
      { name: 'endFactor', kind: 'number', symbol: 'f_e', default: 1, min: 0, max: 1, description: 'Multiplier from totalIters on.' },
      totalIters(5, 'Steps of the linear ramp.'),
    ],
  },
  {
    name: 'polynomial',
    label: 'Polynomial decay',
    description: 'lr * (1 - step / totalIters)^power, reaching 0 at totalIters (PolynomialLR).',
    formula: ['\\eta_t = \\eta_0 \\left(1 - \\frac{\\min(t, T)}{T}\\right)^{p}'],
    previewable: true,
    cyclesMomentum: false,
    options: [totalIters(5, 'Steps until the lr reaches 0.'), { name: 'power', kind: 'number', symbol: 'p', default: 1, min: 0, description: 'Power of the polynomial.' }],
  },
  {
    name: 'cyclic',
    label: 'Cyclic (Smith 2015)',
    description: 'The lr cycles between baseLr and maxLr; overrides the optimizer lr (and momentum) from construction on (CyclicLR).',
    formula: ['c = \\left\\lfloor 1 + \\tfrac{t}{s_\\uparrow + s_\\downarrow} \\right\\rfloor,\\quad x = 1 + \\tfrac{t}{s_\\uparrow + s_\\downarrow} - c,\\quad s = \\begin{cases} x / r & x \\le r \\\\ (x - 1)/(r - 1) & x > r \\end{cases},\\ r = \\tfrac{s_\\uparrow}{s_\\uparrow + s_\\downarrow}', '\\eta_t = \\eta_{\\text{base}} + (\\eta_{\\max} - \\eta_{\\text{base}})\\, s\\, a_t,\\quad a_t = 1,\\ 2^{1-c},\\ \\gamma^t \\ \\text{(triangular, triangular2, exp\\_range)}', '\\mu_t = \\mu_{\\max} - (\\mu_{\\max} - \\mu_{\\text{base}})\\, s\\, a_t \\ \\text{(cycleMomentum)}'],
    previewable: true,
    cyclesMomentum: true,
    options: [
      { name: 'baseLr', kind: 'number', symbol: '\\eta_{\\text{base}}', suggested: 0.001, min: 0, description: 'Lower lr bound (replaces the optimizer lr).' },
      { name: 'maxLr', kind: 'number', suggested: 0.01, symbol: '\\eta_{\\max}', min: 0, description: 'Upper lr bound.' },
      { name: 'stepSizeUp', kind: 'number', symbol: 's_\\uparrow', default: 2000, min: 0, minExclusive: true, description: 'Steps in the increasing half of a cycle.' },
      { name: 'stepSizeDown', kind: 'number', symbol: 's_\\downarrow', default: null, nullable: true, min: 0, minExclusive: true, description: 'Steps in the decreasing half (null: same as stepSizeUp).' },
      { name: 'mode', kind: 'enum', default: 'triangular', values: ['triangular', 'triangular2', 'exp_range'], description: 'Amplitude policy: constant, halved every cycle, or gamma^step.' },
      gamma(1, 'Base of the exp_range amplitude gamma^step.'),
      ...momentumMeta(0.8, 0.9),
    ],
  },
  {
    name: 'onecycle',
    label: 'One-cycle',
    description: 'Warm up from maxLr/divFactor to maxLr, then anneal far below; overrides the optimizer lr (and momentum) (OneCycleLR).',
    formula: ['\\eta: \\tfrac{\\eta_{\\max}}{d} \\nearrow \\eta_{\\max} \\text{ over } p\\,T \\text{ steps, then } \\searrow \\tfrac{\\eta_{\\max}}{d\\, d_f} \\text{ (cosine or linear)}', '\\text{cos annealing from } a \\text{ to } b:\\ b + \\tfrac{a - b}{2}\\left(1 + \\cos(\\pi \\cdot \\text{pct})\\right);\\quad \\mu \\text{ runs } \\mu_{\\max} \\searrow \\mu_{\\text{base}} \\nearrow \\mu_{\\max}'],
    previewable: true,
    cyclesMomentum: true,
    options: [
      { name: 'maxLr', kind: 'number', suggested: 0.1, symbol: '\\eta_{\\max}', min: 0, description: 'Peak learning rate.' },
      { name: 'totalSteps', kind: 'integer', symbol: 'T', suggested: 100, min: 1, description: 'Total number of steps of the cycle.' },
      { name: 'pctStart', kind: 'number', symbol: 'p', default: 0.3, min: 0, max: 1, description: 'Fraction of the steps spent increasing the lr.' },
      { name: 'annealStrategy', kind: 'enum', default: 'cos', values: ['cos', 'linear'], description: 'Annealing shape.' },
      ...momentumMeta(0.85, 0.95),
      { name: 'divFactor', kind: 'number', symbol: 'd', default: 25, min: 0, minExclusive: true, description: 'Initial lr = maxLr / divFactor.' },
      { name: 'finalDivFactor', kind: 'number', symbol: 'd_f', default: 1e4, min: 0, minExclusive: true, description: 'Final lr = initial lr / finalDivFactor.' },
      { name: 'threePhase', kind: 'boolean', default: false, description: 'Come back down to the initial lr symmetrically before the final annealing.' },
    ],
  },
  {
    name: 'plateau',
    label: 'Reduce on plateau',
    description: 'Multiply the lr by factor when a metric stops improving (ReduceLROnPlateau). Driven by metrics, so it cannot be previewed.',
    formula: ['\\text{if the metric has not improved for more than } P \\text{ epochs: } \\eta \\leftarrow \\max(\\eta \\cdot \\text{factor},\\ \\eta_{\\min})'],
    previewable: false,
    cyclesMomentum: false,
    options: [
      { name: 'mode', kind: 'enum', default: 'min', values: ['min', 'max'], description: 'Whether the metric should decrease (loss) or increase (accuracy).' },
      { name: 'factor', kind: 'number', default: 0.1, symbol: '\\text{factor}', min: 0, max: 1, maxExclusive: true, description: 'Multiplier applied on a plateau.' },
      { name: 'patience', kind: 'integer', symbol: 'P', default: 10, min: 0, description: 'Bad steps tolerated; the lr drops when there are more than this many.' },
      { name: 'threshold', kind: 'number', default: 1e-4, min: 0, description: 'Minimum change that counts as an improvement.' },
      { name: 'thresholdMode', kind: 'enum', default: 'rel', values: ['rel', 'abs'], description: 'Threshold relative to the best value, or absolute.' },
      { name: 'cooldown', kind: 'integer', default: 0, min: 0, description: 'Steps to wait after a reduction before counting bad steps again.' },
      { name: 'minLr', kind: 'number', symbol: '\\eta_{\\min}', default: 0, min: 0, description: 'Lower bound on the lr.' },
      { name: 'eps', kind: 'number', default: 1e-8, min: 0, description: 'Reductions smaller than this are skipped.' },
    ],
  },
  {
    name: 'sequential',
    label: 'Sequential',
    description: 'Run schedules one after another; each restarts from its own step 0 at its milestone (SequentialLR).',
    formula: ['\\eta_t = \\eta^{(k)}_{t - m_{k}} \\ \\text{for } m_k \\le t < m_{k+1} \\text{ (each schedule restarts at its milestone)}'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      {
        name: 'schedulers',
        kind: 'custom',
        check: (v) => checkSchedules(v),
        suggested: [
          { scheduler: 'linear', options: { startFactor: 0.1, endFactor: 1, totalIters: 5 } },
          { scheduler: 'cosine', options: { tMax: 95, etaMin: 0 } },
        ],
        description: 'The schedules, as { scheduler, options }.',
      },
      { name: 'milestones', kind: 'integers', suggested: [5], symbol: 'm_k', min: 0, nonDecreasing: true, description: 'Steps at which the next schedule takes over (one fewer than schedulers).' },
    ],
  },
  {
    name: 'lambda',
    label: 'Lambda',
    description: 'lr = baseLr * lrLambda(step) for a user function (LambdaLR).',
    formula: ['\\eta_t = \\eta_0 \\cdot \\lambda(t)'],
    previewable: true,
    cyclesMomentum: false,
    options: [
      {
        name: 'lrLambda',
        kind: 'custom',
        check: (v) => (typeof v === 'function' ? v : fail('lambda', 'lrLambda', `must be a function, got ${describeValue(v)}`, v)),
        description: 'Multiplier as a function of the step.',
      },
    ],
  },
];

const INFO = new Map<string, ScheduleInfo>(SCHEDULES.map((s) => [s.name, s]));
export const scheduleNames: readonly ScheduleName[] = SCHEDULES.map((s) => s.name);

export function isScheduleName(name: unknown): name is ScheduleName {
  return typeof name === 'string' && INFO.has(name);
}

export function scheduleInfo(name: ScheduleName): ScheduleInfo {
  const info = INFO.get(name);
  if (!info) throw new OptionError('scheduler', 'name', `must be one of ${scheduleNames.join(', ')}, got ${describeValue(name)}`, { value: name });
  return info;
}

const fail = (owner: string, option: string, reason: string, value: unknown): never => {
  throw new OptionError(owner, option, reason, { value });
};

/** sequential's sub-schedules: each { scheduler, options } with its options resolved. */
function checkSchedules(v: unknown): ScheduleSpec[] {
  if (!Array.isArray(v) || v.length === 0) fail('sequential', 'schedulers', `must be a non-empty array of { scheduler, options }, got ${describeValue(v)}`, v);
  return (v as unknown[]).map((s, i): ScheduleSpec => {
    const spec = s as Partial<ScheduleSpec> | null;
    if (spec === null || typeof spec !== 'object' || !isScheduleName(spec.scheduler)) {
      throw new OptionError('sequential', 'schedulers', `entry ${i} must be { scheduler, options } with a known scheduler, got ${describeValue(s)}`, { element: i, value: s });
    }
    if (spec.scheduler === 'plateau') throw new OptionError('sequential', 'schedulers', `entry ${i}: plateau cannot be part of a sequential schedule (it needs metrics)`, { element: i, value: s });
    return { scheduler: spec.scheduler, options: resolveScheduleOptions(spec.scheduler, (spec.options ?? {}) as never) as unknown as Record<string, unknown> };
  });
}

/** Rules between options, as OptionErrors. */
function crossProblems(name: ScheduleName, o: Record<string, unknown>): OptionError[] {
  if (name === 'sequential') {
    const schedulers = o.schedulers as unknown[], milestones = o.milestones as number[];
    if (Array.isArray(schedulers) && Array.isArray(milestones) && milestones.length !== schedulers.length - 1) {
      return [new OptionError('sequential', 'milestones', `must list ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${milestones.length}`, { value: milestones })];
    }
  }
  if (name === 'cyclic' && typeof o.baseLr === 'number' && typeof o.maxLr === 'number' && o.maxLr < o.baseLr) {
    return [new OptionError('cyclic', 'maxLr', `must be at least baseLr (${o.baseLr}), got ${describeValue(o.maxLr)}`, { value: o.maxLr })];
  }
  return [];
}

/** Every problem with these options (unknown, missing required, bad values, bad combinations), each an OptionError. */
export function scheduleProblems(name: ScheduleName, options: unknown = {}): OptionError[] {
  const info = scheduleInfo(name);
  const problems = optionProblems(name, info.options, options);
  if (problems.length) return problems;
  return crossProblems(name, { ...optionDefaults(info.options), ...(options as object) });
}

/** PyTorch's defaults overlaid with `options`, every value validated; unknown and missing required options are errors. */
export function resolveScheduleOptions<N extends ScheduleName>(name: N, options: Partial<ScheduleOptionsMap[N]> = {}): ScheduleOptionsMap[N] {
  const problems = scheduleProblems(name, options);
  if (problems.length) throw problems[0];
  const info = scheduleInfo(name);
  const out = optionDefaults(info.options);
  for (const m of info.options) {
    const given = (options as Record<string, unknown>)[m.name];
    if (given !== undefined) out[m.name] = checkOption(name, m, given);
  }
  return out as unknown as ScheduleOptionsMap[N];
}
