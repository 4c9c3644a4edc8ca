import type { RunSpec } from '@descent/train';

// The runs the PyTorch and TypeScript checks export: every optimizer family and its options, step / cyclic /
// one-cycle / plateau / sequential schedules, binary, multiclass and regression, full-batch, per-sample and
// mini-batch, dropout, clipping, early stopping, divergence, float64 and float32. Tiny models, few epochs:
// each trains in milliseconds, in Descent and in PyTorch.

export interface Case {
  name: string;
  spec: RunSpec;
  /** Export from the record (true) or from the spec (false). */
  fromRecord?: boolean;
  /** Force the data out of the script into a .npz file. */
  dataFile?: boolean;
  /** The status the Descent run must end with (the check covers that path). */
  status?: 'completed' | 'early-stopped' | 'diverged';
}

const xor = (n = 64): RunSpec['data'] => ({ preset: 'xor', options: { n, noise: 0.05 }, testFraction: 0.25 });
const blobs: RunSpec['data'] = { preset: 'blobs', options: { n: 72, k: 3 }, testFraction: 0.25 };
const sine: RunSpec['data'] = { preset: 'sine', options: { n: 48 }, testFraction: 0.25 };
const mlp = (fn: string, out = 1, options?: Record<string, number>, extra: RunSpec['model']['layers'] = []): RunSpec['model'] => ({
  layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: fn as never, ...(options ? { options } : {}) }, ...extra, { type: 'dense', units: out }],
});

const f64 = (name: string, spec: Omit<RunSpec, 'dtype' | 'name'>, more: Partial<Case> = {}): Case => ({ name, spec: { name, dtype: 'float64', seed: 7, ...spec }, ...more });
const f32 = (name: string, spec: Omit<RunSpec, 'dtype' | 'name'>, more: Partial<Case> = {}): Case => ({ name, spec: { name, dtype: 'float32', seed: 5, ...spec }, ...more });

export const CASES: Case[] = [
  // SGD: full batch (vanilla gradient descent), per sample, momentum, Nesterov, dampening, weight decay.
  f64('sgd-full-batch', { data: xor(), model: mlp('tanh'), loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 0.5 } }, batch: { mode: 'full' }, shuffle: false, epochs: 12 }),
  f64('sgd-per-sample', { data: sine, model: mlp('tanh'), loss: 'mse', optimizer: { name: 'sgd', options: { lr: 0.05 } }, batch: { mode: 'sgd' }, epochs: 3 }),
  f64('sgd-nesterov-step', {
    data: xor(),
    model: mlp('relu'),
    loss: 'bceWithLogits',
    optimizer: { name: 'sgd', options: { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.001 } },
    scheduler: { name: 'step', options: { stepSize: 3, gamma: 0.5 } },
    batch: { mode: 'minibatch', batchSize: 10 },
    epochs: 8,
  }, { fromRecord: true }),
  f64('sgd-dampening-cyclic', {
    data: xor(),
    model: mlp('tanh'),
    loss: 'bceWithLogits',
    optimizer: { name: 'sgd', options: { lr: 0.1, momentum: 0.5, dampening: 0.1 } },
    scheduler: { name: 'cyclic', options: { baseLr: 0.01, maxLr: 0.3, stepSizeUp: 5, stepSizeDown: 3, mode: 'triangular2' }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 8 },
    epochs: 6,
  }),
  f64('sgd-onecycle-three-phase', {
    data: blobs,
    model: mlp('tanh', 3),
    loss: 'crossEntropy',
    optimizer: { name: 'sgd', options: { lr: 0.1, momentum: 0.9 } },
    scheduler: { name: 'onecycle', options: { maxLr: 0.2, totalSteps: 40, threePhase: true, annealStrategy: 'linear' }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 14 },
    epochs: 10,
  }),
  f64('sgd-maximize-sequential', {
    data: sine,
    model: mlp('sigmoid'),
    loss: 'l1',
    optimizer: { name: 'sgd', options: { lr: 0.01, maximize: true } },
    scheduler: { name: 'sequential', options: { schedulers: [{ scheduler: 'linear', options: { startFactor: 0.25, totalIters: 3 } }, { scheduler: 'cosine', options: { tMax: 6 } }], milestones: [3] }, stepEvery: 'epoch' },
    batch: { mode: 'minibatch', batchSize: 12 },
    epochs: 8,
  }),
  // Adagrad, RMSprop.
  f64('adagrad-onecycle', {
    data: xor(),
    model: mlp('elu', 1, { alpha: 0.7 }),
    loss: 'bceWithLogits',
    optimizer: { name: 'adagrad', options: { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.001 } },
    scheduler: { name: 'onecycle', options: { maxLr: 0.3, totalSteps: 42, cycleMomentum: false }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 8 },
    epochs: 5,
  }, { fromRecord: true }),
  f64('rmsprop-centered-plateau', {
    data: blobs,
    model: mlp('relu', 3),
    loss: 'crossEntropy',
    optimizer: { name: 'rmsprop', options: { lr: 0.05, centered: true, momentum: 0.5, alpha: 0.9 } },
    scheduler: { name: 'plateau', options: { patience: 0, factor: 0.5, threshold: 0.05 } },
    batch: { mode: 'minibatch', batchSize: 18 },
    epochs: 10,
  }),
  f64('rmsprop-cyclic-exp-range', {
    data: sine,
    model: mlp('tanh'),
    loss: 'huber',
    optimizer: { name: 'rmsprop', options: { lr: 0.01, momentum: 0.3, eps: 1e-6 } },
    scheduler: { name: 'cyclic', options: { baseLr: 0.001, maxLr: 0.02, stepSizeUp: 4, mode: 'exp_range', gamma: 0.97 }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 9 },
    epochs: 6,
  }),
  // The Adam family.
  f64('adam-exponential', {
    data: xor(),
    model: mlp('leakyRelu', 1, { negativeSlope: 0.1 }),
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: { lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.01 } },
    scheduler: { name: 'exponential', options: { gamma: 0.9 } },
    batch: { mode: 'minibatch', batchSize: 16 },
    epochs: 8,
  }),
  f64('adamw-amsgrad-dropout', {
    data: sine,
    model: mlp('tanh', 1, undefined, [{ type: 'dropout', p: 0.2 }]),
    loss: 'mse',
    optimizer: { name: 'adamw', options: { lr: 0.01, amsgrad: true, weightDecay: 0.05 } },
    scheduler: { name: 'cosine', options: { tMax: 4, etaMin: 0.001 } },
    batch: { mode: 'minibatch', batchSize: 8 },
    epochs: 7,
  }, { fromRecord: true, dataFile: true }),
  f64('nadam-gelu-linear', {
    data: blobs,
    model: mlp('gelu', 3),
    loss: 'crossEntropy',
    optimizer: { name: 'nadam', options: { lr: 0.01, momentumDecay: 0.01 } },
    scheduler: { name: 'linear', options: { startFactor: 0.5, totalIters: 10 }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 12 },
    epochs: 6,
  }),
  f64('radam-per-sample-clip-norm', {
    data: sine,
    model: mlp('silu'),
    loss: 'smoothL1',
    optimizer: { name: 'radam', options: { lr: 0.01 }, clipNorm: 0.5 },
    batch: { mode: 'sgd' },
    epochs: 2,
  }),
  f64('adamax-clip-value-softplus', {
    data: xor(),
    model: mlp('softplus', 1, { beta: 2, threshold: 1.5 }),
    loss: 'bceWithLogits',
    optimizer: { name: 'adamax', options: { lr: 0.02 }, clipValue: 0.05 },
    scheduler: { name: 'multistep', options: { milestones: [2, 4, 4], gamma: 0.5 } },
    batch: { mode: 'minibatch', batchSize: 12 },
    epochs: 6,
  }),
  f64('adadelta-plateau-early-stop', {
    data: xor(48),
    model: mlp('tanh'),
    loss: 'bceWithLogits',
    optimizer: { name: 'adadelta', options: { lr: 0.5, rho: 0.8 } },
    scheduler: { name: 'plateau', options: { patience: 1, factor: 0.5 }, metric: 'testLoss' },
    earlyStopping: { metric: 'testAccuracy', patience: 2, restoreBest: true },
    batch: { mode: 'minibatch', batchSize: 12 },
    epochs: 30,
  }, { status: 'early-stopped' }),
  // Other losses and schedules, standardized CSV data, divergence.
  f64('sgd-nll-warm-restarts', {
    data: blobs,
    model: { layers: [{ type: 'dense', units: 6 }, { type: 'activation', fn: 'sigmoid' }, { type: 'dense', units: 3 }, { type: 'activation', fn: 'logSoftmax' }] },
    loss: 'nll',
    optimizer: { name: 'sgd', options: { lr: 0.3, momentum: 0.8 } },
    scheduler: { name: 'cosineWarmRestarts', options: { t0: 4, tMult: 2, etaMin: 0.01 }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 16 },
    epochs: 6,
  }),
  f64('adam-bce-sigmoid-polynomial', {
    data: { ...xor(), standardize: true },
    model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }, { type: 'activation', fn: 'sigmoid' }] },
    loss: 'bce',
    optimizer: { name: 'adam', options: { lr: 0.02 } },
    scheduler: { name: 'polynomial', options: { totalIters: 5, power: 2 } },
    batch: { mode: 'minibatch', batchSize: 10 },
    epochs: 6,
  }),
  f64('sgd-diverges', {
    data: { preset: 'linear', options: { n: 30 }, testFraction: 0 },
    model: { layers: [{ type: 'dense', units: 1 }] },
    loss: 'mse',
    optimizer: { name: 'sgd', options: { lr: 3 } },
    batch: { mode: 'full' },
    epochs: 400,
  }, { status: 'diverged' }),
  // float32.
  f32('adam-onecycle-beta1', {
    data: { preset: 'circles', options: { n: 80 }, testFraction: 0.25 },
    model: mlp('relu'),
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: { lr: 0.01 } },
    scheduler: { name: 'onecycle', options: { maxLr: 0.05, totalSteps: 60 }, stepEvery: 'batch' },
    batch: { mode: 'minibatch', batchSize: 10 },
    epochs: 10,
  }, { fromRecord: true }),
  f32('sgd-momentum-dropout', {
    data: blobs,
    model: mlp('tanh', 3, undefined, [{ type: 'dropout', p: 0.3 }]),
    loss: 'crossEntropy',
    optimizer: { name: 'sgd', options: { lr: 0.1, momentum: 0.9 } },
    scheduler: { name: 'constant', options: { factor: 0.5, totalIters: 3 } },
    batch: { mode: 'minibatch', batchSize: 12 },
    epochs: 8,
  }),
  f32('rmsprop-full-batch-mse', {
    data: sine,
    model: mlp('tanh'),
    loss: 'mse',
    optimizer: { name: 'rmsprop', options: { lr: 0.01 } },
    batch: { mode: 'full' },
    epochs: 15,
  }),
];
