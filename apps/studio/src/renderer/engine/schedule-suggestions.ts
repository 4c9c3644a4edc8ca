import { SCHEDULES, type ScheduleName } from '@descent/schedulers';
import { optionDefaults } from '@descent/core-tensor';

// When a schedule is picked in the form, its options start from values that fit the planned run (a step
// decay every third of the run, one-cycle as long as the run), so the preview is meaningful right away.
// PyTorch's defaults fill the rest. These are form suggestions only; the library validates whatever is typed.

export const OFFERED_SCHEDULES = SCHEDULES.filter((s) => s.name !== 'sequential' && s.name !== 'lambda');

export function suggestedScheduleOptions(name: ScheduleName, units: number, lr: number): Record<string, unknown> {
  const info = SCHEDULES.find((s) => s.name === name)!;
  const base = optionDefaults(info.options, true);
  const r = (f: number) => Math.max(1, Math.round(units * f));
  const plan: Partial<Record<ScheduleName, Record<string, unknown>>> = {
    step: { stepSize: r(1 / 3), gamma: 0.5 },
    multistep: { milestones: [r(0.5), r(0.75)], gamma: 0.1 },
    exponential: { gamma: Number((0.05 ** (1 / Math.max(1, units))).toFixed(4)) },
    cosine: { tMax: Math.max(1, units) },
    cosineWarmRestarts: { t0: r(1 / 4) },
    linear: { startFactor: 0.1, totalIters: r(1 / 5) },
    polynomial: { totalIters: Math.max(1, units), power: 2 },
    constant: { factor: 0.5, totalIters: r(1 / 4) },
    cyclic: { baseLr: lr / 10, maxLr: lr, stepSizeUp: r(1 / 6), stepSizeDown: r(1 / 6) },
    // One-cycle's own default peak is 10× the base; it warms from maxLr / 25.
    onecycle: { maxLr: lr * 10, totalSteps: Math.max(2, units) },
  };
  return { ...base, ...(plan[name] ?? {}) };
}
