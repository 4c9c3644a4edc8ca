import { describe, expect, it } from 'vitest';
import { planModel } from '@descent/layers';
import { analyzeModel } from './model-shape.js';
import { toModelSpec } from './model.js';
import { lrCurve, schedulerDefaults, SCHEDULERS, validateScheduler } from './schedulers.js';
import { OPTIMIZERS, optimizerDefaults, validateOptimizer } from './optimizers.js';
import { dataShape, makeSplit, PRESETS } from './datasets.js';
import { LOSSES } from './losses.js';

describe('adapters over the libraries', () => {
  it('offers every optimizer of @descent/optimizers with PyTorch defaults', () => {
    expect(OPTIMIZERS.map((o) => o.name)).toEqual(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax', 'adadelta']);
    expect(optimizerDefaults('adam')).toMatchObject({ lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
    expect(optimizerDefaults('adamw').weightDecay).toBe(0.01);
  });

  it('refuses invalid optimizer options with a message naming the option', () => {
    expect(validateOptimizer('adam', { ...optimizerDefaults('adam'), lr: -1 }).lr).toMatch(/Learning rate/);
    expect(validateOptimizer('adam', { ...optimizerDefaults('adam'), betas: [0.9, 1] }).betas).toMatch(/Betas/);
    expect(validateOptimizer('sgd', { ...optimizerDefaults('sgd'), nesterov: true }).nesterov ?? Object.values(validateOptimizer('sgd', { ...optimizerDefaults('sgd'), nesterov: true }))[0]).toMatch(/nesterov/i);
    expect(validateOptimizer('adam', optimizerDefaults('adam'))).toEqual({});
  });

  it('LR preview: step decay per epoch repeats over each epoch’s batches; onecycle peaks at maxLr', () => {
    const c = lrCurve('step', { stepSize: 2, gamma: 0.5 }, 0.1, { epochs: 5, batchesPerEpoch: 3, stepEvery: 'epoch' });
    expect(c.map((p) => p.lr)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
    const oc = lrCurve('onecycle', schedulerDefaults('onecycle', 100, 0.01), 0.01, { epochs: 100, batchesPerEpoch: 1, stepEvery: 'batch' });
    expect(Math.max(...oc.map((p) => p.lr))).toBeCloseTo(0.1, 10);
    expect(lrCurve('none', {}, 0.3, { epochs: 2, batchesPerEpoch: 2, stepEvery: 'epoch' }).map((p) => p.lr)).toEqual([0.3, 0.3, 0.3, 0.3]);
    const long = lrCurve('cosine', schedulerDefaults('cosine', 10000), 1, { epochs: 10000, batchesPerEpoch: 10, stepEvery: 'epoch' });
    expect(long.length).toBeLessThanOrEqual(2001);
    expect(long[long.length - 1].step).toBe(100000);
  });

  it('validates schedule options, including the plan (onecycle total steps)', () => {
    expect(SCHEDULERS.map((s) => s.name)).not.toContain('lambda');
    expect(validateScheduler('onecycle', { ...schedulerDefaults('onecycle', 50), totalSteps: 10 }, 50).totalSteps).toMatch(/less than/);
    expect(validateScheduler('step', { ...schedulerDefaults('step', 30), stepSize: 0 }, 30).stepSize).toMatch(/Step size/);
    // One-cycle cycles momentum by default: fine for Adam (beta1), refused at the field for Adagrad.
    const oc = { ...schedulerDefaults('onecycle', 50), cycleMomentum: true };
    expect(validateScheduler('onecycle', oc, 50, 'adam')).toEqual({});
    expect(validateScheduler('onecycle', oc, 50, 'adagrad').cycleMomentum).toMatch(/Adagrad has no momentum to cycle/);
    expect(validateScheduler('onecycle', { ...oc, cycleMomentum: false }, 50, 'adagrad')).toEqual({});
    expect(validateScheduler('cosine', schedulerDefaults('cosine', 30), 30)).toEqual({});
  });

  it('presets come from @descent/data and make the configured split', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(expect.arrayContaining(['circles', 'xor', 'moons', 'spirals', 'blobs', 'linear', 'sine', 'iris']));
    const cfg = { source: 'preset' as const, preset: 'blobs', samples: 120, noise: 0.2, testFraction: 0.25, seed: 3 };
    expect(dataShape(cfg)).toEqual({ inputDim: 2, outputDim: 3, task: 'multiclass', classes: 3 });
    const s = makeSplit(cfg);
    expect(s.train.x.shape[0] + s.test.x.shape[0]).toBe(120);
    expect(s.test.x.shape[0]).toBe(30);
  });

  it('builder layers become a @descent/layers spec with the same parameter count', () => {
    const layers = [
      { id: 'a', kind: 'dense' as const, units: 8, activation: 'tanh' as const },
      { id: 'd', kind: 'dropout' as const, rate: 0.2 },
      { id: 'b', kind: 'dense' as const, units: 1, activation: 'identity' as const },
    ];
    const spec = toModelSpec(layers, 2);
    expect(spec.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'dropout', 'dense']);
    const plan = planModel(spec);
    const libParams = plan.plans.reduce((s: number, l: any) => s + (l.type === 'dense' ? l.in * l.out + l.out : 0), 0);
    const report = analyzeModel(layers, { inputDim: 2, outputDim: 1, task: 'binary', datasetLabel: 'Circles' }, 'bceWithLogits');
    expect(report.totalParams).toBe(libParams);
    expect(report.valid).toBe(true);
  });

  it('flags an output layer that does not match the data, and a squashing output before a logits loss', () => {
    const r = analyzeModel(
      [
        { id: 'a', kind: 'dense', units: 8, activation: 'tanh' },
        { id: 'b', kind: 'dense', units: 3, activation: 'identity' },
      ],
      { inputDim: 2, outputDim: 1, task: 'binary', datasetLabel: 'Circles' },
    );
    expect(r.valid).toBe(false);
    expect(r.layers[1].error).toMatch(/3 units, but Circles needs 1/);
    const w = analyzeModel([{ id: 'a', kind: 'dense', units: 1, activation: 'sigmoid' }], { inputDim: 2, outputDim: 1, task: 'binary', datasetLabel: 'XOR' }, 'bceWithLogits');
    expect(w.valid).toBe(true);
    expect(w.layers[0].warning).toMatch(/Identity/);
  });

  it('every offered loss exists in @descent/losses', () => {
    expect(LOSSES.find((l) => l.name === 'crossEntropy')!.logits).toBe(true);
    expect(LOSSES.find((l) => l.name === 'mse')!.logits).toBe(false);
  });
});
