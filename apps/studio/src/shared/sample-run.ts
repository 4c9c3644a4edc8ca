import { RUN_FORMAT, RUN_VERSION, type RunRecord } from './run-record.js';

/** A small valid run record, for tests and fixtures. */
export function sampleRun(id: string, createdAt = '2026-01-01T00:00:00.000Z', optimizer = 'adam'): RunRecord {
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    id,
    name: `Run ${id}`,
    createdAt,
    finishedAt: createdAt,
    status: 'completed',
    task: 'binary',
    inputDim: 2,
    outputDim: 1,
    paramCount: 33,
    config: {
      model: [
        { id: 'a', kind: 'dense', units: 8, activation: 'tanh' },
        { id: 'b', kind: 'dense', units: 1, activation: 'identity' },
      ],
      data: { source: 'preset', preset: 'circles', samples: 100, noise: 0.1, testFraction: 0.2, seed: 1 },
      training: {
        loss: 'bceWithLogits',
        optimizer: { name: optimizer, options: optimizer === 'adam' ? { lr: 0.01, betas: [0.9, 0.999] } : { lr: 0.1, momentum: 0 } },
        batch: { mode: 'mini', size: 16 },
        epochs: 2,
        seed: 1,
        schedule: { name: 'none', options: {}, stepEvery: 'epoch' },
      },
    },
    metrics: { epoch: [1, 2], trainLoss: [0.5, 0.25], testLoss: [0.6, 0.3], trainAcc: [0.7, 0.9], testAcc: [0.65, 0.85], lr: [0.01, 0.01], gradNorms: [[1, 0.5], [0.8, 0.4]] },
    diverged: null,
    error: null,
  };
}
