import type { OptionValue } from '@shared/model-spec.js';
import { defaultsOf, validateAll, type OptionMeta } from './options.js';

// Adapter for @descent/schedulers: PyTorch 1.13 LR schedules (closed forms), option metadata and an lrCurve
// preview. `e` is the number of scheduler steps taken so far (PyTorch's last_epoch).

export interface SchedulerInfo {
  name: string;
  label: string;
  options: OptionMeta[];
  /** Defaults scaled to a plan of `units` scheduler steps, so the preview is meaningful right away. */
  planDefaults?(units: number, baseLr: number): Record<string, OptionValue>;
  check?(o: Record<string, any>, units: number): Record<string, string>;
}

const pos = (key: string, label: string, def: number, kind: 'number' | 'int' = 'number'): OptionMeta => ({
  key,
  label,
  kind,
  default: def,
  min: 0,
  minExclusive: true,
});

export const SCHEDULERS: SchedulerInfo[] = [
  { name: 'none', label: 'Constant (no schedule)', options: [] },
  {
    name: 'step',
    label: 'Step decay',
    options: [pos('stepSize', 'Step size', 30, 'int'), { key: 'gamma', label: 'Gamma', kind: 'number', default: 0.1, min: 0 }],
    planDefaults: (u) => ({ stepSize: Math.max(1, Math.round(u / 3)), gamma: 0.5 }),
  },
  {
    name: 'multistep',
    label: 'Multi-step decay',
    options: [
      { key: 'milestones', label: 'Milestones', kind: 'intList', default: [30, 80], min: 0 },
      { key: 'gamma', label: 'Gamma', kind: 'number', default: 0.1, min: 0 },
    ],
    planDefaults: (u) => ({ milestones: [Math.round(u * 0.5), Math.round(u * 0.75)], gamma: 0.1 }),
  },
  {
    name: 'exponential',
    label: 'Exponential',
    options: [{ key: 'gamma', label: 'Gamma', kind: 'number', default: 0.95, min: 0 }],
    planDefaults: (u) => ({ gamma: Number((0.05 ** (1 / Math.max(1, u))).toFixed(4)) }),
  },
  {
    name: 'cosine',
    label: 'Cosine annealing',
    options: [pos('tMax', 'T max', 50, 'int'), { key: 'etaMin', label: 'η min', kind: 'number', default: 0, min: 0 }],
    planDefaults: (u) => ({ tMax: Math.max(1, u), etaMin: 0 }),
  },
  {
    name: 'cosineWarmRestarts',
    label: 'Cosine with warm restarts',
    options: [
      pos('t0', 'T₀', 10, 'int'),
      { key: 'tMult', label: 'T mult', kind: 'int', default: 1, min: 1 },
      { key: 'etaMin', label: 'η min', kind: 'number', default: 0, min: 0 },
    ],
    planDefaults: (u) => ({ t0: Math.max(1, Math.round(u / 4)), tMult: 1, etaMin: 0 }),
  },
  {
    name: 'linear',
    label: 'Linear warm-up',
    options: [
      { key: 'startFactor', label: 'Start factor', kind: 'number', default: 1 / 3, min: 0, minExclusive: true, max: 1 },
      { key: 'endFactor', label: 'End factor', kind: 'number', default: 1, min: 0, max: 1 },
      pos('totalIters', 'Total iterations', 5, 'int'),
    ],
    planDefaults: (u) => ({ startFactor: 0.1, endFactor: 1, totalIters: Math.max(1, Math.round(u / 5)) }),
  },
  {
    name: 'polynomial',
    label: 'Polynomial decay',
    options: [pos('totalIters', 'Total iterations', 5, 'int'), { key: 'power', label: 'Power', kind: 'number', default: 1, min: 0 }],
    planDefaults: (u) => ({ totalIters: Math.max(1, u), power: 2 }),
  },
  {
    name: 'constant',
    label: 'Constant factor',
    options: [
      { key: 'factor', label: 'Factor', kind: 'number', default: 1 / 3, min: 0, max: 1 },
      pos('totalIters', 'Total iterations', 5, 'int'),
    ],
    planDefaults: (u) => ({ factor: 0.5, totalIters: Math.max(1, Math.round(u / 4)) }),
  },
  {
    name: 'cyclic',
    label: 'Cyclic (triangular)',
    options: [
      pos('baseLr', 'Base LR', 1e-3),
      pos('maxLr', 'Max LR', 1e-2),
      pos('stepSizeUp', 'Steps up', 2000, 'int'),
      { key: 'stepSizeDown', label: 'Steps down', kind: 'int', default: 2000, min: 0, minExclusive: true },
      { key: 'mode', label: 'Mode', kind: 'select', default: 'triangular', choices: ['triangular', 'triangular2', 'exp_range'] },
      { key: 'gamma', label: 'Gamma', kind: 'number', default: 1, min: 0 },
    ],
    planDefaults: (u, lr) => ({
      baseLr: lr / 10,
      maxLr: lr,
      stepSizeUp: Math.max(1, Math.round(u / 6)),
      stepSizeDown: Math.max(1, Math.round(u / 6)),
      mode: 'triangular',
      gamma: 1,
    }),
  },
  {
    name: 'onecycle',
    label: 'One cycle',
    options: [
      pos('maxLr', 'Max LR', 1e-2),
      pos('totalSteps', 'Total steps', 100, 'int'),
      { key: 'pctStart', label: 'Warm-up fraction', kind: 'number', default: 0.3, min: 0, max: 1, minExclusive: true, maxExclusive: true },
      { key: 'annealStrategy', label: 'Anneal', kind: 'select', default: 'cos', choices: ['cos', 'linear'] },
      pos('divFactor', 'Div factor', 25),
      pos('finalDivFactor', 'Final div factor', 1e4),
      { key: 'threePhase', label: 'Three phase', kind: 'boolean', default: false },
    ],
    planDefaults: (u, lr) => ({
      maxLr: lr * 10,
      totalSteps: Math.max(2, u),
      pctStart: 0.3,
      annealStrategy: 'cos',
      divFactor: 25,
      finalDivFactor: 1e4,
      threePhase: false,
    }),
    check: (o, units) =>
      o.totalSteps < units ? { totalSteps: `Total steps (${o.totalSteps}) is less than the ${units} planned scheduler steps` } : {},
  },
  {
    name: 'plateau',
    label: 'Reduce on plateau',
    options: [
      { key: 'mode', label: 'Mode', kind: 'select', default: 'min', choices: ['min', 'max'] },
      { key: 'factor', label: 'Factor', kind: 'number', default: 0.1, min: 0, max: 1, maxExclusive: true },
      { key: 'patience', label: 'Patience', kind: 'int', default: 10, min: 0 },
      { key: 'threshold', label: 'Threshold', kind: 'number', default: 1e-4, min: 0 },
      { key: 'thresholdMode', label: 'Threshold mode', kind: 'select', default: 'rel', choices: ['rel', 'abs'] },
      { key: 'cooldown', label: 'Cooldown', kind: 'int', default: 0, min: 0 },
      { key: 'minLr', label: 'Min LR', kind: 'number', default: 0, min: 0 },
      { key: 'eps', label: 'Epsilon', kind: 'number', default: 1e-8, min: 0 },
    ],
  },
];

export function schedulerInfo(name: string): SchedulerInfo {
  const s = SCHEDULERS.find((q) => q.name === name);
  if (!s) throw new Error(`Unknown LR schedule "${name}" (known: ${SCHEDULERS.map((q) => q.name).join(', ')})`);
  return s;
}

export function schedulerDefaults(name: string, units?: number, baseLr = 1e-3): Record<string, OptionValue> {
  const info = schedulerInfo(name);
  const d = defaultsOf(info.options);
  return units !== undefined && info.planDefaults ? { ...d, ...info.planDefaults(units, baseLr) } : d;
}

export function validateScheduler(name: string, options: Record<string, OptionValue>, units: number): Record<string, string> {
  const info = schedulerInfo(name);
  const errors = validateAll(info.options, options);
  return Object.keys(errors).length ? errors : (info.check?.(options, units) ?? {});
}

export interface Schedule {
  /** learning rate for the next optimizer step */
  readonly lr: number;
  step(metric?: number): void;
}

const cosAnneal = (from: number, to: number, pct: number) => to + ((from - to) / 2) * (1 + Math.cos(Math.PI * pct));

export function createSchedule(name: string, opts: Record<string, OptionValue>, baseLr: number): Schedule {
  const o = { ...schedulerDefaults(name), ...opts } as Record<string, any>;
  let e = 0;
  if (name === 'plateau') {
    let lr = baseLr;
    let best = o.mode === 'min' ? Infinity : -Infinity;
    let bad = 0;
    let cool = 0;
    return {
      get lr() {
        return lr;
      },
      step(metric = NaN) {
        const better =
          o.mode === 'min'
            ? metric < (o.thresholdMode === 'rel' ? best * (1 - o.threshold) : best - o.threshold)
            : metric > (o.thresholdMode === 'rel' ? best * (1 + o.threshold) : best + o.threshold);
        if (better) {
          best = metric;
          bad = 0;
        } else bad++;
        if (cool > 0) {
          cool--;
          bad = 0;
        }
        if (bad > o.patience) {
          const next = Math.max(lr * o.factor, o.minLr);
          if (lr - next > o.eps) lr = next;
          cool = o.cooldown;
          bad = 0;
        }
      },
    };
  }
  if (name === 'cosineWarmRestarts') {
    let tCur = 0;
    let ti = o.t0;
    return {
      get lr() {
        return o.etaMin + ((baseLr - o.etaMin) * (1 + Math.cos((Math.PI * tCur) / ti))) / 2;
      },
      step() {
        tCur += 1;
        if (tCur >= ti) {
          tCur -= ti;
          ti *= o.tMult;
        }
      },
    };
  }
  const at = (ep: number): number => {
    switch (name) {
      case 'none':
        return baseLr;
      case 'step':
        return baseLr * o.gamma ** Math.floor(ep / o.stepSize);
      case 'multistep':
        return baseLr * o.gamma ** (o.milestones as number[]).filter((m) => m <= ep).length;
      case 'exponential':
        return baseLr * o.gamma ** ep;
      case 'cosine':
        return o.etaMin + ((baseLr - o.etaMin) * (1 + Math.cos((Math.PI * ep) / o.tMax))) / 2;
      case 'linear':
        return baseLr * (o.startFactor + ((o.endFactor - o.startFactor) * Math.min(ep, o.totalIters)) / o.totalIters);
      case 'polynomial':
        return baseLr * (1 - Math.min(ep, o.totalIters) / o.totalIters) ** o.power;
      case 'constant':
        return ep < o.totalIters ? baseLr * o.factor : baseLr;
      case 'cyclic': {
        const total = o.stepSizeUp + o.stepSizeDown;
        const ratio = o.stepSizeUp / total;
        const cycle = Math.floor(1 + ep / total);
        const x = 1 + ep / total - cycle;
        const s = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
        const amp = o.mode === 'triangular' ? 1 : o.mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : o.gamma ** ep;
        return o.baseLr + (o.maxLr - o.baseLr) * s * amp;
      }
      case 'onecycle': {
        const initial = o.maxLr / o.divFactor;
        const min = initial / o.finalDivFactor;
        const T = o.totalSteps;
        const phases = o.threePhase
          ? [
              { end: o.pctStart * T - 1, from: initial, to: o.maxLr },
              { end: 2 * o.pctStart * T - 2, from: o.maxLr, to: initial },
              { end: T - 1, from: initial, to: min },
            ]
          : [
              { end: o.pctStart * T - 1, from: initial, to: o.maxLr },
              { end: T - 1, from: o.maxLr, to: min },
            ];
        const x = Math.min(ep, T - 1); // PyTorch raises past totalSteps; the preview holds the last value
        let start = 0;
        for (let i = 0; i < phases.length; i++) {
          const p = phases[i];
          if (x <= p.end || i === phases.length - 1) {
            const pct = (x - start) / (p.end - start);
            return o.annealStrategy === 'cos' ? cosAnneal(p.from, p.to, pct) : p.from + (p.to - p.from) * pct;
          }
          start = p.end;
        }
        return min;
      }
      default:
        throw new Error(`Unknown LR schedule "${name}"`);
    }
  };
  return {
    get lr() {
      return at(e);
    },
    step() {
      e++;
    },
  };
}

/**
 * LR used at every optimizer step of a planned run: `epochs` epochs of `batchesPerEpoch` steps, the schedule
 * stepped after every batch or after every epoch. Plateau depends on the loss and previews as flat.
 */
export function lrCurve(
  name: string,
  opts: Record<string, OptionValue>,
  baseLr: number,
  plan: { epochs: number; batchesPerEpoch: number; stepEvery: 'epoch' | 'batch' },
  maxPoints = 2000,
): { step: number; lr: number }[] {
  const s = createSchedule(name, opts, baseLr);
  const total = plan.epochs * plan.batchesPerEpoch;
  const stride = Math.max(1, Math.ceil(total / maxPoints));
  const out: { step: number; lr: number }[] = [];
  for (let i = 0; i < total; i++) {
    if (i % stride === 0 || i === total - 1) out.push({ step: i + 1, lr: s.lr });
    if (name === 'plateau') continue; // driven by the loss: unknown before training
    if (plan.stepEvery === 'batch') s.step();
    else if ((i + 1) % plan.batchesPerEpoch === 0) s.step();
  }
  return out;
}
