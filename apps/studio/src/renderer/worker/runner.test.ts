// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fitRunSync, type RunSpec } from '@descent/train';
import { createRunner } from './runner.js';
import type { FromWorker } from './protocol.js';
import { GRID } from './predictions.js';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  seed: 3,
  data: { preset: 'circles', options: { n: 200, noise: 0.05 }, testFraction: 0.25, seed: 1 },
  model: {
    layers: [
      { type: 'dense', units: 8 },
      { type: 'activation', fn: 'tanh' },
      { type: 'dense', units: 8 },
      { type: 'activation', fn: 'tanh' },
      { type: 'dense', units: 1 },
    ],
  },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.03 } },
  scheduler: { name: 'step', options: { stepSize: 15, gamma: 0.5 }, stepEvery: 'epoch' },
  batch: { mode: 'minibatch', batchSize: 16 },
  epochs: 40,
  ...over,
});

const ENDED = ['completed', 'stopped', 'diverged', 'early-stopped', 'failed'];
function runToEnd(s: RunSpec, steer?: (h: (m: any) => void, msgs: FromWorker[]) => void): Promise<FromWorker[]> {
  return new Promise((resolve) => {
    const msgs: FromWorker[] = [];
    const handle = createRunner((m) => {
      msgs.push(m);
      steer?.(handle, msgs);
      if (m.type === 'status' && ENDED.includes(m.status)) setTimeout(() => resolve(msgs), 0);
    });
    handle({ type: 'start', spec: s, gridEvery: 5 });
  });
}

describe('training runner (worker body): the library run of the posted RunSpec', () => {
  it('trains circles with Adam + step decay: the library’s events, boundary predictions, checkpoints and record', async () => {
    const msgs = await runToEnd(spec());
    const ready = msgs.find((m) => m.type === 'ready')!;
    expect(ready.type === 'ready' && ready.info).toMatchObject({ inputDim: 2, paramCount: 105, batchesPerEpoch: 10, epochs: 40 });
    const events = msgs.flatMap((m) => (m.type === 'progress' ? m.epochs : []));
    expect(events.map((r) => r.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(events[39].trainLoss).toBeLessThan(events[0].trainLoss * 0.5);
    expect(events[39].testAccuracy!).toBeGreaterThan(0.85);
    expect(events[39].lr).toBeCloseTo(0.03 * 0.25, 12);
    expect(events[0].layers.gradNorm).toHaveLength(3);
    expect(events[0].layers.updateRatio).toHaveLength(3);
    const lr = msgs.flatMap((m) => (m.type === 'progress' ? m.lr : []));
    expect(lr).toHaveLength(40);
    expect(msgs.some((m) => m.type === 'checkpoint' && m.record.status === 'running')).toBe(true);
    const grids = msgs.filter((m) => m.type === 'prediction');
    // At the start, while training (at most every 150 ms, so a run this short may have none between) and at the end.
    expect(grids.length).toBeGreaterThanOrEqual(2);
    const g = grids[grids.length - 1];
    expect(g.type === 'prediction' && g.prediction.epoch).toBe(40);
    expect(g.type === 'prediction' && g.prediction.kind === 'grid' && g.prediction.value.length).toBe(GRID * GRID);
    const end = msgs[msgs.length - 1] as Extract<FromWorker, { type: 'status' }>;
    expect(end).toMatchObject({ type: 'status', status: 'completed' });
    expect(end.record!.epochs).toHaveLength(40);
    expect(end.record!.spec).toEqual(spec());
    // The same spec in plain Node (fitRunSync) gives the same losses: one shape, one run.
    expect(end.record!.epochs.map((e) => e.trainLoss)).toEqual(fitRunSync(spec()).epochs.map((e) => e.trainLoss));
  });

  it('reports divergence with its epoch, batch and which non-finite value', async () => {
    const msgs = await runToEnd(spec({ loss: 'mse', optimizer: { name: 'sgd', options: { lr: 1e6 } }, scheduler: null }));
    const end = msgs[msgs.length - 1] as Extract<FromWorker, { type: 'status' }>;
    expect(end.status).toBe('diverged');
    expect(end.record!.divergence!.epoch).toBeGreaterThanOrEqual(1);
    expect(['NaN', 'Infinity']).toContain(end.record!.divergence!.value);
  });

  it('an invalid spec fails with the library’s structured error, never starts', async () => {
    const msgs = await runToEnd(spec({ epochs: 0 }));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ type: 'status', status: 'failed', error: { name: 'OptionError', owner: 'fit', option: 'epochs' } });
  });

  it('pauses, single-steps and stops on request', async () => {
    let paused = false;
    let stepped = false;
    const msgs = await runToEnd(spec({ epochs: 5000 }), (h, all) => {
      const m = all[all.length - 1];
      if (m.type === 'progress' && !paused) {
        paused = true;
        h({ type: 'pause' });
      } else if (m.type === 'status' && m.status === 'paused' && !stepped) {
        stepped = true;
        h({ type: 'step' });
        setTimeout(() => h({ type: 'stop' }), 50);
      }
    });
    const statuses = msgs.filter((m) => m.type === 'status').map((m) => (m as any).status);
    expect(statuses).toContain('paused');
    expect(statuses[statuses.length - 1]).toBe('stopped');
    expect(msgs.flatMap((m) => (m.type === 'progress' ? m.epochs : [])).length).toBeLessThan(5000);
  });
});
