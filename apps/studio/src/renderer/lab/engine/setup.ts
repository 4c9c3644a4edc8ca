import type { OptimizerName } from '@descent/optimizers';
import type { ScheduleName } from '@descent/schedulers';
import type { Domain, Point, PresetId } from './surfaces.js';

// What a Lab race is made of: plain JSON, so it travels whole in the shareable link and to the worker.
// Option values are kept as typed (valid or not); the libraries' validators mark the fields.

export type SurfaceSetup = { kind: 'preset'; id: PresetId; kappa?: number } | { kind: 'custom'; source: string; domain: Domain };

export interface ScheduleSetup {
  name: ScheduleName;
  options: Record<string, unknown>;
}

interface RacerBase {
  /** Stable within a setup: keys fields, colours and results. */
  id: string;
  color: string;
  /** Add the Lab's gradient noise (σ, seed) to this racer's gradient; off is full-batch. */
  noisy: boolean;
}

export interface OptimizerRacer extends RacerBase {
  kind: 'optimizer';
  optimizer: OptimizerName;
  /** The optimizer's options as in the Training panel (PyTorch names), overlaid on PyTorch's defaults. */
  options: Record<string, unknown>;
  schedule: ScheduleSetup | null;
}

export interface NewtonOptions {
  lr: number;
  damping: number;
  hessian: 'autodiff' | 'differences';
  h: number;
}

export interface NewtonRacer extends RacerBase {
  kind: 'newton';
  options: NewtonOptions;
}

export type RacerSetup = OptimizerRacer | NewtonRacer;

export interface LabSetup {
  surface: SurfaceSetup;
  start: Point;
  racers: RacerSetup[];
  /** Gradient noise: g̃ = ∇f + σ ξ, ξ ~ N(0, I) drawn from a generator seeded with `seed`. */
  noise: { sigma: number; seed: number };
  /** Iterations per racer. */
  iterations: number;
  /** Tolerance of the "reached" columns: ‖∇f‖ < tol and f − f* < tol. */
  tol: number;
  /** The scenario this setup was loaded from (cleared by nothing: it names the starting point). */
  scenario: string | null;
}

export const LIMITS = { iterations: { min: 1, max: 20_000 }, racers: 12 } as const;
/** A step that takes |θ| past this (or to NaN/Infinity) has diverged: it is stopped, not drawn to infinity. */
export const DIVERGED_AT = 1e6;
