import { describe, expect, it } from 'vitest';
import { nextMacrotask, startTraining, type BatchEvent, type TrainingEvent } from './index.js';
import { line, mlp, xorSplit } from '../test/helpers.js';

const opts = { loss: 'mse' as const, optimizer: { name: 'sgd' as const, options: { lr: 0.05 } }, batch: { mode: 'minibatch' as const, batchSize: 2 } };

describe('startTraining: a steerable run', () => {
  it('starts paused, runs exactly one batch per step(), then resumes to completion', async () => {
    const run = startTraining(mlp(3), line(6), { ...opts, epochs: 2, paused: true });
    const seen: BatchEvent[] = [];
    run.on('batch', (e) => seen.push(e));
    for (let i = 0; i < 5; i++) await nextMacrotask();
    expect(run.status).toBe('paused');
    expect(seen).toHaveLength(0);
    const a = await run.step();
    const b = await run.step();
    expect([a?.epoch, a?.batch, b?.epoch, b?.batch]).toEqual([1, 1, 1, 2]);
    for (let i = 0; i < 5; i++) await nextMacrotask();
    expect(seen).toHaveLength(2);
    expect(run.status).toBe('paused');
    const c = await run.step(); // last batch of epoch 1: the epoch ends too
    expect(c?.batch).toBe(3);
    expect(run.record().epochs).toHaveLength(1);
    run.resume();
    const record = await run.result;
    expect(record.status).toBe('completed');
    expect(seen.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await run.step()).toBeNull(); // over
  });

  it('pause() halts between batches and resume() continues where it left off', async () => {
    const run = startTraining(mlp(8), xorSplit(), { loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 0.1 } }, epochs: 400, batch: { mode: 'sgd' }, yieldEveryMs: 0 });
    let batches = 0;
    run.on('batch', () => batches++);
    while (batches < 10) await nextMacrotask();
    run.pause();
    await nextMacrotask();
    await nextMacrotask();
    expect(run.status).toBe('paused');
    const frozen = batches;
    for (let i = 0; i < 20; i++) await nextMacrotask();
    expect(batches).toBe(frozen);
    await expect(run.step()).resolves.toMatchObject({ step: frozen + 1 });
    run.resume();
    while (batches < frozen + 30) await nextMacrotask();
    expect(run.status).toBe('running');
    run.stop();
    const record = await run.result;
    expect(record.status).toBe('stopped');
    expect(record.batches.loss.length).toBe(batches);
    expect(run.status).toBe('stopped');
  });

  it('step() while running is refused; stop() while paused ends the run', async () => {
    const run = startTraining(mlp(3), line(6), { ...opts, epochs: 1000, yieldEveryMs: 0 });
    await nextMacrotask();
    await nextMacrotask();
    await expect(run.step()).rejects.toThrow(/pause\(\) it first/);
    run.pause();
    await nextMacrotask();
    run.stop();
    const r = await run.result;
    expect(r.status).toBe('stopped');
    expect(r.final.epochs).toBeLessThan(1000);
  });

  it('delivers events as an async iterator ending with the final record', async () => {
    const run = startTraining(mlp(3), line(4), { ...opts, epochs: 2 });
    const types: string[] = [];
    let last: TrainingEvent | undefined;
    for await (const e of run.events()) {
      types.push(e.type);
      last = e;
    }
    expect(types.filter((t) => t === 'batch')).toHaveLength(4);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(2);
    expect(types).toContain('status');
    expect(last?.type).toBe('end');
    if (last?.type === 'end') expect(last.record.status).toBe('completed');
  });

  it('yields to the event loop while running (timers fire during training)', async () => {
    const run = startTraining(mlp(16), xorSplit(), { loss: 'bceWithLogits', optimizer: { name: 'adam' }, epochs: 60, batch: { mode: 'sgd' }, yieldEveryMs: 5 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await run.result;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  it('a configuration error throws synchronously from startTraining', () => {
    expect(() => startTraining(mlp(3), line(4), { ...opts, epochs: -1 })).toThrow(/epochs must be a positive integer/);
  });
});

describe('divergence', () => {
  it("a non-finite loss ends the run with status 'diverged' at a named epoch and batch, keeping every metric", async () => {
    const run = startTraining(mlp(8, 1, 'relu'), line(20), { loss: 'mse', optimizer: { name: 'sgd', options: { lr: 1e6 } }, epochs: 50, batch: { mode: 'minibatch', batchSize: 5 }, seed: 1 });
    const record = await run.result;
    expect(record.status).toBe('diverged');
    const d = record.divergence!;
    expect(d).not.toBeNull();
    expect(d.loss).toBeNull(); // NaN/Infinity is stored as null
    const n = record.batches.loss.length;
    expect(d.step).toBe(n);
    expect(record.batches.epoch[n - 1]).toBe(d.epoch);
    expect(record.batches.batch[n - 1]).toBe(d.batch);
    expect(record.batches.loss.slice(0, n - 1).every((l) => l !== null)).toBe(true);
    expect(record.epochs).toHaveLength(d.epoch - 1); // completed epochs are all kept
    expect(record.final.epochs).toBe(d.epoch - 1);
    expect(run.status).toBe('diverged');
  });
});
