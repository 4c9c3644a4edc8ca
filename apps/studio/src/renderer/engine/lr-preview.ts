import { createSchedule, type ScheduleName } from '@descent/schedulers';
import type { RunSpec } from '@descent/train';

// The LR the run will use at every optimizer step, from the library's own schedules (closed forms of the
// step): per-batch schedules advance every optimizer step, per-epoch ones once per epoch and hold over the
// epoch's batches. Plotted as at most `maxPoints` points; each window keeps its minimum and maximum, so a
// cycle shorter than a pixel still shows its full range instead of an aliased pattern.

export interface LrPoint {
  step: number;
  lr: number;
}

/** Densest sampling of the schedule (evaluations), whatever the run's length. */
const MAX_EVALS = 40_000;

export function lrPreview(spec: Pick<RunSpec, 'scheduler' | 'epochs'>, baseLr: number, batchesPerEpoch: number, maxPoints = 2000): LrPoint[] {
  const total = spec.epochs * batchesPerEpoch;
  if (total <= 0) return [];
  const s = spec.scheduler;
  if (!s) return [{ step: 1, lr: baseLr }, { step: total, lr: baseLr }];
  const perBatch = s.stepEvery === 'batch';
  const units = perBatch ? total : spec.epochs; // scheduler steps in the run
  const f = s.name === 'plateau' ? () => baseLr : createSchedule(s.name as Exclude<ScheduleName, 'plateau'>, (s.options ?? {}) as never, baseLr);
  const evals = Math.min(units, MAX_EVALS);
  const windows = Math.max(1, Math.min(evals, Math.floor(maxPoints / 2)));
  const out: LrPoint[] = [];
  for (let w = 0; w < windows; w++) {
    const from = Math.floor((w * evals) / windows), to = Math.floor(((w + 1) * evals) / windows);
    let lo = { u: -1, lr: Infinity }, hi = { u: -1, lr: -Infinity };
    for (let k = from; k < to; k++) {
      const u = Math.floor((k * units) / evals); // the scheduler step this sample stands for
      const lr = f(u);
      if (lr < lo.lr) lo = { u, lr };
      if (lr > hi.lr) hi = { u, lr };
    }
    if (lo.u < 0) continue;
    const step = (u: number) => (perBatch ? u + 1 : u * batchesPerEpoch + 1);
    const pts = lo.u === hi.u ? [lo] : lo.u < hi.u ? [lo, hi] : [hi, lo];
    for (const p of pts) out.push({ step: step(p.u), lr: p.lr });
  }
  const lastU = units - 1;
  out.push({ step: total, lr: f(lastU) });
  return out;
}
