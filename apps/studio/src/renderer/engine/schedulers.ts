import { SCHEDULES, lrCurve as libLrCurve, resolveScheduleOptions, type ScheduleName } from '@descent/schedulers';
import { createOptimizer, optimizerInfo, type OptimizerName } from '@descent/optimizers';
import type { OptionValue } from '@shared/model-spec.js';
import { optionLabel } from './labels.js';
import { defaultsOf, validateAll, type OptionMeta } from './options.js';

// The LR schedules of @descent/schedulers as form metadata, with defaults scaled to the planned run so the
// preview is meaningful right away, and the LR preview over the planned optimizer steps.

export interface SchedulerInfo {
  name: 'none' | ScheduleName;
  label: string;
  description: string;
  options: OptionMeta[];
}

/** Not offered in the form: they take sub-schedules or a function. */
const HIDDEN = new Set(['sequential', 'lambda']);

const KIND: Record<string, OptionMeta['kind']> = { number: 'number', integer: 'int', boolean: 'boolean', enum: 'select', integers: 'intList' };

export const SCHEDULERS: SchedulerInfo[] = [
  { name: 'none', label: 'Constant (no schedule)', description: 'The optimizer learning rate throughout.', options: [] },
  ...SCHEDULES.filter((s) => !HIDDEN.has(s.name)).map((s) => ({
    name: s.name,
    label: s.label,
    description: s.description,
    options: s.options.map(
      (m): OptionMeta => ({
        key: m.name,
        label: optionLabel(m.name),
        kind: KIND[m.type] ?? 'number',
        // PyTorch requires some options (no default): start from the library's suggestion.
        default: (m.default ?? m.suggested ?? (m.type === 'boolean' ? false : 0)) as OptionValue,
        min: m.min,
        max: m.max,
        minExclusive: m.minExclusive,
        maxExclusive: m.maxExclusive,
        choices: m.values ? [...m.values] : undefined,
        help: m.description,
      }),
    ),
  })),
];

export function schedulerInfo(name: string): SchedulerInfo {
  const s = SCHEDULERS.find((q) => q.name === name);
  if (!s) throw new Error(`Unknown LR schedule "${name}" (known: ${SCHEDULERS.map((q) => q.name).join(', ')})`);
  return s;
}

/** Defaults that fit a plan of `units` scheduler steps starting from `baseLr`. */
function planDefaults(name: string, u: number, lr: number): Record<string, OptionValue> {
  const r = (f: number) => Math.max(1, Math.round(u * f));
  switch (name) {
    case 'step':
      return { stepSize: r(1 / 3), gamma: 0.5 };
    case 'multistep':
      return { milestones: [r(0.5), r(0.75)], gamma: 0.1 };
    case 'exponential':
      return { gamma: Number((0.05 ** (1 / Math.max(1, u))).toFixed(4)) };
    case 'cosine':
      return { tMax: Math.max(1, u) };
    case 'cosineWarmRestarts':
      return { t0: r(1 / 4) };
    case 'linear':
      return { startFactor: 0.1, totalIters: r(1 / 5) };
    case 'polynomial':
      return { totalIters: Math.max(1, u), power: 2 };
    case 'constant':
      return { factor: 0.5, totalIters: r(1 / 4) };
    case 'cyclic':
      return { baseLr: lr / 10, maxLr: lr, stepSizeUp: r(1 / 6), stepSizeDown: r(1 / 6) };
    case 'onecycle':
      return { maxLr: lr * 10, totalSteps: Math.max(2, u) };
    default:
      return {};
  }
}

export function schedulerDefaults(name: string, units?: number, baseLr = 1e-3): Record<string, OptionValue> {
  const d = defaultsOf(schedulerInfo(name).options);
  return units === undefined ? d : { ...d, ...planDefaults(name, units, baseLr) };
}

export function validateScheduler(name: string, options: Record<string, OptionValue>, units: number, optimizer?: string): Record<string, string> {
  if (name === 'none') return {};
  // Cyclic and one-cycle also cycle momentum (SGD/RMSprop momentum, Adam's beta1): say so at the field
  // rather than failing when training starts.
  if (options.cycleMomentum === true && optimizer && !createOptimizer(optimizer as OptimizerName).hasMomentum) {
    return { cycleMomentum: `${optimizerInfo(optimizer as OptimizerName).label} has no momentum to cycle: turn Cycle momentum off` };
  }
  const info = schedulerInfo(name);
  const errors = validateAll(info.options, options);
  if (Object.keys(errors).length) return errors;
  try {
    resolveScheduleOptions(name as ScheduleName, options as never);
  } catch (e) {
    const msg = (e as Error).message.replace(/^[A-Za-z]+: /, '');
    const key = info.options.find((m) => msg.includes(`"${m.key}"`))?.key ?? info.options[0].key;
    return { [key]: msg.charAt(0).toUpperCase() + msg.slice(1) };
  }
  if (name === 'onecycle' && Number(options.totalSteps) < units)
    return { totalSteps: `Total steps (${options.totalSteps}) is less than the ${units} planned scheduler steps` };
  return {};
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
  const total = plan.epochs * plan.batchesPerEpoch;
  const perBatch = plan.stepEvery === 'batch';
  const units = perBatch ? total : plan.epochs;
  const lrs = name === 'none' ? null : libLrCurve({ scheduler: name as ScheduleName, options: opts }, baseLr, units);
  const stride = Math.max(1, Math.ceil(total / maxPoints));
  const out: { step: number; lr: number }[] = [];
  for (let i = 0; i < total; i += stride) {
    out.push({ step: i + 1, lr: lrs ? lrs[perBatch ? i : Math.floor(i / plan.batchesPerEpoch)] : baseLr });
  }
  const last = total - 1;
  if (total > 0 && out[out.length - 1].step !== total) out.push({ step: total, lr: lrs ? lrs[perBatch ? last : Math.floor(last / plan.batchesPerEpoch)] : baseLr });
  return out;
}
