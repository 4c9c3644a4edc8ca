import { describe, expect, it } from 'vitest';
import type { RunConfig } from '@shared/model-spec.js';
import { makeSplit, parseCsv, guessTask } from './datasets.js';
import { Trainer } from './trainer.js';
import { lrCurve, schedulerDefaults, validateScheduler } from './schedulers.js';
import { createOptimizer, optimizerDefaults, validateOptimizer } from './optimizers.js';
import { Mlp } from './mlp.js';
import { lossAndGrad } from './losses.js';
import { analyzeModel } from './model-shape.js';
import { erf } from './activations.js';

const circles = (opt: string, options: Record<string, any>, schedule = 'none'): RunConfig => ({
  model: [
    { id: 'a', kind: 'dense', units: 8, activation: 'tanh' },
    { id: 'b', kind: 'dense', units: 8, activation: 'tanh' },
    { id: 'c', kind: 'dense', units: 1, activation: 'identity' },
  ],
  data: { source: 'preset', preset: 'circles', samples: 200, noise: 0.1, testFraction: 0.25, seed: 1 },
  training: {
    loss: 'bceWithLogits',
    optimizer: { name: opt, options: { ...optimizerDefaults(opt), ...options } },
    batch: { mode: 'mini', size: 16 },
    epochs: 60,
    seed: 3,
    schedule: { name: schedule, options: schedulerDefaults(schedule, 60), stepEvery: 'epoch' },
  },
});

function run(cfg: RunConfig) {
  const t = new Trainer(cfg, makeSplit(cfg.data));
  const epochs = [];
  while (!t.isFinished) {
    const s = t.step();
    if (s.epochDone) epochs.push(s.epochDone);
    if (s.diverged) return { epochs, diverged: s.diverged };
  }
  return { epochs, diverged: null };
}

describe('engine adapter', () => {
  it('learns circles with Adam + step decay: loss falls, accuracy high', () => {
    const { epochs } = run(circles('adam', { lr: 0.03 }, 'step'));
    expect(epochs).toHaveLength(60);
    expect(epochs[59].trainLoss).toBeLessThan(epochs[0].trainLoss * 0.5);
    expect(epochs[59].testAcc!).toBeGreaterThan(0.9);
    expect(epochs[59].lr).toBeLessThan(epochs[0].lr); // step decay applied
  });

  it('reports divergence with epoch and batch', () => {
    const cfg = circles('sgd', { lr: 1e6 });
    cfg.training.loss = 'mse';
    const { diverged } = run(cfg);
    expect(diverged).not.toBeNull();
    expect(diverged!.epoch).toBeGreaterThanOrEqual(1);
    expect(diverged!.batch).toBeGreaterThanOrEqual(1);
  });

  it('backward matches finite differences', () => {
    const m = new Mlp(
      [
        { id: 'a', kind: 'dense', units: 3, activation: 'gelu' },
        { id: 'b', kind: 'dense', units: 2, activation: 'identity' },
      ],
      2,
      5,
    );
    const x = new Float64Array([0.3, -0.7, 1.1, 0.2]);
    const y = new Float64Array([1, 0]);
    const f = () => {
      const o = m.forward(x, 2);
      return lossAndGrad('crossEntropy', o, y, 2, 2, new Float64Array(4));
    };
    const o = m.forward(x, 2);
    const d = new Float64Array(4);
    lossAndGrad('crossEntropy', o, y, 2, 2, d);
    m.backward(d);
    for (let i = 0; i < m.paramCount; i++) {
      const keep = m.params[i];
      m.params[i] = keep + 1e-6;
      const up = f();
      m.params[i] = keep - 1e-6;
      const down = f();
      m.params[i] = keep;
      expect(m.grads[i]).toBeCloseTo((up - down) / 2e-6, 6);
    }
  });

  it('SGD with momentum follows the PyTorch rule on a quadratic', () => {
    const o = createOptimizer('sgd', { lr: 0.1, momentum: 0.9 }, 1);
    const p = new Float64Array([1]);
    o.step(p, new Float64Array([2 * p[0]])); // buf = g = 2
    expect(p[0]).toBeCloseTo(0.8, 12);
    o.step(p, new Float64Array([2 * p[0]])); // buf = 0.9*2 + 1.6 = 3.4
    expect(p[0]).toBeCloseTo(0.8 - 0.34, 12);
  });

  it('refuses invalid optimizer options with a message naming the option', () => {
    expect(validateOptimizer('adam', { ...optimizerDefaults('adam'), lr: -1 }).lr).toMatch(/Learning rate/);
    expect(validateOptimizer('adam', { ...optimizerDefaults('adam'), betas: [0.9, 1] }).betas).toMatch(/Betas/);
    expect(validateOptimizer('sgd', { ...optimizerDefaults('sgd'), nesterov: true }).nesterov).toMatch(/momentum/);
  });

  it('lrCurve: step decay per epoch, onecycle peaks at maxLr', () => {
    const c = lrCurve('step', { stepSize: 2, gamma: 0.5 }, 0.1, { epochs: 5, batchesPerEpoch: 3, stepEvery: 'epoch' });
    expect(c.map((p) => p.lr)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    const oc = lrCurve('onecycle', schedulerDefaults('onecycle', 100, 0.01), 0.01, { epochs: 100, batchesPerEpoch: 1, stepEvery: 'batch' });
    expect(Math.max(...oc.map((p) => p.lr))).toBeCloseTo(0.1, 10);
    expect(validateScheduler('onecycle', { ...schedulerDefaults('onecycle'), totalSteps: 10 }, 50).totalSteps).toMatch(/less than/);
  });

  it('parses CSV and reports the line and column of a bad value', () => {
    const ok = parseCsv('a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n');
    expect(ok.headers).toEqual(['a', 'b', 'label']);
    expect(guessTask(ok.rows.map((r) => r[2]))).toBe('binary');
    expect(() => parseCsv('a,b,label\n1,2,0\n3,x,1\n')).toThrow(/Line 3, column "b": "x" is not a number/);
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(/Line 3: expected 2 values/);
    expect(() => parseCsv('')).toThrow(/empty/);
  });

  it('analyzeModel flags the output layer that does not match the data', () => {
    const r = analyzeModel(
      [
        { id: 'a', kind: 'dense', units: 8, activation: 'tanh' },
        { id: 'b', kind: 'dense', units: 3, activation: 'identity' },
      ],
      { inputDim: 2, outputDim: 1, task: 'binary', datasetLabel: 'Circles' },
    );
    expect(r.valid).toBe(false);
    expect(r.layers[1].error).toMatch(/3 units, but Circles needs 1/);
    expect(r.totalParams).toBe(2 * 8 + 8 + 8 * 3 + 3);
  });

  it('erf is accurate', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(erf(5)).toBeCloseTo(0.9999999999984626, 14);
  });
});
