// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSpecProblems } from '@descent/train';
import { STUDIO_RUN_FORMAT, StoredRunError, parseStoredRun, summarize } from './studio-run.js';
import { sampleRun } from './sample-run.js';

const dir = new URL('./fixtures/v1/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));

describe('stored runs', () => {
  it('a stored run is the library record in a wrapper, and reads back unchanged', () => {
    const r = sampleRun('run-a');
    expect(r.format).toBe(STUDIO_RUN_FORMAT);
    expect(parseStoredRun(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(summarize(r)).toMatchObject({ id: 'run-a', status: 'completed', optimizer: 'adam', epochs: 2 });
  });

  it('refuses a broken wrapper or record with the reason', () => {
    const r = JSON.parse(JSON.stringify(sampleRun('run-b')));
    expect(() => parseStoredRun({ ...r, id: '../x' })).toThrow(StoredRunError);
    r.record.epochs[0].trainLoss = 'low';
    expect(() => parseStoredRun(r)).toThrow(/record: invalid run record: epochs\[0\]\.trainLoss/);
  });
});

describe('runs saved by the first format (descent-run v1) are migrated on read', () => {
  it('there are fixtures of every kind the first format saved', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
    expect(new Set(fixtures.map((f) => read(f).status))).toEqual(new Set(['completed', 'diverged', 'stopped', 'running']));
  });

  it.each(fixtures)('%s keeps its id, name, status and every metric, and gets a runnable spec', (f) => {
    const old = read(f);
    const run = parseStoredRun(old);
    expect({ id: run.id, name: run.name, createdAt: run.createdAt }).toEqual({ id: old.id, name: old.name, createdAt: old.createdAt });
    expect(run.record.status).toBe(old.status);
    const e = run.record.epochs;
    expect(e.map((x) => x.epoch)).toEqual(old.metrics.epoch);
    expect(e.map((x) => x.trainLoss)).toEqual(old.metrics.trainLoss);
    expect(e.map((x) => x.testLoss)).toEqual(old.metrics.testLoss);
    expect(e.map((x) => x.testAccuracy)).toEqual(old.metrics.testAcc);
    expect(e.map((x) => x.lr)).toEqual(old.metrics.lr);
    // The old per-layer norms are the library's gradNorm metric.
    e.forEach((x, i) => old.metrics.gradNorms?.[i]?.forEach((g: number | null, k: number) => expect(x.layers.gradNorm[k]).toBeCloseTo(g ?? NaN, 10)));
    // The setup reopens: a RunSpec the library accepts as it is.
    expect(run.record.spec).toBeDefined();
    expect(runSpecProblems(run.record.spec)).toEqual([]);
    // And it saves and reads again as a stored run of today.
    expect(parseStoredRun(JSON.parse(JSON.stringify(run)))).toEqual(run);
  });

  it('a run saved while running (no library record yet) is rebuilt from the metrics it saved', () => {
    const f = fixtures.find((x) => read(x).status === 'running')!;
    const old = read(f);
    expect(old.trainRecord).toBeUndefined();
    const run = parseStoredRun(old);
    expect(run.record.config.optimizer.name).toBe(old.config.training.optimizer.name);
    expect(run.record.config.model.parameterCount).toBe(old.paramCount);
    expect(run.record.epochs).toHaveLength(old.metrics.epoch.length);
  });
});
