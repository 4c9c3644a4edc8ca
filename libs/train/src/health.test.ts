import { describe, expect, it } from 'vitest';
import { assessHealth, fitSync } from './index.js';
import { mlp, xorSplit } from '../test/helpers.js';

describe('assessHealth (the rule)', () => {
  it('flags a finite blow-up with the numbers in words', () => {
    const h = assessHealth({ firstBatchLoss: 0.69, epochLosses: [5, 1.1e9, 1.06e9], diverged: null });
    expect(h).toEqual({ verdict: 'blew-up', reason: 'loss rose from 0.69 to 1.1e9 by epoch 2: the learning rate is probably too high', epoch: 2 });
  });
  it('a spike the run recovers from is not a blow-up', () => {
    expect(assessHealth({ firstBatchLoss: 0.69, epochLosses: [500, 0.3, 0.1], diverged: null }).verdict).toBe('ok');
  });
  it('flags a run whose loss never got below where it started', () => {
    const h = assessHealth({ firstBatchLoss: 0.693, epochLosses: [0.693, 0.6931, 0.6932], diverged: null });
    expect(h.verdict).toBe('no-progress');
    expect(h.reason).toMatch(/the loss did not improve \(0\.69 at the start, 0\.69 after 3 epochs\)/);
  });
  it('a spike to 10× that the run never recovers from is a blow-up', () => {
    const h = assessHealth({ firstBatchLoss: 0.716, epochLosses: [0.6, 0.5, 25.2, 3, 0.698], diverged: null });
    expect(h).toEqual({ verdict: 'blew-up', reason: 'loss spiked from 0.72 to 25 in epoch 3 and ended at 0.7: the learning rate (or the schedule\'s peak) is probably too high', epoch: 3 });
    // Recovering from the spike (ending well below the start) is fine.
    expect(assessHealth({ firstBatchLoss: 0.716, epochLosses: [0.6, 25.2, 0.3], diverged: null }).verdict).toBe('ok');
  });
  it('learned, then lost it: the loss fell and came back to where it started', () => {
    const h = assessHealth({ firstBatchLoss: 0.71, epochLosses: [0.5, 0.163, 0.2, 0.65, 0.693], diverged: null });
    expect(h).toEqual({ verdict: 'blew-up', reason: 'loss fell from 0.71 to 0.16 by epoch 2, then rose back to 0.69: the model learned, then lost it; the learning rate (or the schedule\'s peak) is probably too high', epoch: 4 });
    // Giving back a little of the gain (overfitting noise, a restart) is not a collapse.
    expect(assessHealth({ firstBatchLoss: 0.71, epochLosses: [0.5, 0.163, 0.25], diverged: null }).verdict).toBe('ok');
  });
  it('diverged and unknown', () => {
    expect(assessHealth({ firstBatchLoss: 1, epochLosses: [1], diverged: { epoch: 2, loss: null } }).verdict).toBe('diverged');
    expect(assessHealth({ firstBatchLoss: null, epochLosses: [], diverged: null }).verdict).toBe('unknown');
  });
});

describe('health in the record of real runs', () => {
  const data = xorSplit();
  it('a run that learns is ok', () => {
    const r = fitSync(mlp(8), data, { loss: 'bceWithLogits', optimizer: { name: 'adam', options: { lr: 0.05 } }, epochs: 40, batch: { mode: 'minibatch', batchSize: 16 }, seed: 1 });
    expect(r.status).toBe('completed');
    expect(r.health!.verdict).toBe('ok');
  });
  it('SGD with a huge learning rate completes with a finite loss but is flagged as blown up', () => {
    const r = fitSync(mlp(8, 1, 'relu'), data, { loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 1e6 } }, epochs: 20, batch: { mode: 'full' }, seed: 1 });
    expect(r.status).toBe('completed');
    expect(r.health!.verdict).toBe('blew-up');
    expect(r.health!.reason).toMatch(/learning rate is probably too high/);
  });
  it('a learning rate of 0 makes no progress', () => {
    const r = fitSync(mlp(8), data, { loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 0 } }, epochs: 5, batch: { mode: 'full' }, seed: 1 });
    expect(r.health!.verdict).toBe('no-progress');
  });
});
