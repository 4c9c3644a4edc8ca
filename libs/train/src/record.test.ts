import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIBRARY_VERSIONS, RunRecordError, fitSync, parseRunRecord, runRecordSchema, serializeRunRecord } from './index.js';
import { line, mlp, withoutTimings, xorSplit } from '../test/helpers.js';

const xorRun = (seed: number, extra: object = {}) =>
  fitSync({ layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dropout', p: 0.2 }, { type: 'dense', units: 1 }] }, xorSplit(), {
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: { lr: 0.03 } },
    scheduler: { name: 'cosine', options: { tMax: 10 } },
    epochs: 12,
    batch: { mode: 'minibatch', batchSize: 10 },
    seed,
    dataSource: { preset: 'xor', n: 120, noise: 0.05, seed: 7 },
    ...extra,
  });

describe('run record', () => {
  it('round-trips through JSON and validates against the exported schema', () => {
    const r = xorRun(3, { recordBatchGradNorms: true });
    const text = serializeRunRecord(r);
    const back = parseRunRecord(text);
    expect(back).toEqual(r);
    expect(runRecordSchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(back.schemaVersion).toBe(2);
    expect(back.config.data.source).toEqual({ preset: 'xor', n: 120, noise: 0.05, seed: 7 });
    expect(back.config.optimizer.options).toMatchObject({ lr: 0.03, betas: [0.9, 0.999], eps: 1e-8 });
    expect(back.batches.gradNorms).toHaveLength(back.batches.loss.length);
    expect(back.parameters?.map((p) => p.layer)).toEqual([0, 3]);
  });

  it('recordBatches: false leaves the batch columns empty but keeps epoch metrics', () => {
    const r = xorRun(3, { recordBatches: false, recordBatchGradNorms: true });
    expect(r.batches).toEqual({ epoch: [], batch: [], loss: [], lr: [] });
    expect(r.epochs).toHaveLength(12);
    expect(parseRunRecord(JSON.stringify(r))).toEqual(r);
  });

  it('a diverged record (null losses) round-trips too', () => {
    const r = fitSync(mlp(8, 1, 'relu'), line(20), { loss: 'mse', optimizer: { name: 'sgd', options: { lr: 1e6 } }, epochs: 5, batch: { mode: 'minibatch', batchSize: 5 } });
    expect(r.status).toBe('diverged');
    expect(parseRunRecord(JSON.stringify(r))).toEqual(r);
  });

  it('names every bad field in the error', () => {
    const r = JSON.parse(JSON.stringify(xorRun(1)));
    r.status = 'finished';
    r.epochs[2].trainLoss = 'low';
    delete r.seed;
    let err: RunRecordError | undefined;
    try {
      parseRunRecord(r);
    } catch (e) {
      err = e as RunRecordError;
    }
    expect(err).toBeInstanceOf(RunRecordError);
    expect(err!.issues.some((i) => i.startsWith('status:'))).toBe(true);
    expect(err!.issues.some((i) => i.startsWith('epochs[2].trainLoss:'))).toBe(true);
    expect(err!.issues.some((i) => i.startsWith('seed:'))).toBe(true);
    expect(() => parseRunRecord('{not json')).toThrow(/not valid JSON/);
    expect(() => parseRunRecord({ ...r, schemaVersion: 3 })).toThrow(/schemaVersion: 3 is newer/);
    const bad = JSON.parse(JSON.stringify(xorRun(1)));
    bad.batches.lr.pop();
    expect(() => parseRunRecord(bad)).toThrow(/batches.lr: has \d+ entries but epoch has \d+/);
  });

  it('records the library versions of the packages', () => {
    for (const [name, version] of Object.entries(LIBRARY_VERSIONS)) {
      const dir = name.replace('@descent/', '');
      const pkg = JSON.parse(readFileSync(new URL(`../../${dir}/package.json`, import.meta.url), 'utf8'));
      expect(pkg.name).toBe(name);
      expect(pkg.version).toBe(version);
    }
  });
});

describe('reproducibility', () => {
  it('the same seed and config reproduce the run bit for bit (init, dropout, shuffling)', () => {
    const a = xorRun(11);
    const b = xorRun(11);
    expect(withoutTimings(b)).toEqual(withoutTimings(a));
    // Bit for bit: compare the raw doubles, not just toEqual's Object.is per number.
    const bits = (r: typeof a) => new Uint8Array(Float64Array.from(r.batches.loss as number[]).buffer).join(',');
    expect(bits(b)).toBe(bits(a));
  });

  it('a different seed gives a different run', () => {
    expect(xorRun(12).batches.loss).not.toEqual(xorRun(11).batches.loss);
  });

  it('float64 runs reproduce too', () => {
    const a = xorRun(5, { dtype: 'float64' });
    const b = xorRun(5, { dtype: 'float64' });
    expect(withoutTimings(a)).toEqual(withoutTimings(b));
    expect(a.batches.loss).not.toEqual(xorRun(5).batches.loss); // float32 differs in rounding
  });
});

describe('version 1 records', () => {
  const dir = new URL('../test/fixtures/', import.meta.url);
  const files = ['v1-run1-completed-circles', 'v1-run2-diverged-sine', 'v1-run3-completed-sine', 'v1-run4-stopped-blobs', 'v1-run5-completed-csv'];
  it.each(files)('%s (written by the previous version) reads as version 2, metrics intact', (f) => {
    const raw = JSON.parse(readFileSync(new URL(`${f}.json`, dir), 'utf8'));
    expect(raw.schemaVersion).toBe(1);
    const r = parseRunRecord(raw);
    expect(r.schemaVersion).toBe(2);
    expect(r.epochs.map((e) => e.trainLoss)).toEqual(raw.epochs.map((e: { trainLoss: number | null }) => e.trainLoss));
    for (const e of r.epochs) {
      expect(e.layers.gradNorm).toHaveLength(e.gradNorms.length);
      e.gradNorms.forEach((g, i) => expect(e.layers.gradNorm[i]).toBeCloseTo(Math.hypot(g.weight ?? NaN, g.bias ?? 0), 12));
      expect(e.layers.updateRatio.every((v) => v === null)).toBe(true);
    }
    expect(r.health).not.toBeNull();
    if (raw.status === 'diverged') expect(r.health!.verdict).toBe('diverged');
    // What is read back serializes and reads again unchanged.
    expect(parseRunRecord(serializeRunRecord(r))).toEqual(r);
  });
});

describe('records of version 2', () => {
  it('carry per-layer metrics (gradient norm, update/weight ratio) for every epoch', () => {
    const r = xorRun(3);
    for (const e of r.epochs) {
      expect(e.layers.gradNorm).toHaveLength(2);
      expect(e.layers.updateRatio).toHaveLength(2);
      // Cosine with tMax 10 reaches lr 0 at epoch 11: nothing moves, the ratio is exactly 0 there.
      for (const v of e.layers.updateRatio) {
        if (e.epoch === 11) expect(v).toBe(0);
        else expect(v).toBeGreaterThan(0);
      }
    }
    expect(r.health).toEqual({ verdict: 'ok', reason: null, epoch: null });
  });

  it('a diverged run says which non-finite value the loss took', () => {
    const r = fitSync(mlp(8, 1, 'relu'), line(20), { loss: 'mse', optimizer: { name: 'sgd', options: { lr: 1e6 } }, epochs: 5, batch: { mode: 'minibatch', batchSize: 5 } });
    expect(r.divergence!.loss).toBeNull();
    expect(['NaN', 'Infinity']).toContain(r.divergence!.value);
    expect(r.health!.verdict).toBe('diverged');
  });
});
