import { describe, expect, it } from 'vitest';
import { buildModel } from '@descent/layers';
import { OptionError, formatPath } from '@descent/core-tensor';
import { makeDataset } from '@descent/data';
import { fitRunSync, fitSync, runSpecProblems, startRun, type RunSpec } from './index.js';

const spec = (extra: Partial<RunSpec> = {}): RunSpec => ({
  name: 'circles',
  seed: 3,
  data: { preset: 'circles', options: { n: 120, noise: 0.05 }, testFraction: 0.25 },
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.02 } },
  epochs: 6,
  batch: { mode: 'minibatch', batchSize: 16 },
  ...extra,
});

const paths = (s: unknown) => runSpecProblems(s).map((e) => formatPath(e.path));

describe('runSpecProblems: one validator, every field located', () => {
  it('a good spec has none', () => {
    expect(runSpecProblems(spec())).toEqual([]);
  });
  it('reports every bad field at once, each at its path', () => {
    const bad = spec({ epochs: 0, optimizer: { name: 'adam', options: { lr: -3, betas: [1.2, 0.999] } }, batch: { mode: 'minibatch', batchSize: 2.5 } });
    expect(paths(bad).sort()).toEqual(['batch.batchSize', 'epochs', 'optimizer.options.betas', 'optimizer.options.lr']);
    const betas = runSpecProblems(bad).find((e) => e.option === 'betas')!;
    expect({ owner: betas.owner, element: betas.element, reason: betas.reason }).toEqual({ owner: 'adam', element: 0, reason: 'must be below 1, got 1.2' });
  });
  it('data, model and unknown fields', () => {
    expect(paths({ ...spec(), data: { preset: 'circles', options: { n: 0 } } })).toEqual(['data.options.n']);
    expect(paths({ ...spec(), data: { preset: 'donut' } })).toEqual(['data.preset']);
    expect(paths({ ...spec(), model: { layers: [{ type: 'dense', units: 0 }] } })).toEqual(['model.layers[0].units']);
    expect(paths({ ...spec(), epoch: 3 })).toEqual(['epoch']);
    expect(paths({ ...spec(), scheduler: { name: 'step', options: { stepsize: 3 } } }).sort()).toEqual(['scheduler.options.stepSize', 'scheduler.options.stepsize']);
  });
  it('checks that need the data: output width, one-cycle steps, test metrics', () => {
    const wide = spec({ model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 2 }] } });
    expect(runSpecProblems(wide).map((e) => [formatPath(e.path), e.reason])).toEqual([['model.layers[2].units', expect.stringMatching(/^must be 1: bceWithLogits compares the output with one value per sample/)]]);
    // 90 training rows / 16 = 6 batches per epoch, stepped per batch for 6 epochs: 36 steps.
    const short = spec({ scheduler: { name: 'onecycle', options: { maxLr: 0.1, totalSteps: 30 }, stepEvery: 'batch' } });
    expect(runSpecProblems(short).map((e) => [formatPath(e.path), e.reason])).toEqual([['scheduler.options.totalSteps', 'must be at least 36, the scheduler steps of this run (6 epochs × 6 batches), got 30']]);
    const noTest = spec({ data: { preset: 'circles', options: { n: 120 }, testFraction: 0 }, earlyStopping: { metric: 'testLoss', patience: 2 } });
    expect(paths(noTest)).toEqual(['earlyStopping.metric']);
  });
  it('a CSV spec given by path needs a reader; given inline, it is read', () => {
    const csv = 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.1,0.1,0\n0.9,0.1,1\n';
    expect(paths(spec({ data: { csv: { path: 'x.csv', target: 'y' } } }))).toEqual(['data.csv.path']);
    expect(runSpecProblems(spec({ data: { csv: { text: csv, target: 'y' }, testFraction: 0.3 } }))).toEqual([]);
    expect(runSpecProblems(spec({ data: { csv: { path: 'x.csv', target: 'y' } } }), { readText: () => csv })).toEqual([]);
    expect(paths(spec({ data: { csv: { text: 'a,b\n1,2\n', target: 'y' } } }))).toEqual(['data.csv']);
  });
});

describe('runs from a spec', () => {
  it('keep the spec in the record, reproduce bit for bit, and match the async run', async () => {
    const a = fitRunSync(spec());
    const b = fitRunSync(spec());
    expect(a.epochs.map((e) => e.trainLoss)).toEqual(b.epochs.map((e) => e.trainLoss));
    expect(a.spec).toEqual(JSON.parse(JSON.stringify(spec())));
    expect(a.config.data.source).toEqual(spec().data);
    const c = await startRun(spec()).result;
    expect(c.epochs.map((e) => e.trainLoss)).toEqual(a.epochs.map((e) => e.trainLoss));
    expect(c.spec).toEqual(a.spec);
  });

  it('update/weight ratio of one plain SGD step is lr·‖g‖/‖θ‖, computed independently', () => {
    const s = spec({ optimizer: { name: 'sgd', options: { lr: 0.1 } }, batch: { mode: 'full' }, epochs: 1, dtype: 'float64', shuffle: false });
    const r = fitRunSync(s);
    // The same initial weights, rebuilt from the spec (seed 3, input = 2 features).
    const m = buildModel({ input: 2, layers: s.model.layers }, { seed: 3, dtype: 'float64' });
    const dense = [0, 2].map((i) => m.parameters().slice(i, i + 2));
    const e = r.epochs[0];
    dense.forEach(([w, b], l) => {
      const norm = Math.hypot(...w.value.data, ...b.value.data);
      expect(e.layers.updateRatio[l]).toBeCloseTo((0.1 * e.layers.gradNorm[l]!) / norm, 12);
    });
  });
});

describe('bad inputs found by the fuzz suite', () => {
  it('bce on raw scores is a spec problem at model.layers, not a failure in the middle of training', () => {
    const raw = spec({ loss: 'bce' });
    expect(runSpecProblems(raw).map((e) => [formatPath(e.path), e.reason])).toEqual([
      ['model.layers', 'must end with a sigmoid (or softmax) activation: bce takes probabilities in [0, 1]; or use bceWithLogits on the raw scores'],
    ]);
    const withDropout = spec({ loss: 'bce', model: { layers: [{ type: 'dense', units: 1 }, { type: 'activation', fn: 'sigmoid' }, { type: 'dropout', p: 0.5 }] } });
    expect(paths(withDropout)).toEqual(['model.layers']); // dropout scales probabilities above 1 while training
    expect(runSpecProblems(spec({ loss: 'bce', model: { layers: [{ type: 'dense', units: 1 }, { type: 'activation', fn: 'sigmoid' }] } }))).toEqual([]);
  });

  it('a seed that is not a safe integer is reported at seed (the data was split with it, and threw a plain Error)', () => {
    expect(runSpecProblems(spec({ seed: 2 ** 53 })).map((e) => [formatPath(e.path), e.reason])).toEqual([['seed', 'must be a non-negative integer, got 9007199254740992']]);
  });

  it('a CSV with several problems is one problem at data.csv, on one line', () => {
    const text = 'a,b,y\n0,0,0\n0,abc,1\n1,0,\n1,1,0\n';
    const [p] = runSpecProblems(spec({ data: { csv: { text, target: 'y' }, testFraction: 0.3 } }));
    expect([formatPath(p.path), p.reason]).toEqual(['data.csv', 'line 3: non-numeric value "abc" in column "b"; line 4: empty value in column "y"']);
    expect(p.message).not.toMatch(/\n/);
  });

  it('a CSV reader that fails is a problem at data.csv.path', () => {
    const failing = () => {
      throw new Error('EACCES: permission denied');
    };
    const problems = runSpecProblems(spec({ data: { csv: { path: 'x.csv', target: 'y' } } }), { readText: failing });
    expect(problems.map((e) => [formatPath(e.path), e.reason])).toEqual([['data.csv.path', 'path "x.csv" cannot be read: EACCES: permission denied']]);
  });

  it('fit with a model that is not one is an OptionError naming the field', () => {
    const data = makeDataset('xor', { n: 20 });
    expect(() => fitSync(null as never, data, { loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1 })).toThrow(OptionError);
    expect(() => fitSync(null as never, data, { loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1 })).toThrow(/^fit: model must be a Module or a model spec \{ layers: \[\.\.\.\] \}, got null$/);
  });
});
