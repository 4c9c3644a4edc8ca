import { describe, expect, it } from 'vitest';
import { scenario } from '../engine/scenarios.js';
import type { LabSetup } from '../engine/setup.js';
import { NCOLS } from '../engine/trace.js';
import { createLabRunner, GRID } from './lab-runner.js';
import type { FromLabWorker } from './protocol.js';

// The worker's body: slices, supersession by a newer request, the cache, and errors as messages.

function harness() {
  const out: FromLabWorker[] = [];
  const queue: (() => void)[] = [];
  const handle = createLabRunner(
    (m) => out.push(m),
    (fn) => queue.push(fn),
  );
  /** Run queued slices until none is left (or `max`). */
  const drain = (max = 10_000) => {
    for (let i = 0; i < max && queue.length; i++) queue.shift()!();
  };
  return { out, handle, drain, queue };
}
const setup = (id = 'momentum-ravine', patch: Partial<LabSetup> = {}): LabSetup => ({ ...structuredClone(scenario(id)!.setup), ...patch });
const rowsOf = (out: FromLabWorker[], job: number, racer: string) =>
  out.filter((m): m is Extract<FromLabWorker, { type: 'trace' }> => m.type === 'trace' && m.job === job && m.racerId === racer).reduce((n, m) => n + m.rows.length / NCOLS, 0);

describe('lab runner', () => {
  it('sends the surface map once, then every racer in slices until done', () => {
    const h = harness();
    h.handle({ type: 'compute', job: 1, setup: setup() });
    h.drain();
    const surface = h.out.find((m) => m.type === 'surface');
    expect(surface?.type === 'surface' && surface.surface.values.length).toBe(GRID * GRID);
    expect(surface?.type === 'surface' && surface.surface.segments.length).toBe(14);
    for (const r of ['a', 'b', 'c']) expect(rowsOf(h.out, 1, r)).toBe(401);
    expect(h.out[h.out.length - 1]).toMatchObject({ type: 'done', job: 1 });
    // Same surface next time: no second map.
    h.handle({ type: 'compute', job: 2, setup: setup('momentum-ravine', { start: [1, 1] }) });
    h.drain();
    expect(h.out.filter((m) => m.type === 'surface')).toHaveLength(1);
  });

  it('a newer request stops the older one', () => {
    const h = harness();
    h.handle({ type: 'compute', job: 1, setup: setup('newton', { iterations: 20_000 }) });
    h.handle({ type: 'compute', job: 2, setup: setup('newton', { iterations: 50 }) });
    h.drain();
    const job1 = h.out.filter((m) => m.job === 1 && m.type === 'trace');
    expect(job1.length).toBeLessThanOrEqual(3); // the first slice only
    expect(h.out.some((m) => m.job === 1 && m.type === 'done')).toBe(false);
    expect(rowsOf(h.out, 2, 'a')).toBe(51);
  });

  it('reuses finished runs: editing one racer recomputes that one only', () => {
    const h = harness();
    const s = setup('momentum-ravine', { iterations: 5000 });
    h.handle({ type: 'compute', job: 1, setup: s });
    h.drain();
    const edited = structuredClone(s);
    edited.racers[1].options.lr = 0.01;
    h.handle({ type: 'compute', job: 2, setup: edited });
    // Before any later slice runs, the unchanged racers are there in full; the edited one has begun.
    expect(rowsOf(h.out, 2, 'a')).toBe(5001);
    expect(rowsOf(h.out, 2, 'c')).toBe(5001);
    expect(rowsOf(h.out, 2, 'b')).toBeLessThan(5001);
    h.drain();
    expect(rowsOf(h.out, 2, 'b')).toBe(5001);
  });

  it('reports a surface that does not parse, and an optimizer the library refuses', () => {
    const h = harness();
    h.handle({ type: 'compute', job: 1, setup: setup('momentum-ravine', { surface: { kind: 'custom', source: 'x^', domain: [-1, 1, -1, 1] } }) });
    expect(h.out[0]).toMatchObject({ type: 'surface-error', position: 2 });
    const bad = setup();
    bad.racers[0].options.lr = -1;
    h.handle({ type: 'compute', job: 2, setup: bad });
    h.drain();
    expect(h.out.find((m) => m.type === 'racer-error')).toMatchObject({ racerId: 'a', option: 'lr', reason: 'must be at least 0, got -1' });
  });
});
