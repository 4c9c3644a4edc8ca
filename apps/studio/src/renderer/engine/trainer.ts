import { Rng } from '@descent/core-tensor';
import type { RunConfig, Task } from '@shared/model-spec.js';
import type { Dataset, Split } from './datasets.js';
import { lossAndGrad } from './losses.js';
import { Mlp } from './mlp.js';
import { createOptimizer, type FlatOptimizer } from './optimizers.js';
import { createSchedule, type Schedule } from './schedulers.js';

// Adapter for @descent/train's fit(): the same loop (shuffle, batches, optimizer step, LR schedule per batch or
// epoch, divergence detection) but driven one batch at a time so the worker can pause, single-step and stop.

export interface BatchResult {
  epoch: number; // 1-based epoch this batch belongs to
  batch: number; // 1-based batch within the epoch
  loss: number;
  lr: number;
}

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  testLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
  lr: number;
  gradNorms: number[];
}

export interface StepOutcome {
  batch: BatchResult;
  epochDone: EpochMetrics | null;
  diverged: { epoch: number; batch: number; loss: number } | null;
  finished: boolean;
}

const DIVERGENCE_LIMIT = 1e12;

export function batchSizeFor(cfg: RunConfig['training'], nTrain: number): number {
  if (cfg.batch.mode === 'full') return nTrain;
  if (cfg.batch.mode === 'sgd') return 1;
  return Math.max(1, Math.min(cfg.batch.size, nTrain));
}

export class Trainer {
  readonly model: Mlp;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  readonly epochs: number;
  readonly task: Task;
  private readonly opt: FlatOptimizer;
  private readonly schedule: Schedule;
  private readonly rng: Rng;
  private order: Int32Array;
  private epoch = 0; // completed epochs
  private batchIdx = 0; // batches done in the current epoch
  private batchLosses: number[] = [];
  private lastGradNorms: number[] = [];
  private done = false;

  constructor(
    private readonly config: RunConfig,
    private readonly data: Split,
  ) {
    const t = config.training;
    this.task = data.train.task;
    this.model = new Mlp(config.model, data.train.inputDim, t.seed);
    if (this.model.outputDim !== data.train.outputDim)
      throw new Error(`Model output size ${this.model.outputDim} does not match the data's ${data.train.outputDim}`);
    this.batchSize = batchSizeFor(t, data.train.n);
    this.batchesPerEpoch = Math.ceil(data.train.n / this.batchSize);
    this.epochs = t.epochs;
    this.opt = createOptimizer(t.optimizer.name, t.optimizer.options, this.model.paramCount);
    this.schedule = createSchedule(t.schedule.name, t.schedule.options, this.opt.lr);
    this.opt.lr = this.schedule.lr;
    this.rng = new Rng(t.seed + 1);
    this.order = this.rng.permutation(data.train.n);
  }

  get completedEpochs(): number {
    return this.epoch;
  }
  get isFinished(): boolean {
    return this.done;
  }
  get currentLr(): number {
    return this.opt.lr;
  }

  /** One optimizer step on the next batch. */
  step(): StepOutcome {
    if (this.done) throw new Error('Training has finished');
    const { train } = this.data;
    const B = Math.min(this.batchSize, train.n - this.batchIdx * this.batchSize);
    const start = this.batchIdx * this.batchSize;
    const x = new Float64Array(B * train.inputDim);
    const y = new Float64Array(B);
    for (let r = 0; r < B; r++) {
      const s = this.order[start + r];
      for (let j = 0; j < train.inputDim; j++) x[r * train.inputDim + j] = train.x[s * train.inputDim + j];
      y[r] = train.y[s];
    }
    const lr = this.opt.lr;
    const out = this.model.forward(x, B, true, this.rng);
    const dOut = new Float64Array(out.length);
    const loss = lossAndGrad(this.config.training.loss, out, y, B, this.model.outputDim, dOut);
    const batch: BatchResult = { epoch: this.epoch + 1, batch: this.batchIdx + 1, loss, lr };
    if (!Number.isFinite(loss) || Math.abs(loss) > DIVERGENCE_LIMIT) {
      this.done = true;
      return { batch, epochDone: null, diverged: { epoch: batch.epoch, batch: batch.batch, loss }, finished: true };
    }
    this.model.backward(dOut);
    this.lastGradNorms = this.model.gradNorms();
    this.opt.step(this.model.params, this.model.grads);
    if (!this.model.params.every(Number.isFinite)) {
      this.done = true;
      return { batch, epochDone: null, diverged: { epoch: batch.epoch, batch: batch.batch, loss: NaN }, finished: true };
    }
    this.batchLosses.push(loss);
    this.batchIdx++;
    const stepEvery = this.config.training.schedule.stepEvery;
    if (stepEvery === 'batch' && this.config.training.schedule.name !== 'plateau') this.schedule.step();
    let epochDone: EpochMetrics | null = null;
    if (this.batchIdx === this.batchesPerEpoch) {
      const trainLoss = this.batchLosses.reduce((a, b) => a + b, 0) / this.batchLosses.length;
      this.epoch++;
      this.batchIdx = 0;
      this.batchLosses = [];
      this.order = this.rng.permutation(train.n);
      const test = this.data.test.n > 0 ? this.evaluate(this.data.test) : null;
      epochDone = {
        epoch: this.epoch,
        trainLoss,
        testLoss: test ? test.loss : null,
        trainAcc: this.task === 'regression' ? null : this.evaluate(train).acc,
        testAcc: test ? test.acc : null,
        lr,
        gradNorms: this.lastGradNorms,
      };
      if (stepEvery === 'epoch' || this.config.training.schedule.name === 'plateau') this.schedule.step(trainLoss);
      if (this.epoch >= this.epochs) this.done = true;
    }
    this.opt.lr = this.schedule.lr;
    return { batch, epochDone, diverged: null, finished: this.done };
  }

  /** Loss and accuracy (classification) of the model in eval mode. */
  evaluate(d: Dataset): { loss: number; acc: number | null } {
    const out = this.model.predict(d.x, d.n);
    const K = this.model.outputDim;
    const loss = lossAndGrad(this.config.training.loss, out, d.y, d.n, K, new Float64Array(out.length));
    if (this.task === 'regression') return { loss, acc: null };
    let correct = 0;
    const threshold = this.config.training.loss === 'bceWithLogits' ? 0 : 0.5;
    for (let r = 0; r < d.n; r++) {
      let pred: number;
      if (K === 1) pred = out[r] > threshold ? 1 : 0;
      else {
        pred = 0;
        for (let k = 1; k < K; k++) if (out[r * K + k] > out[r * K + pred]) pred = k;
      }
      if (pred === d.y[r]) correct++;
    }
    return { loss, acc: correct / d.n };
  }
}
