import type { LogScale } from '../engine/contours.js';
import type { LabSetup } from '../engine/setup.js';
import type { Minimum } from '../engine/surface.js';
import type { Domain } from '../engine/surfaces.js';
import type { RacerStatus } from '../engine/trace.js';

// Messages between the Lab and its worker. The page posts the whole setup; the worker answers with the
// surface (once per surface) and each racer's trace in chunks, newest job only.

export interface ComputeRequest {
  type: 'compute';
  /** Increases with every request; answers to an older job are dropped. */
  job: number;
  setup: LabSetup;
}
export type ToLabWorker = ComputeRequest;

export interface SurfaceData {
  key: string;
  source: string;
  latex: string;
  domain: Domain;
  minima: Minimum[];
  fStar: number | null;
  fStarKind: 'known' | 'estimate' | 'none';
  scale: LogScale | null;
  nx: number;
  ny: number;
  /** f on the grid (row 0 at yMin), NaN where not finite. */
  values: Float64Array;
  /** RGBA, top row at yMax. */
  image: Uint8ClampedArray;
  levels: number[];
  segments: Float32Array[];
}

export type FromLabWorker =
  | { type: 'surface'; job: number; surface: SurfaceData }
  | { type: 'surface-error'; job: number; message: string; position: number | null; length: number }
  | { type: 'trace'; job: number; racerId: string; from: number; rows: Float64Array; status: RacerStatus; gradEvalsPerStep: number }
  | { type: 'racer-error'; job: number; racerId: string; message: string; reason: string; option: string | null; path: (string | number)[] }
  | { type: 'done'; job: number; ms: number };
