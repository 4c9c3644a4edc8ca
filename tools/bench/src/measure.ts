import { rate, type Workload } from './workloads.js';

export interface MeasureOptions {
  /** Seconds of untimed iterations first (JIT, caches, worker spin-up); at least one iteration. */
  warmupSec: number;
  /** Seconds per timed repetition; each repetition runs at least one iteration. */
  repSec: number;
  reps: number;
}

/**
 * Runs `step` for warm-up, then `reps` timed repetitions; returns one rate per repetition in the
 * workload's unit. The clock is read every `chunk` iterations, sized from the warm-up so that the
 * timer costs nothing measurable even for sub-microsecond steps.
 */
export function measure(w: Workload, step: () => void, o: MeasureOptions): number[] {
  let iters = 0;
  let t0 = performance.now();
  do {
    step();
    iters++;
  } while (performance.now() - t0 < o.warmupSec * 1000);
  const perIterMs = (performance.now() - t0) / iters;
  const chunk = Math.max(1, Math.floor(0.5 / Math.max(perIterMs, 1e-6)));
  const out: number[] = [];
  for (let r = 0; r < o.reps; r++) {
    let n = 0;
    t0 = performance.now();
    let dt = 0;
    do {
      for (let i = 0; i < chunk; i++) step();
      n += chunk;
      dt = performance.now() - t0;
    } while (dt < o.repSec * 1000);
    out.push(rate(w, n, dt / 1000));
  }
  return out;
}

export function peakMemoryMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
