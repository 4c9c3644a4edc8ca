// A racer's trajectory as rows of numbers, one row per iterate θ_t (t = 0 is the start). The first columns
// describe the point; the step columns describe the step θ_t → θ_{t+1} taken from it (NaN on the last row and
// where a quantity does not exist). Flat Float64Arrays, so chunks cross the worker boundary as transfers.

export const COL = {
  x: 0,
  y: 1,
  /** f(θ_t), exact. */
  f: 2,
  /** ∇f(θ_t), exact. */
  gx: 3,
  gy: 4,
  /** The gradient the optimizer was given at this step (∇f plus noise when the racer is noisy). */
  nx: 5,
  ny: 6,
  /** The update θ_{t+1} − θ_t. */
  ux: 7,
  uy: 8,
  /** Velocity or first moment after this step (SGD/RMSprop momentum buffer, the Adam family's m); NaN if none. */
  mx: 9,
  my: 10,
  /** The learning rate this step used (after the schedule). */
  lr: 11,
  /** Newton only: the Hessian at θ_t. */
  hxx: 12,
  hxy: 13,
  hyy: 14,
} as const;
export const NCOLS = 15;

export type RacerState = 'running' | 'done' | 'diverged' | 'stopped' | 'invalid';

export interface RacerStatus {
  state: RacerState;
  /** Why it ended early: "θ left |θ| < 10⁶", "∇f is NaN", "the Hessian is singular". */
  reason?: string;
  /** The iterate at which it ended early. */
  at?: number;
}

/**
 * A growing trace: `rows` rows of NCOLS numbers in `data`, at most `capacity` rows. Storage starts small and
 * doubles as rows arrive (a dragged start point makes a new race every frame: allocating every racer's full
 * length up front would churn megabytes per frame). Unset numbers read NaN.
 */
export class Trace {
  data: Float64Array;
  rows = 0;
  constructor(
    readonly capacity: number,
    initial = 256,
  ) {
    this.data = new Float64Array(Math.min(capacity, initial) * NCOLS).fill(NaN);
  }
  get(row: number, col: number): number {
    return this.data[row * NCOLS + col];
  }
  set(row: number, col: number, v: number): void {
    this.ensure(row + 1);
    this.data[row * NCOLS + col] = v;
  }
  /** Room for n rows (up to the capacity). */
  private ensure(n: number): void {
    if (n * NCOLS <= this.data.length) return;
    if (n > this.capacity) throw new Error(`trace: row ${n - 1} is past the capacity of ${this.capacity} rows`);
    const next = new Float64Array(Math.min(this.capacity, Math.max(n, (this.data.length / NCOLS) * 2)) * NCOLS);
    next.set(this.data);
    next.fill(NaN, this.data.length);
    this.data = next;
  }
  /** Rows [from, to) as a copy (to send). */
  slice(from: number, to = this.rows): Float64Array {
    return this.data.slice(from * NCOLS, to * NCOLS);
  }
  /** Append rows received as a chunk starting at `from` (rows before it must be there). */
  write(from: number, chunk: Float64Array): void {
    const n = chunk.length / NCOLS;
    if (from > this.rows) throw new Error(`trace: chunk starts at row ${from}, the trace has ${this.rows}`);
    const fit = Math.min(n, this.capacity - from);
    this.ensure(from + fit);
    this.data.set(fit === n ? chunk : chunk.subarray(0, fit * NCOLS), from * NCOLS);
    this.rows = Math.max(this.rows, from + fit);
  }
}

export interface TraceSummary {
  /** First t with ‖∇f(θ_t)‖ < tol (exact gradient), or null. */
  gradAt: number | null;
  /** First t with f(θ_t) − f* < tol, or null (also when f* is unknown). */
  fAt: number | null;
  /** The last shown iterate. */
  last: number;
  x: number;
  y: number;
  f: number;
  gradNorm: number;
}

/** What the results table shows, looking at rows 0..upTo only (the race as far as it is played). */
export function summarize(trace: Trace, upTo: number, fStar: number | null, tol: number): TraceSummary | null {
  if (trace.rows === 0) return null;
  const last = Math.max(0, Math.min(upTo, trace.rows - 1));
  let gradAt: number | null = null, fAt: number | null = null;
  for (let t = 0; t <= last && (gradAt === null || (fAt === null && fStar !== null)); t++) {
    if (gradAt === null && Math.hypot(trace.get(t, COL.gx), trace.get(t, COL.gy)) < tol) gradAt = t;
    if (fAt === null && fStar !== null && trace.get(t, COL.f) - fStar < tol) fAt = t;
  }
  return { gradAt, fAt, last, x: trace.get(last, COL.x), y: trace.get(last, COL.y), f: trace.get(last, COL.f), gradNorm: Math.hypot(trace.get(last, COL.gx), trace.get(last, COL.gy)) };
}
