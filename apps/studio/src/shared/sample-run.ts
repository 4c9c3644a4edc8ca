import { fitRunSync, type RunSpec } from '@descent/train';
import { storedRun, type StoredRun } from './studio-run.js';

/** A small spec the tests train for real (a couple of epochs of circles). */
export function sampleSpec(optimizer: 'adam' | 'sgd' = 'adam', epochs = 2): RunSpec {
  return {
    seed: 1,
    data: { preset: 'circles', options: { n: 60, noise: 0.1 }, testFraction: 0.2, seed: 1 },
    model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
    loss: 'bceWithLogits',
    optimizer: optimizer === 'adam' ? { name: 'adam', options: { lr: 0.01 } } : { name: 'sgd', options: { lr: 0.1 } },
    epochs,
    batch: { mode: 'minibatch', batchSize: 16 },
  };
}

/** A stored run holding a real record of the library (trained from sampleSpec). */
export function sampleRun(id: string, createdAt = '2026-01-01T00:00:00.000Z', optimizer: 'adam' | 'sgd' = 'adam'): StoredRun {
  const spec = sampleSpec(optimizer);
  return storedRun(id, `Run ${id}`, createdAt, fitRunSync({ ...spec, name: `Run ${id}` }));
}
