import { describe, expect, it } from 'vitest';
import { DescentError, Tensor, cast } from '@descent/core-tensor';
import { constant } from '@descent/autodiff';
import { buildModel } from '@descent/layers';
import { fit, fitSync, type BatchEvent, type EpochEvent } from './index.js';
import { line, mlp, xorSplit } from '../test/helpers.js';

describe('fit', () => {
  it('drives the loss down and learns XOR', async () => {
    const data = xorSplit();
    const record = await fit(mlp(8), data, { loss: 'bceWithLogits', optimizer: { name: 'adam', options: { lr: 0.05 } }, epochs: 60, batch: { mode: 'minibatch', batchSize: 16 }, seed: 1 });
    expect(record.status).toBe('completed');
    expect(record.epochs).toHaveLength(60);
    const first = record.epochs[0].trainLoss!;
    const last = record.final.trainLoss!;
    expect(last).toBeLessThan(first / 3);
    expect(record.final.trainAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(record.final.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(record.final.testLoss).not.toBeNull();
  });

  it("batch modes: 'full' is one batch of every sample, 'sgd' one sample, 'minibatch' keeps the partial last batch", () => {
    const data = line(10);
    const base = { loss: 'mse' as const, optimizer: { name: 'sgd' as const, options: { lr: 0.01 } }, epochs: 2, shuffle: false };
    const sizes = (batch: any) => {
      const got: number[] = [];
      fitSync(mlp(3), data, { ...base, batch, onBatch: (e) => got.push(e.size) });
      return got;
    };
    expect(sizes({ mode: 'full' })).toEqual([10, 10]);
    expect(sizes({ mode: 'sgd' })).toEqual(new Array(20).fill(1));
    expect(sizes({ mode: 'minibatch', batchSize: 4 })).toEqual([4, 4, 2, 4, 4, 2]);
    const r = fitSync(mlp(3), data, { ...base, batch: { mode: 'minibatch', batchSize: 4 } });
    expect(r.batches.batch).toEqual([1, 2, 3, 1, 2, 3]);
    expect(r.batches.epoch).toEqual([1, 1, 1, 2, 2, 2]);
    expect(r.config.batch).toEqual({ mode: 'minibatch', batchSize: 4 });
  });

  it('epoch loss is the unweighted mean of the batch losses, each computed before its step', () => {
    const data = line(10);
    const batches: BatchEvent[] = [];
    const epochs: EpochEvent[] = [];
    const r = fitSync(mlp(3), data, {
      loss: 'mse',
      optimizer: { name: 'sgd', options: { lr: 0.1 } },
      epochs: 3,
      batch: { mode: 'minibatch', batchSize: 4 },
      shuffle: false,
      dtype: 'float64',
      onBatch: (e) => batches.push(e),
      onEpoch: (e) => epochs.push(e),
    });
    for (let e = 0; e < 3; e++) {
      const ls = batches.slice(3 * e, 3 * e + 3).map((b) => b.loss);
      expect(epochs[e].trainLoss).toBe((ls[0] + ls[1] + ls[2]) / 3);
      expect(r.epochs[e].trainLoss).toBe(epochs[e].trainLoss);
    }
    // Loss before the first step = loss of the untouched model on the first batch.
    const fresh = buildModel({ input: 1, ...mlp(3) }, { seed: 0, dtype: 'float64' });
    const x = new Tensor(Float64Array.from([0, 0.1, 0.2, 0.3]), [4, 1]);
    const out = fresh.forward(constant(x));
    let s = 0;
    for (let i = 0; i < 4; i++) s += (out.value.data[i] - (2 * x.data[i] + 1)) ** 2;
    expect(batches[0].loss).toBeCloseTo(s / 4, 14);
  });

  it('shuffles with the seed: different epochs see different orders, shuffle:false keeps index order', () => {
    const data = line(12);
    const firstLoss = (o: object) => fitSync(mlp(3), data, { loss: 'mse', optimizer: { name: 'sgd', options: { lr: 0 } }, epochs: 2, batch: { mode: 'sgd' }, ...o }).batches.loss;
    const inOrder = firstLoss({ shuffle: false, seed: 5 });
    expect(inOrder.slice(0, 12)).toEqual(inOrder.slice(12)); // lr 0: the same order gives the same losses
    const shuffled = firstLoss({ shuffle: true, seed: 5 });
    expect(shuffled.slice(0, 12)).not.toEqual(shuffled.slice(12));
    expect([...shuffled.slice(0, 12)].sort()).toEqual([...inOrder.slice(0, 12)].sort());
  });

  it('reports the lr per batch and steps a per-batch scheduler after each optimizer step', () => {
    const r = fitSync(mlp(3), line(8), {
      loss: 'mse',
      optimizer: { name: 'sgd', options: { lr: 0.1 } },
      scheduler: { name: 'exponential', options: { gamma: 0.5 }, stepEvery: 'batch' },
      epochs: 2,
      batch: { mode: 'minibatch', batchSize: 4 },
    });
    expect(r.batches.lr).toEqual([0.1, 0.05, 0.025, 0.0125]);
    const e = fitSync(mlp(3), line(8), {
      loss: 'mse',
      optimizer: { name: 'sgd', options: { lr: 0.1 } },
      scheduler: { name: 'step', options: { stepSize: 1, gamma: 0.5 } },
      epochs: 2,
      batch: { mode: 'minibatch', batchSize: 4 },
    });
    expect(e.batches.lr).toEqual([0.1, 0.1, 0.05, 0.05]);
  });

  it('plateau watches the chosen metric with the right mode (test accuracy: max)', () => {
    const data = xorSplit();
    const r = fitSync(mlp(4), data, {
      loss: 'bceWithLogits',
      optimizer: { name: 'sgd', options: { lr: 0.001 } },
      scheduler: { name: 'plateau', options: { patience: 0, factor: 0.5 }, metric: 'testAccuracy' },
      epochs: 6,
    });
    expect(r.config.scheduler).toMatchObject({ metric: 'testAccuracy', options: { mode: 'max' } });
    // With a tiny lr the accuracy barely moves, so the lr must have been cut at least once.
    expect(r.epochs[r.epochs.length - 1].lr).toBeLessThan(0.001);
  });

  it('gives per-layer gradient norms (weight and bias) for every dense layer', () => {
    const batches: BatchEvent[] = [];
    const r = fitSync({ layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'sigmoid' }, { type: 'dense', units: 4 }, { type: 'activation', fn: 'sigmoid' }, { type: 'dense', units: 1 }] }, xorSplit(), {
      loss: 'bceWithLogits',
      optimizer: { name: 'sgd', options: { lr: 0.1 } },
      epochs: 1,
      batch: { mode: 'full' },
      onBatch: (e) => batches.push(e),
    });
    const g = batches[0].gradNorms;
    expect(g.map((n) => n.layer)).toEqual([0, 2, 4]);
    expect(g.every((n) => n.weight! > 0 && n.bias! > 0)).toBe(true);
    // Sigmoid stacks shrink gradients towards the input (the vanishing-gradient view).
    expect(g[0].weight!).toBeLessThan(g[2].weight!);
    expect(r.epochs[0].gradNorms).toEqual(g); // one batch: the epoch mean is that batch
  });

  it('early stopping stops after `patience` epochs without improvement and can restore the best weights', () => {
    const data = xorSplit();
    const r = fitSync(mlp(8), data, {
      loss: 'bceWithLogits',
      optimizer: { name: 'sgd', options: { lr: 5 } }, // too large: the test loss jumps around
      earlyStopping: { metric: 'testLoss', patience: 2, restoreBest: true },
      epochs: 200,
      seed: 2,
    });
    expect(r.status).toBe('early-stopped');
    const best = r.earlyStopping!.bestEpoch;
    expect(r.final.epochs).toBe(best + 2);
    expect(r.earlyStopping!.restoredBest).toBe(true);
    expect(r.final.testLoss).toBe(r.epochs[best - 1].testLoss);
    const losses = r.epochs.map((e) => e.testLoss!);
    expect(Math.min(...losses)).toBe(r.earlyStopping!.bestValue);
  });

  it('trains float64 when asked and rejects a module of the other dtype', () => {
    const r = fitSync(mlp(3), line(6), { loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1, dtype: 'float64' });
    expect(r.config.dtype).toBe('float64');
    const m32 = buildModel({ input: 1, ...mlp(3) });
    expect(() => fitSync(m32, line(6), { loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1, dtype: 'float64' })).toThrow(/dtype is 'float64' but the model's parameters are 'float32'/);
  });

  it('takes a data set whose x is float32 as it is: the same run as its float64 original', () => {
    const d = line(12);
    const d32 = { ...d, x: cast(d.x, 'float32'), y: cast(d.y, 'float32') };
    const o = { loss: 'mse', optimizer: { name: 'adam' }, epochs: 3, batch: { mode: 'minibatch', batchSize: 4 }, seed: 2 } as const;
    const a = fitSync(mlp(3), d32, o), b = fitSync(mlp(3), d, o);
    expect(a.status).toBe('completed');
    expect(a.batches.loss).toEqual(b.batches.loss);
  });

  it('rejects bad configurations with an OptionError at the field, before training starts', () => {
    const d = line(6);
    const o = { loss: 'mse' as const, optimizer: { name: 'sgd' as const }, epochs: 1 };
    const fails = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DescentError);
        const x = e as DescentError;
        return { path: x.path.join('.'), message: x.message };
      }
      throw new Error('expected an error');
    };
    expect(fails(() => fitSync(mlp(3), d, { ...o, epochs: 0 }))).toEqual({ path: 'epochs', message: 'fit: epochs must be a positive integer, got 0' });
    expect(fails(() => fitSync(mlp(3), d, { ...o, epoch: 3 } as never)).message).toMatch(/fit: epoch is not a training option; valid options: loss, optimizer, scheduler, epochs/);
    expect(fails(() => fitSync(mlp(3), d, { ...o, optimizer: { name: 'lion' as never } }))).toMatchObject({ path: 'optimizer.name', message: expect.stringMatching(/must be one of sgd/) });
    expect(fails(() => fitSync(mlp(3), d, { ...o, optimizer: { name: 'sgd', options: { lr: -1 } } }))).toEqual({ path: 'optimizer.options.lr', message: 'sgd: lr must be at least 0, got -1' });
    expect(fails(() => fitSync(mlp(3), d, { ...o, optimizer: { name: 'adam', options: { learningRate: 0.1 } as never } })).path).toBe('optimizer.options.learningRate');
    expect(fails(() => fitSync(mlp(3), d, { ...o, loss: 'hinge' as never }))).toMatchObject({ path: 'loss', message: expect.stringMatching(/fit: loss must be one of mse/) });
    expect(fails(() => fitSync(mlp(3), d, { ...o, loss: { name: 'huber', options: { delta: -1 } } }))).toEqual({ path: 'loss.options.delta', message: 'huber: delta must be above 0, got -1' });
    expect(fails(() => fitSync(mlp(3, 2), d, o)).message).toMatch(/outputs 2 values per sample but dataset 'line' has 1 target column/);
    expect(fails(() => fitSync({ input: 3, ...mlp(3) }, d, o)).message).toMatch(/expects 3 input features but dataset 'line' has 1/);
    expect(fails(() => fitSync(mlp(3), d, { ...o, loss: 'crossEntropy' })).message).toMatch(/needs class labels/);
    expect(fails(() => fitSync(mlp(3), d, { ...o, earlyStopping: { metric: 'testLoss', patience: 1 } }))).toMatchObject({ path: 'earlyStopping.metric', message: expect.stringMatching(/there is no test set/) });
    expect(fails(() => fitSync(mlp(3), d, { ...o, batch: { mode: 'minibatch', batchSize: 0 } }))).toMatchObject({ path: 'batch.batchSize' });
    expect(fails(() => fitSync({ layers: [{ type: 'conv' }] } as never, d, o))).toMatchObject({ path: 'layers.0.type' });
    // One-cycle too short for the run: refused up front (PyTorch would fail mid-run).
    expect(fails(() => fitSync(mlp(3), d, { ...o, epochs: 10, scheduler: { name: 'onecycle', options: { maxLr: 0.1, totalSteps: 5 } } }))).toEqual({
      path: 'scheduler.options.totalSteps',
      message: 'onecycle: totalSteps must be at least 10, the scheduler steps of this run (10 epochs), got 5',
    });
    // PyTorch 1.13's CyclicLR refuses to cycle momentum on optimizers without a momentum option (Adam).
    expect(fails(() => fitSync(mlp(3), d, { ...o, optimizer: { name: 'adam' }, scheduler: { name: 'cyclic', options: { baseLr: 0.001, maxLr: 0.01 } } }))).toMatchObject({
      path: 'scheduler.options.cycleMomentum',
      message: expect.stringMatching(/must be false: adam has no momentum option/),
    });
    expect(() => fitSync(mlp(3), d, { ...o, optimizer: { name: 'adam' }, scheduler: { name: 'cyclic', options: { baseLr: 0.001, maxLr: 0.01, cycleMomentum: false } } })).not.toThrow();
    expect(() => fitSync(mlp(3), d, { ...o, epochs: 2, optimizer: { name: 'adam' }, scheduler: { name: 'onecycle', options: { maxLr: 0.01, totalSteps: 2 } } })).not.toThrow(); // one-cycle cycles beta1
  });
});
