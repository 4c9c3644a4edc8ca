import { ExpressionError } from '@descent/autodiff';
import { isDescentError } from '@descent/core-tensor';
import { colorImage, levelLines, logScale, sampleGrid } from '../engine/contours.js';
import { startRacer, type RacerRun } from '../engine/race.js';
import type { LabSetup, RacerSetup } from '../engine/setup.js';
import { compileSurface, type CompiledSurface } from '../engine/surface.js';
import type { Trace, RacerStatus } from '../engine/trace.js';
import type { FromLabWorker, SurfaceData, ToLabWorker } from './protocol.js';

// The Lab's computing body (no worker globals: tests drive it directly). A request computes the surface's map
// once per surface, then advances every racer in round-robin slices of at most SLICE_MS, posting what is new
// after each slice and yielding to the message queue, so a newer request (a dragged start point) takes over at
// once. Finished runs are cached by what determines them, so editing one racer recomputes only that one.

export type Post = (m: FromLabWorker, transfer?: Transferable[]) => void;

export const GRID = 241;
export const LEVELS = 14;
const SLICE_MS = 12;
const CACHE_RUNS = 32;

interface Finished {
  trace: Trace;
  status: RacerStatus;
  gradEvalsPerStep: number;
}
interface Active {
  racer: RacerSetup;
  key: string;
  run: RacerRun;
  sent: number;
}

/** What decides a run's numbers: the surface, start, length, the racer without its id and colour, its noise. */
function runKey(surface: string, setup: LabSetup, r: RacerSetup): string {
  const { id: _id, color: _color, ...what } = r;
  return JSON.stringify([surface, setup.start, setup.iterations, what, r.noisy ? setup.noise : null]);
}

export function surfaceData(s: CompiledSurface): SurfaceData {
  const grid = sampleGrid(s.value, s.domain, GRID, GRID);
  const scale = logScale(grid);
  const lines = scale ? levelLines(grid, scale, LEVELS) : { levels: [], segments: [] };
  return {
    key: s.key,
    source: s.source,
    latex: s.latex,
    domain: s.domain,
    minima: s.minima,
    fStar: s.fStar,
    fStarKind: s.fStarKind,
    scale,
    nx: GRID,
    ny: GRID,
    values: grid.values,
    image: scale ? colorImage(grid, scale) : new Uint8ClampedArray(GRID * GRID * 4),
    levels: lines.levels,
    segments: lines.segments,
  };
}

export function createLabRunner(post: Post, later: (fn: () => void) => void = (fn) => setTimeout(fn, 0)): (m: ToLabWorker) => void {
  let current = 0;
  let surface: CompiledSurface | null = null;
  const cache = new Map<string, Finished>();

  function remember(key: string, f: Finished) {
    cache.delete(key);
    cache.set(key, f);
    while (cache.size > CACHE_RUNS) cache.delete(cache.keys().next().value as string);
  }

  function sendTrace(job: number, racerId: string, trace: Trace, from: number, status: RacerStatus, gradEvalsPerStep: number) {
    const rows = trace.slice(from);
    post({ type: 'trace', job, racerId, from, rows, status, gradEvalsPerStep }, [rows.buffer]);
  }

  function compute(job: number, setup: LabSetup) {
    const t0 = performance.now();
    try {
      const next = compileSurface(setup.surface);
      if (!surface || surface.key !== next.key) {
        surface = next;
        const data = surfaceData(next);
        post({ type: 'surface', job, surface: data }, [data.values.buffer, data.image.buffer, ...data.segments.map((s) => s.buffer)]);
      }
    } catch (e) {
      surface = null;
      const pos = e instanceof ExpressionError ? e.position : null;
      post({ type: 'surface-error', job, message: e instanceof Error ? e.message : String(e), position: pos, length: e instanceof ExpressionError ? e.length : 1 });
      return;
    }
    const s = surface;
    const active: Active[] = [];
    for (const r of setup.racers) {
      const key = runKey(s.key, setup, r);
      const done = cache.get(key);
      if (done) {
        sendTrace(job, r.id, done.trace, 0, done.status, done.gradEvalsPerStep);
        continue;
      }
      try {
        active.push({ racer: r, key, run: startRacer(r, { surface: s, start: setup.start, sigma: setup.noise.sigma, seed: setup.noise.seed, iterations: setup.iterations }), sent: 0 });
      } catch (e) {
        const d = isDescentError(e) ? e : null;
        post({ type: 'racer-error', job, racerId: r.id, message: e instanceof Error ? e.message : String(e), reason: d?.reason ?? String(e), option: d?.option ?? null, path: [...(d?.path ?? [])] });
      }
    }
    const slice = () => {
      if (job !== current) return;
      const until = performance.now() + SLICE_MS;
      let open = active.filter((a) => a.run.status.state === 'running');
      while (open.length && performance.now() < until) {
        for (const a of open) a.run.advance(20);
        open = open.filter((a) => a.run.status.state === 'running');
      }
      for (const a of active) {
        if (a.sent === -1) continue; // finished and sent
        if (a.run.trace.rows > a.sent || a.run.status.state !== 'running') {
          const from = a.sent;
          sendTrace(job, a.racer.id, a.run.trace, from, a.run.status, a.run.gradEvalsPerStep);
          a.sent = a.run.status.state === 'running' ? a.run.trace.rows : -1;
          if (a.sent === -1) remember(a.key, { trace: a.run.trace, status: a.run.status, gradEvalsPerStep: a.run.gradEvalsPerStep });
        }
      }
      if (open.length) later(slice);
      else post({ type: 'done', job, ms: performance.now() - t0 });
    };
    slice();
  }

  return (m) => {
    if (m.type !== 'compute') return;
    current = m.job;
    compute(m.job, m.setup);
  };
}
