// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { RunSpec } from '@descent/train';
import { createRunner } from './runner.js';
import type { FromWorker } from './protocol.js';

// Issue "Studio you can trust", defects 4 and 11, checked on the worker body:
// - the Train view's LR chart gets every optimizer step's lr as a per-epoch range, so a per-batch cycle is
//   drawn as the band it sweeps (a once-per-epoch sample aliases it into a wrong pattern);
// - the decision boundary follows the training within a second, however many epochs a run has (it was
//   "after epoch 333" while training was at epoch 922).

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  seed: 3,
  data: { preset: 'circles', options: { n: 200, noise: 0.05 }, testFraction: 0.25, seed: 1 },
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'sgd', options: { lr: 0.01 } },
  scheduler: null,
  batch: { mode: 'minibatch', batchSize: 16 },
  epochs: 20,
  ...over,
});

type Stamped = { at: number; m: FromWorker };
const ENDED = ['completed', 'stopped', 'diverged', 'early-stopped', 'failed'];
function run(s: RunSpec, gridEvery: number, stopAfterMs?: number): Promise<Stamped[]> {
  return new Promise((resolve) => {
    const msgs: Stamped[] = [];
    const handle = createRunner((m) => {
      msgs.push({ at: performance.now(), m });
      if (m.type === 'status' && ENDED.includes(m.status)) setTimeout(() => resolve(msgs), 0);
    });
    handle({ type: 'start', spec: s, gridEvery });
    if (stopAfterMs) setTimeout(() => handle({ type: 'stop' }), stopAfterMs);
  });
}

describe('LR chart data: every optimizer step, summarized per epoch', () => {
  it('a per-batch cyclic schedule gives each epoch the whole range it swept, not one sample', async () => {
    // 150 training samples / 16 = 10 steps per epoch; a triangle of 2 steps up, 2 down: every epoch sweeps base..max.
    const msgs = await run(spec({ scheduler: { name: 'cyclic', options: { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 2, cycleMomentum: false }, stepEvery: 'batch' } }), 1);
    const ranges = msgs.flatMap(({ m }) => (m.type === 'progress' ? m.lr : []));
    expect(ranges.map((r) => r.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const r of ranges) {
      expect(r.min).toBeCloseTo(0.001, 9);
      expect(r.max).toBeCloseTo(0.01, 9);
    }
  });
  it('a per-epoch schedule is flat inside each epoch (min = max)', async () => {
    const msgs = await run(spec({ scheduler: { name: 'step', options: { stepSize: 5, gamma: 0.5 }, stepEvery: 'epoch' } }), 1);
    const ranges = msgs.flatMap(({ m }) => (m.type === 'progress' ? m.lr : []));
    expect(ranges.every((r) => r.min === r.max)).toBe(true);
    expect(ranges[19].max).toBeCloseTo(0.01 * 0.5 ** 3, 12);
  });
});

describe('decision boundary cadence', () => {
  it('a new prediction at least every second while training, even when the epoch count would rarely ask for one', async () => {
    // gridEvery as large as a very long run would make it: only the time rule can keep the boundary current.
    const msgs = await run(spec({ epochs: 1_000_000 }), 1_000_000, 3000);
    const running = msgs.filter(({ m }) => m.type !== 'status' || m.status === 'running');
    const preds = running.filter(({ m }) => m.type === 'prediction');
    const epochsSeen = msgs.flatMap(({ m }) => (m.type === 'progress' ? m.epochs : [])).length;
    expect(epochsSeen).toBeGreaterThan(20);
    expect(preds.length).toBeGreaterThanOrEqual(4);
    const gaps = preds.slice(1).map((p, i) => p.at - preds[i].at);
    expect(Math.max(...gaps)).toBeLessThan(1000);
    // Each prediction is of the model as it is now: its epoch is the latest epoch that ended.
    let latest = 0;
    for (const { m } of msgs) {
      if (m.type === 'progress') latest = Math.max(latest, ...m.epochs.map((e) => e.epoch));
      if (m.type === 'prediction' && m.prediction.epoch > 0) expect(m.prediction.epoch).toBeGreaterThanOrEqual(latest);
    }
  });
  it('never more than about 7 a second, even when every epoch asks for one (each is an image the page draws)', async () => {
    const msgs = await run(spec({ epochs: 1_000_000 }), 1, 2000);
    // While training: after the first progress, before the stop (which sends the final model's boundary).
    const end = msgs.findIndex(({ m }) => m.type === 'status' && ENDED.includes(m.status));
    const first = msgs.findIndex(({ m }) => m.type === 'progress');
    const preds = msgs.slice(first, end - 1).filter(({ m }) => m.type === 'prediction');
    const epochsSeen = msgs.flatMap(({ m }) => (m.type === 'progress' ? m.epochs : [])).length;
    expect(epochsSeen).toBeGreaterThan(preds.length * 3);
    const gaps = preds.slice(1).map((p, i) => p.at - preds[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(140);
  });
});
