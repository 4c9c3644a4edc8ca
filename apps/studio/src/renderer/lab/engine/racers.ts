import { optimizerDefaults, optimizerInfo, type OptimizerName } from '@descent/optimizers';
import { scheduleInfo } from '@descent/schedulers';
import { PALETTE } from '../../charts/options.js';
import type { NewtonOptions, RacerSetup } from './setup.js';

// The racers a student adds from the menu: the library's optimizers with PyTorch's defaults, except the
// learning rate, which starts at a value that makes sense on the surface (PyTorch's Adam default of 0.001
// would crawl across these maps), and Newton's method.

export type RacerPreset = 'vgd' | 'sgd' | 'momentum' | 'nesterov' | Exclude<OptimizerName, 'sgd'> | 'newton';

export const RACER_PRESETS: readonly { id: RacerPreset; label: string }[] = [
  { id: 'vgd', label: 'VGD (full batch)' },
  { id: 'sgd', label: 'SGD (noisy gradient)' },
  { id: 'momentum', label: 'SGD + momentum' },
  { id: 'nesterov', label: 'SGD + Nesterov' },
  { id: 'adagrad', label: 'Adagrad' },
  { id: 'rmsprop', label: 'RMSprop' },
  { id: 'adam', label: 'Adam' },
  { id: 'adamw', label: 'AdamW' },
  { id: 'nadam', label: 'NAdam' },
  { id: 'radam', label: 'RAdam' },
  { id: 'adamax', label: 'Adamax' },
  { id: 'adadelta', label: 'Adadelta' },
  { id: 'newton', label: "Newton's method" },
];

export const NEWTON_DEFAULTS: NewtonOptions = { lr: 1, damping: 0, hessian: 'autodiff', h: 1e-4 };

/** A palette colour no racer uses yet (the palette repeats past eight racers). */
export function freeColor(used: readonly string[]): string {
  return PALETTE.find((c) => !used.includes(c)) ?? PALETTE[used.length % PALETTE.length];
}

/** A new racer from the menu, with learning rates suited to the surface (`lr`). */
export function makeRacer(preset: RacerPreset, id: string, color: string, lr: { gd: number; adaptive: number }): RacerSetup {
  if (preset === 'newton') return { id, color, kind: 'newton', noisy: false, options: { ...NEWTON_DEFAULTS } };
  const name: OptimizerName = preset === 'vgd' || preset === 'momentum' || preset === 'nesterov' ? 'sgd' : preset;
  const rate = name === 'sgd' ? lr.gd : name === 'adadelta' ? 1 : name === 'rmsprop' ? lr.adaptive / 5 : lr.adaptive;
  const options: Record<string, unknown> = { ...(optimizerDefaults(name) as unknown as Record<string, unknown>), lr: rate };
  if (preset === 'momentum' || preset === 'nesterov') options.momentum = 0.9;
  if (preset === 'nesterov') options.nesterov = true;
  return { id, color, kind: 'optimizer', optimizer: name, options, schedule: null, noisy: preset !== 'vgd' };
}

const short = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v));

/** The method's name as the table and the legend show it: VGD / SGD / Momentum / Nesterov / Adam … / Newton. */
export function methodName(r: RacerSetup, sigma: number): string {
  if (r.kind === 'newton') return r.options.hessian === 'differences' ? 'Newton (FD Hessian)' : 'Newton';
  if (r.optimizer === 'sgd') {
    const mu = Number(r.options.momentum ?? 0);
    if (mu > 0) return r.options.nesterov ? 'Nesterov' : 'Momentum';
    return r.noisy && sigma > 0 ? 'SGD' : 'VGD';
  }
  return optimizerInfo(r.optimizer).label;
}

/** "VGD η=0.02", "Momentum η=0.02 μ=0.9 · Step decay": unique enough to tell racers apart. */
export function racerLabel(r: RacerSetup, sigma: number): string {
  const parts = [methodName(r, sigma), `η=${short(r.options.lr)}`];
  if (r.kind === 'optimizer' && r.optimizer === 'sgd' && Number(r.options.momentum) > 0) parts.push(`μ=${short(r.options.momentum)}`);
  if (r.kind === 'newton' && r.options.damping) parts.push(`λ=${short(r.options.damping)}`);
  let label = parts.join(' ');
  if (r.kind === 'optimizer' && r.schedule) label += ` · ${scheduleInfo(r.schedule.name).label}`;
  if (r.noisy && sigma > 0 && !(r.kind === 'optimizer' && methodName(r, sigma) === 'SGD')) label += ' · noisy';
  return label;
}

/** The menu entry a racer corresponds to (SGD splits into VGD / SGD / momentum / Nesterov by its options). */
export function presetOf(r: RacerSetup): RacerPreset {
  if (r.kind === 'newton') return 'newton';
  if (r.optimizer !== 'sgd') return r.optimizer;
  if (Number(r.options.momentum) > 0) return r.options.nesterov ? 'nesterov' : 'momentum';
  return r.noisy ? 'sgd' : 'vgd';
}
