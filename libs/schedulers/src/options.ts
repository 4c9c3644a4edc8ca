/** Option types, PyTorch defaults, metadata (for forms) and validation of every schedule's options. */

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
/** A sub-schedule of `sequential` (the fixtures' shape). */
export interface ScheduleSpec {
  scheduler: ScheduleName;
  options: Record<string, unknown>;
}
export interface SequentialOptions {
  schedulers: ScheduleSpec[];
  milestones: number[];
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

export interface ScheduleOptionMeta {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'enum' | 'integers' | 'schedules' | 'function';
  /** PyTorch's default; absent when PyTorch requires the option (see `suggested`). */
  default?: unknown;
  /** A reasonable starting value for a form when there is no default. */
  suggested?: unknown;
  required?: boolean;
  /** Bounds (numbers; every entry of `integers`). */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Allowed values of an enum. */
  values?: readonly string[];
  /** null is allowed (stepSizeDown). */
  nullable?: boolean;
  description: string;
}

export interface ScheduleInfo {
  name: ScheduleName;
  label: string;
  description: string;
  /** Whether lr is a function of the step alone (plateau needs metrics; lambda needs a function). */
  previewable: boolean;
  /** Whether the schedule sets momentum (when cycleMomentum is true). */
  cyclesMomentum: boolean;
  options: readonly ScheduleOptionMeta[];
}

const gamma = (d: number | undefined, what: string): ScheduleOptionMeta => ({
  name: 'gamma',
  type: 'number',
  ...(d === undefined ? { required: true, suggested: 0.95 } : { default: d }),
  min: 0,
  description: what,
});
const totalIters = (d: number, what: string, min = 1): ScheduleOptionMeta => ({ name: 'totalIters', type: 'integer', default: d, min, description: what });
const etaMin: ScheduleOptionMeta = { name: 'etaMin', type: 'number', default: 0, min: 0, description: 'Minimum learning rate.' };
const momentumMeta = (base: number, max: number): ScheduleOptionMeta[] => [
  { name: 'cycleMomentum', type: 'boolean', default: true, description: 'Also cycle momentum (SGD momentum or Adam beta1), inversely to the lr.' },
  { name: 'baseMomentum', type: 'number', default: base, min: 0, max: 1, description: 'Lower momentum bound (used at the lr peak).' },
  { name: 'maxMomentum', type: 'number', default: max, min: 0, max: 1, description: 'Upper momentum bound (used at the lr low points).' },
];

export const SCHEDULES: readonly ScheduleInfo[] = [
  {
    name: 'constant',
    label: 'Constant factor',
    description: 'lr * factor for the first totalIters steps, then lr (PyTorch ConstantLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'factor', type: 'number', default: 1 / 3, min: 0, max: 1, description: 'Multiplier applied until totalIters.' },
      totalIters(5, 'Number of steps the factor applies.', 0),
    ],
  },
  {
    name: 'step',
    label: 'Step decay',
    description: 'Multiply the lr by gamma every stepSize steps (StepLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'stepSize', type: 'integer', required: true, suggested: 10, min: 1, description: 'Steps between decays.' },
      gamma(0.1, 'Decay factor.'),
    ],
  },
  {
    name: 'multistep',
    label: 'Multi-step decay',
    description: 'Multiply the lr by gamma at each milestone; a milestone listed twice decays twice (MultiStepLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'milestones', type: 'integers', required: true, suggested: [30, 80], min: 0, description: 'Steps at which the lr decays.' },
      gamma(0.1, 'Decay factor.'),
    ],
  },
  {
    name: 'exponential',
    label: 'Exponential decay',
    description: 'lr * gamma^step (ExponentialLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [gamma(undefined, 'Decay factor per step.')],
  },
  {
    name: 'cosine',
    label: 'Cosine annealing',
    description: 'Cosine from lr down to etaMin over tMax steps; not clamped afterwards, it rises again with period 2 tMax (CosineAnnealingLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [{ name: 'tMax', type: 'number', required: true, suggested: 100, min: 0, minExclusive: true, description: 'Half period, in steps.' }, etaMin],
  },
  {
    name: 'cosineWarmRestarts',
    label: 'Cosine with warm restarts',
    description: 'Cosine annealing restarting every t0 steps, the period growing by tMult after each restart (SGDR).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 't0', type: 'integer', required: true, suggested: 10, min: 1, description: 'Steps until the first restart.' },
      { name: 'tMult', type: 'integer', default: 1, min: 1, description: 'Period multiplier after each restart.' },
      etaMin,
    ],
  },
  {
    name: 'linear',
    label: 'Linear',
    description: 'Linear change of the multiplier from startFactor to endFactor over totalIters steps (LinearLR; warm-up or decay).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      { name: 'startFactor', type: 'number', default: 1 / 3, min: 0, minExclusive: true, max: 1, description: 'Multiplier at step 0.' },
      { name: 'endFactor', type: 'number', default: 1, min: 0, max: 1, description: 'Multiplier from totalIters on.' },
      totalIters(5, 'Steps of the linear ramp.'),
    ],
  },
  {
    name: 'polynomial',
    label: 'Polynomial decay',
    description: 'lr * (1 - step / totalIters)^power, reaching 0 at totalIters (PolynomialLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [totalIters(5, 'Steps until the lr reaches 0.'), { name: 'power', type: 'number', default: 1, min: 0, description: 'Power of the polynomial.' }],
  },
  {
    name: 'cyclic',
    label: 'Cyclic (Smith 2015)',
    description: 'The lr cycles between baseLr and maxLr; overrides the optimizer lr (and momentum) from construction on (CyclicLR).',
    previewable: true,
    cyclesMomentum: true,
    options: [
      { name: 'baseLr', type: 'number', required: true, suggested: 0.001, min: 0, description: 'Lower lr bound (replaces the optimizer lr).' },
      { name: 'maxLr', type: 'number', required: true, suggested: 0.01, min: 0, description: 'Upper lr bound.' },
      { name: 'stepSizeUp', type: 'number', default: 2000, min: 0, minExclusive: true, description: 'Steps in the increasing half of a cycle.' },
      { name: 'stepSizeDown', type: 'number', default: null, nullable: true, min: 0, minExclusive: true, description: 'Steps in the decreasing half (null: same as stepSizeUp).' },
      { name: 'mode', type: 'enum', default: 'triangular', values: ['triangular', 'triangular2', 'exp_range'], description: 'Amplitude policy: constant, halved every cycle, or gamma^step.' },
      gamma(1, 'Base of the exp_range amplitude gamma^step.'),
      ...momentumMeta(0.8, 0.9),
    ],
  },
  {
    name: 'onecycle',
    label: 'One-cycle',
    description: 'Warm up from maxLr/divFactor to maxLr, then anneal far below; overrides the optimizer lr (and momentum) (OneCycleLR).',
    previewable: true,
    cyclesMomentum: true,
    options: [
      { name: 'maxLr', type: 'number', required: true, suggested: 0.1, min: 0, description: 'Peak learning rate.' },
      { name: 'totalSteps', type: 'integer', required: true, suggested: 100, min: 1, description: 'Total number of steps of the cycle.' },
      { name: 'pctStart', type: 'number', default: 0.3, min: 0, max: 1, description: 'Fraction of the steps spent increasing the lr.' },
      { name: 'annealStrategy', type: 'enum', default: 'cos', values: ['cos', 'linear'], description: 'Annealing shape.' },
      ...momentumMeta(0.85, 0.95),
      { name: 'divFactor', type: 'number', default: 25, min: 0, minExclusive: true, description: 'Initial lr = maxLr / divFactor.' },
      { name: 'finalDivFactor', type: 'number', default: 1e4, min: 0, minExclusive: true, description: 'Final lr = initial lr / finalDivFactor.' },
      { name: 'threePhase', type: 'boolean', default: false, description: 'Come back down to the initial lr symmetrically before the final annealing.' },
    ],
  },
  {
    name: 'plateau',
    label: 'Reduce on plateau',
    description: 'Multiply the lr by factor when a metric stops improving (ReduceLROnPlateau). Driven by metrics, so it cannot be previewed.',
    previewable: false,
    cyclesMomentum: false,
    options: [
      { name: 'mode', type: 'enum', default: 'min', values: ['min', 'max'], description: 'Whether the metric should decrease (loss) or increase (accuracy).' },
      { name: 'factor', type: 'number', default: 0.1, min: 0, max: 1, maxExclusive: true, description: 'Multiplier applied on a plateau.' },
      { name: 'patience', type: 'integer', default: 10, min: 0, description: 'Bad steps tolerated; the lr drops when there are more than this many.' },
      { name: 'threshold', type: 'number', default: 1e-4, min: 0, description: 'Minimum change that counts as an improvement.' },
      { name: 'thresholdMode', type: 'enum', default: 'rel', values: ['rel', 'abs'], description: 'Threshold relative to the best value, or absolute.' },
      { name: 'cooldown', type: 'integer', default: 0, min: 0, description: 'Steps to wait after a reduction before counting bad steps again.' },
      { name: 'minLr', type: 'number', default: 0, min: 0, description: 'Lower bound on the lr.' },
      { name: 'eps', type: 'number', default: 1e-8, min: 0, description: 'Reductions smaller than this are skipped.' },
    ],
  },
  {
    name: 'sequential',
    label: 'Sequential',
    description: 'Run schedules one after another; each restarts from its own step 0 at its milestone (SequentialLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [
      {
        name: 'schedulers',
        type: 'schedules',
        required: true,
        suggested: [
          { scheduler: 'linear', options: { startFactor: 0.1, endFactor: 1, totalIters: 5 } },
          { scheduler: 'cosine', options: { tMax: 95, etaMin: 0 } },
        ],
        description: 'The schedules, as { scheduler, options }.',
      },
      { name: 'milestones', type: 'integers', required: true, suggested: [5], min: 0, description: 'Steps at which the next schedule takes over (one fewer than schedulers).' },
    ],
  },
  {
    name: 'lambda',
    label: 'Lambda',
    description: 'lr = baseLr * lrLambda(step) for a user function (LambdaLR).',
    previewable: true,
    cyclesMomentum: false,
    options: [{ name: 'lrLambda', type: 'function', required: true, description: 'Multiplier as a function of the step.' }],
  },
];

const INFO = new Map<string, ScheduleInfo>(SCHEDULES.map((s) => [s.name, s]));
export const scheduleNames: readonly ScheduleName[] = SCHEDULES.map((s) => s.name);

export function isScheduleName(name: unknown): name is ScheduleName {
  return typeof name === 'string' && INFO.has(name);
}

export function scheduleInfo(name: ScheduleName): ScheduleInfo {
  const info = INFO.get(name);
  if (!info) throw new Error(`unknown schedule "${String(name)}"; expected one of ${scheduleNames.join(', ')}`);
  return info;
}

export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function checkNumber(where: string, m: ScheduleOptionMeta, v: unknown, integer: boolean): number {
  const parts: string[] = [];
  if (m.min !== undefined) parts.push(`${m.minExclusive ? '>' : '>='} ${m.min}`);
  if (m.max !== undefined) parts.push(`${m.maxExclusive ? '<' : '<='} ${m.max}`);
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!integer || Number.isInteger(v)) &&
    (m.min === undefined || (m.minExclusive ? v > m.min : v >= m.min)) &&
    (m.max === undefined || (m.maxExclusive ? v < m.max : v <= m.max));
  if (!ok) throw new Error(`${where} must be ${integer ? 'an integer' : 'a finite number'}${parts.length ? ` ${parts.join(' and ')}` : ''}, got ${describeValue(v)}`);
  return v as number;
}

function validateValue(schedule: ScheduleName, m: ScheduleOptionMeta, v: unknown): unknown {
  const where = `${schedule}: option "${m.name}"`;
  if (v === null && m.nullable) return null;
  switch (m.type) {
    case 'number':
      return checkNumber(where, m, v, false);
    case 'integer':
      return checkNumber(where, m, v, true);
    case 'boolean':
      if (typeof v !== 'boolean') throw new Error(`${where} must be a boolean, got ${describeValue(v)}`);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !m.values?.includes(v)) throw new Error(`${where} must be one of ${m.values?.join(', ')}, got ${describeValue(v)}`);
      return v;
    case 'integers':
      if (!Array.isArray(v)) throw new Error(`${where} must be an array of integers, got ${describeValue(v)}`);
      return v.map((x, i) => checkNumber(`${where}[${i}]`, m, x, true));
    case 'function':
      if (typeof v !== 'function') throw new Error(`${where} must be a function, got ${describeValue(v)}`);
      return v;
    case 'schedules':
      if (!Array.isArray(v) || v.length === 0) throw new Error(`${where} must be a non-empty array of { scheduler, options }, got ${describeValue(v)}`);
      return v.map((s: unknown, i) => {
        const spec = s as Partial<ScheduleSpec> | null;
        if (spec === null || typeof spec !== 'object' || !isScheduleName(spec.scheduler)) {
          throw new Error(`${where}[${i}] must be { scheduler, options } with a known scheduler, got ${describeValue(s)}`);
        }
        if (spec.scheduler === 'plateau') throw new Error(`${where}[${i}]: plateau cannot be part of a sequential schedule (it needs metrics)`);
        return { scheduler: spec.scheduler, options: resolveScheduleOptions(spec.scheduler, (spec.options ?? {}) as never) };
      });
  }
}

/** PyTorch's defaults overlaid with `options`, every value validated; unknown and missing required options are errors. */
export function resolveScheduleOptions<N extends ScheduleName>(name: N, options: Partial<ScheduleOptionsMap[N]> = {}): ScheduleOptionsMap[N] {
  const info = scheduleInfo(name);
  if (options === null || typeof options !== 'object') throw new Error(`${name}: options must be an object, got ${describeValue(options)}`);
  for (const k of Object.keys(options)) {
    if (!info.options.some((m) => m.name === k)) {
      throw new Error(`${name}: unknown option "${k}"; valid options are ${info.options.map((m) => m.name).join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const m of info.options) {
    const given = (options as Record<string, unknown>)[m.name];
    if (given === undefined) {
      if (m.required) throw new Error(`${name}: option "${m.name}" is required`);
      out[m.name] = Array.isArray(m.default) ? [...m.default] : m.default;
    } else {
      out[m.name] = validateValue(name, m, given);
    }
  }
  if (name === 'sequential') {
    const o = out as unknown as SequentialOptions;
    if (o.milestones.length !== o.schedulers.length - 1) {
      throw new Error(`sequential: expected ${o.schedulers.length - 1} milestones for ${o.schedulers.length} schedulers, got ${o.milestones.length}`);
    }
    for (let i = 1; i < o.milestones.length; i++) {
      if (o.milestones[i] < o.milestones[i - 1]) throw new Error(`sequential: milestones must be non-decreasing, got ${describeValue(o.milestones)}`);
    }
  }
  return out as unknown as ScheduleOptionsMap[N];
}
