// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '@shared/model-spec.js';
import { createRunner } from './runner.js';
import type { FromWorker } from './protocol.js';
import { optimizerDefaults } from '../engine/optimizers.js';
import { schedulerDefaults } from '../engine/schedulers.js';

const config = (over: Partial<RunConfig['training']> = {}): RunConfig => ({
  model: [
    { id: 'a', kind: 'dense', units: 8, activation: 'tanh' },
    { id: 'b', kind: 'dense', units: 8, activation: 'tanh' },
    { id: 'c', kind: 'dense', units: 1, activation: 'identity' },
  ],
  data: { source: 'preset', preset: 'circles', samples: 200, noise: 0.05, testFraction: 0.25, seed: 1 },
  training: {
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: { ...optimizerDefaults('adam'), lr: 0.03 } },
    batch: { mode: 'mini', size: 16 },
    epochs: 40,
    seed: 3,
    schedule: { name: 'step', options: { ...schedulerDefaults('step'), stepSize: 15, gamma: 0.5 }, stepEvery: 'epoch' },
    ...over,
  },
});

function runToEnd(cfg: RunConfig, steer?: (h: (m: any) => void, msgs: FromWorker[]) => void): Promise<FromWorker[]> {
  return new Promise((resolve) => {
    const msgs: FromWorker[] = [];
    const handle = createRunner((m) => {
      msgs.push(m);
      steer?.(handle, msgs);
      if (m.type === 'status' && ['completed', 'stopped', 'diverged', 'failed'].includes(m.status)) setTimeout(() => resolve(msgs), 0);
    });
    handle({ type: 'start', config: cfg, gridEvery: 5 });
  });
}

describe('training runner (worker body) on @descent/train', () => {
  it('trains circles with Adam + step decay: loss falls, boundary predictions arrive, record attached', async () => {
    const msgs = await runToEnd(config());
    const ready = msgs.find((m) => m.type === 'ready')!;
    expect(ready.type === 'ready' && ready.info).toMatchObject({ inputDim: 2, paramCount: 105, batchesPerEpoch: 10, epochs: 40 });
    const rows = msgs.flatMap((m) => (m.type === 'progress' ? m.epochs : []));
    expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(rows[39].trainLoss).toBeLessThan(rows[0].trainLoss * 0.5);
    expect(rows[39].testAcc!).toBeGreaterThan(0.85);
    expect(rows[39].lr).toBeCloseTo(0.03 * 0.25, 12);
    expect(rows[0].gradNorms).toHaveLength(3);
    const grids = msgs.filter((m) => m.type === 'prediction');
    expect(grids.length).toBeGreaterThan(3);
    const g = grids[grids.length - 1];
    expect(g.type === 'prediction' && g.prediction.kind === 'grid' && g.prediction.value.length).toBe(44 * 44);
    const end = msgs[msgs.length - 1];
    expect(end).toMatchObject({ type: 'status', status: 'completed' });
    expect((end as any).record.format).toBeTruthy();
    expect((end as any).record.epochs).toHaveLength(40);
  });

  it('reports divergence with its epoch and batch', async () => {
    const msgs = await runToEnd(config({ loss: 'mse', optimizer: { name: 'sgd', options: { ...optimizerDefaults('sgd'), lr: 1e6 } }, schedule: { name: 'none', options: {}, stepEvery: 'epoch' } }));
    const end = msgs[msgs.length - 1] as Extract<FromWorker, { type: 'status' }>;
    expect(end.status).toBe('diverged');
    expect(end.diverged!.epoch).toBeGreaterThanOrEqual(1);
    expect(end.diverged!.batch).toBeGreaterThanOrEqual(1);
  });

  it('pauses, single-steps and stops on request', async () => {
    let paused = false;
    let stepped = false;
    const msgs = await runToEnd(config({ epochs: 5000 }), (h, all) => {
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
    const epochs = msgs.flatMap((m) => (m.type === 'progress' ? m.epochs : []));
    expect(epochs.length).toBeLessThan(5000);
  });
});
