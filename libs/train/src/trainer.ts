import { Tensor, cast, gatherRows, type DType } from '@descent/core-tensor';
import { constant, noGrad, type Var } from '@descent/autodiff';
import type { Module } from '@descent/layers';
import { createLoss, type LossFn } from '@descent/losses';
import { createOptimizer, type Optimizer } from '@descent/optimizers';
import { createScheduler, type LrScheduler } from '@descent/schedulers';
import { batches, type Dataset } from '@descent/data';
import type { BatchEvent, EpochEvent, TrainingEvent } from './events.js';
import { GradNormMean, accuracy, denseLayers, gradNorms, type Decoder, type DenseRef } from './metrics.js';
import { prepareModel, type ModelInput } from './model.js';
import { resolveOptions, type FitOptions, type ResolvedOptions } from './options.js';
import {
  RUN_RECORD_FORMAT,
  RUN_RECORD_SCHEMA_VERSION,
  finiteOrNull,
  type EpochMetrics,
  type FinalStatus,
  type LayerGradNorm,
  type MetricName,
  type RunConfig,
  type RunRecord,
} from './record.js';
import { LIBRARY_VERSIONS } from './versions.js';
import { monotonicNow } from './yield.js';

/** Training data: one dataset, or a train set with an optional test set (evaluated after every epoch). */
export type DataInput = Dataset | { train: Dataset; test?: Dataset | null };

/** A dataset cast to the run's dtype, with its class labels. */
interface Prepared {
  ds: Dataset;
  x: Tensor;
  y: Tensor;
  n: number;
}

function isDataset(d: unknown): d is Dataset {
  return !!d && typeof d === 'object' && (d as Dataset).x instanceof Tensor && (d as Dataset).y instanceof Tensor;
}

function gatherLabels(labels: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = labels[idx[i]];
  return out;
}

/**
 * The training loop, one batch per `step()` call, synchronous. `fit`/`startTraining` drive it asynchronously
 * (pause, resume, stop, single steps); `fitSync` runs it to the end. Semantics (fixtures README section 6):
 * each batch's loss is computed before its optimizer step, the epoch loss is the unweighted mean of the epoch's
 * batch losses, a per-batch scheduler steps right after each optimizer step and a per-epoch one after the
 * epoch (plateau with the chosen metric), and the lr recorded for a batch is the one its step used.
 */
export class Trainer {
  readonly model: Module;
  readonly options: ResolvedOptions;
  readonly optimizer: Optimizer;
  readonly scheduler: LrScheduler | null;
  readonly loss: LossFn;
  readonly dtype: DType;
  readonly batchesPerEpoch: number;
  readonly batchSize: number;

  private readonly train: Prepared;
  private readonly test: Prepared | null;
  private readonly dense: DenseRef[];
  private readonly params: Var[];
  private readonly decoder: Decoder;
  private readonly classTargets: boolean;
  private readonly config: RunConfig;
  private readonly name: string;
  private readonly keepBatches: boolean;
  private readonly keepBatchNorms: boolean;
  private readonly keepParameters: boolean;
  private readonly listeners: ((e: TrainingEvent) => void)[] = [];

  private _status: 'running' | FinalStatus = 'running';
  private epochsDone = 0;
  private batchInEpoch = 0;
  private steps = 0;
  private epochOrder: Int32Array[] = [];
  private epochLosses: number[] = [];
  private epochStart = 0;
  private readonly normMean = new GradNormMean();
  private activeMs = 0;
  private readonly startedAt = new Date().toISOString();
  private finishedAt: string | null = null;

  private readonly epochs: EpochMetrics[] = [];
  private readonly batchEpoch: number[] = [];
  private readonly batchIndex: number[] = [];
  private readonly batchLoss: (number | null)[] = [];
  private readonly batchLr: number[] = [];
  private readonly batchNorms: LayerGradNorm[][] = [];
  private divergence: RunRecord['divergence'] = null;
  private best: { epoch: number; value: number; snapshot: Float32Array[] | Float64Array[] | null; wait: number } | null = null;
  private restoredBest = false;

  constructor(model: ModelInput, data: DataInput, options: FitOptions) {
    const o = resolveOptions(options);
    this.options = o;
    const trainDs = isDataset(data) ? data : data?.train;
    const testDs = isDataset(data) ? null : (data?.test ?? null);
    if (!isDataset(trainDs)) throw new Error('fit: data must be a Dataset or { train: Dataset, test?: Dataset }');
    if (testDs !== null && !isDataset(testDs)) throw new Error('fit: data.test must be a Dataset (or null)');

    const prepared = prepareModel(model, o.seed, o.dtype, trainDs.x.shape[1]);
    this.model = prepared.model;
    this.dtype = prepared.dtype;
    this.params = this.model.parameters();
    if (this.params.length === 0) throw new Error('fit: the model has no trainable parameters');
    this.dense = denseLayers(this.model);
    this.train = this.prepare(trainDs, 'train');
    this.test = testDs ? this.prepare(testDs, 'test') : null;
    if (this.train.n === 0) throw new Error(`fit: the training set '${trainDs.name}' has no rows`);

    try {
      this.loss = createLoss(o.loss.name, o.loss.options as never);
    } catch (e) {
      throw new Error(`fit: loss: ${(e as Error).message}`);
    }
    this.classTargets = this.loss.info.target === 'classes';
    this.decoder = { threshold: this.loss.info.expects === 'logits' ? 0 : 0.5 };
    this.checkShapes(trainDs);
    for (const m of [o.scheduler?.metric, o.earlyStopping?.metric]) this.checkMetric(m ?? null);

    try {
      this.optimizer = createOptimizer(o.optimizer.name, o.optimizer.options as never, { clipNorm: o.optimizer.clipNorm, clipValue: o.optimizer.clipValue });
    } catch (e) {
      throw new Error(`fit: optimizer: ${(e as Error).message}`);
    }
    try {
      // Constructed after the optimizer, as in PyTorch: cyclic/onecycle overwrite its lr (and momentum) here.
      this.scheduler = o.scheduler ? createScheduler(this.optimizer, o.scheduler.name, o.scheduler.options as never) : null;
    } catch (e) {
      throw new Error(`fit: scheduler: ${(e as Error).message}`);
    }

    this.batchSize = o.batch.mode === 'full' ? this.train.n : o.batch.mode === 'sgd' ? 1 : o.batch.batchSize;
    this.batchesPerEpoch = Math.ceil(this.train.n / this.batchSize);
    this.name = options.name ?? trainDs.name;
    this.keepBatches = options.recordBatches !== false;
    this.keepBatchNorms = this.keepBatches && options.recordBatchGradNorms === true;
    this.keepParameters = options.recordParameters !== false;
    if (options.onBatch) {
      const f = options.onBatch;
      this.listeners.push((e) => e.type === 'batch' && f(e));
    }
    if (options.onEpoch) {
      const f = options.onEpoch;
      this.listeners.push((e) => e.type === 'epoch' && f(e));
    }
    this.config = {
      model: { input: prepared.input, layers: prepared.layers as RunConfig['model']['layers'], parameterCount: prepared.parameterCount },
      data: {
        name: trainDs.name,
        task: trainDs.task,
        features: this.train.x.shape[1],
        outputs: trainDs.y.shape[1] ?? 1,
        trainSamples: this.train.n,
        testSamples: this.test?.n ?? 0,
        source: options.dataSource === undefined ? null : (JSON.parse(JSON.stringify(options.dataSource)) as never),
      },
      loss: { name: this.loss.info.name, options: { ...this.loss.options } as Record<string, unknown> },
      optimizer: { name: o.optimizer.name, options: JSON.parse(JSON.stringify({ ...this.optimizer.options, ...this.clipOptions() })) },
      scheduler: o.scheduler
        ? { name: o.scheduler.name, options: JSON.parse(JSON.stringify(o.scheduler.options)), stepEvery: o.scheduler.stepEvery, metric: o.scheduler.metric }
        : null,
      epochs: o.epochs,
      batch: { mode: o.batch.mode, batchSize: this.batchSize },
      shuffle: o.shuffle,
      dtype: this.dtype,
      earlyStopping: o.earlyStopping,
    };
  }

  private clipOptions(): Record<string, number> {
    const c: Record<string, number> = {};
    if (this.options.optimizer.clipNorm !== undefined) c.clipNorm = this.options.optimizer.clipNorm;
    if (this.options.optimizer.clipValue !== undefined) c.clipValue = this.options.optimizer.clipValue;
    return c;
  }

  private prepare(ds: Dataset, which: string): Prepared {
    if (ds.x.shape.length !== 2) throw new Error(`fit: ${which} x must be [rows, features], got shape [${ds.x.shape.join(', ')}]`);
    const n = ds.x.shape[0];
    if (ds.y.shape[0] !== n) throw new Error(`fit: ${which} set has ${n} rows of x but ${ds.y.shape[0]} rows of y`);
    const x = ds.x.dtype === this.dtype ? ds.x : cast(ds.x, this.dtype);
    const y = ds.y.dtype === this.dtype ? ds.y : cast(ds.y, this.dtype);
    return { ds, x, y, n };
  }

  /** Input width, output width and target kind must fit together; say which one does not. */
  private checkShapes(ds: Dataset): void {
    const features = this.train.x.shape[1];
    const first = this.dense[0];
    if (first && first.weight.shape[1] !== features) {
      throw new Error(`fit: the model's first dense layer expects ${first.weight.shape[1]} input features but dataset '${ds.name}' has ${features}`);
    }
    if (this.test && this.test.x.shape[1] !== features) {
      throw new Error(`fit: the test set has ${this.test.x.shape[1]} features but the training set has ${features}`);
    }
    const probe = noGrad(() => {
      const wasTraining = this.model.training;
      this.model.eval();
      try {
        return this.model.forward(constant(this.train.x.shape[0] > 0 ? gatherRows(this.train.x, [0]) : this.train.x));
      } finally {
        this.model.train(wasTraining);
      }
    });
    const outputs = probe.shape[1] ?? 1;
    const lossName = this.loss.info.name;
    if (this.classTargets) {
      if (!ds.labels || ds.numClasses === undefined) {
        throw new Error(`fit: loss ${lossName} needs class labels, but dataset '${ds.name}' is a ${ds.task} task without labels`);
      }
      if (outputs !== ds.numClasses) {
        throw new Error(`fit: loss ${lossName} needs one output per class: dataset '${ds.name}' has ${ds.numClasses} classes but the model outputs ${outputs} values`);
      }
    } else {
      const cols = ds.y.shape[1] ?? 1;
      if (outputs !== cols) {
        throw new Error(`fit: the model outputs ${outputs} values per sample but dataset '${ds.name}' has ${cols} target column(s) (loss ${lossName}, target encoding '${ds.targetEncoding}')`);
      }
    }
  }

  private checkMetric(m: MetricName | null): void {
    if (m === null) return;
    if ((m === 'testLoss' || m === 'testAccuracy') && !this.test) throw new Error(`fit: metric '${m}' needs a test set; pass data as { train, test }`);
    if (m.endsWith('Accuracy') && this.train.ds.task === 'regression') throw new Error(`fit: metric '${m}' needs a classification dataset, '${this.train.ds.name}' is regression`);
  }

  /** Listen to this trainer's batch and epoch events (synchronously, in order). */
  addListener(fn: (e: TrainingEvent) => void): void {
    this.listeners.push(fn);
  }

  get status(): 'running' | FinalStatus {
    return this._status;
  }

  get done(): boolean {
    return this._status !== 'running';
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.epochsDone;
  }

  /** Batches run so far (optimizer steps, plus a diverged batch). */
  get stepCount(): number {
    return this.steps;
  }

  /** Active training time so far, ms (pauses between steps do not count). */
  get wallMs(): number {
    return this.activeMs;
  }

  private emit(e: TrainingEvent): void {
    for (const f of this.listeners) f(e);
  }

  private targetsFor(p: Prepared, idx: Int32Array | null): Tensor | Int32Array {
    if (this.classTargets) return idx ? gatherLabels(p.ds.labels as Int32Array, idx) : (p.ds.labels as Int32Array);
    return idx ? gatherRows(p.y, idx) : p.y;
  }

  /** Run one batch (and the end of its epoch when it is the last one). Returns null once the run is over. */
  step(): BatchEvent | null {
    if (this.done) return null;
    const t0 = monotonicNow();
    const o = this.options;
    if (this.batchInEpoch === 0) {
      // Each epoch's order is reproducible from (seed, epoch) alone.
      this.epochOrder = [...batches(this.train.n, { mode: 'minibatch', batchSize: this.batchSize, shuffle: o.shuffle, seed: o.seed, epoch: this.epochsDone })];
      this.epochLosses = [];
      this.normMean.reset();
      this.epochStart = t0;
    }
    const idxAll = this.epochOrder[this.batchInEpoch];
    const whole = !o.shuffle && idxAll.length === this.train.n; // full batch in order: no copy
    const idx = whole ? null : idxAll;
    const xb = idx ? gatherRows(this.train.x, idx) : this.train.x;
    const target = this.targetsFor(this.train, idx);
    const epoch = this.epochsDone + 1;
    const batch = this.batchInEpoch + 1;
    const lr = this.optimizer.lr;
    const momentum = this.optimizer.momentum;

    this.model.train();
    this.model.zeroGrad();
    const out = this.model.forward(constant(xb));
    const lossVar = this.loss(out, target as never);
    const loss = lossVar.item();
    if (lossVar.requiresGrad) lossVar.backward();
    const norms = gradNorms(this.dense);
    const diverged = !Number.isFinite(loss);
    if (!diverged) {
      const grads = this.params.map((p) => p.grad ?? new Tensor(this.dtype === 'float32' ? new Float32Array(p.value.size) : new Float64Array(p.value.size), p.shape));
      this.optimizer.step(
        this.params.map((p) => p.value),
        grads,
      );
    }
    this.steps++;
    this.batchInEpoch++;
    const labels = this.train.ds.labels ? (idx ? gatherLabels(this.train.ds.labels, idx) : this.train.ds.labels) : undefined;
    const acc = accuracy(out.value, labels, this.train.ds.task, this.decoder);

    if (this.keepBatches) {
      this.batchEpoch.push(epoch);
      this.batchIndex.push(batch);
      this.batchLoss.push(finiteOrNull(loss));
      this.batchLr.push(lr);
      if (this.keepBatchNorms) this.batchNorms.push(norms);
    }
    this.normMean.add(norms);
    this.epochLosses.push(loss);
    if (!diverged && this.scheduler && o.scheduler?.stepEvery === 'batch') this.scheduler.step();

    this.activeMs += monotonicNow() - t0;
    const event: BatchEvent = {
      type: 'batch',
      epoch,
      batch,
      batchesPerEpoch: this.batchesPerEpoch,
      step: this.steps,
      size: xb.shape[0],
      loss,
      accuracy: acc,
      lr,
      ...(momentum === undefined ? {} : { momentum }),
      gradNorms: norms,
      wallMs: this.activeMs,
    };
    if (diverged) {
      this.divergence = { epoch, batch, step: this.steps, loss: finiteOrNull(loss) };
      this.finish('diverged');
      this.emit(event);
      return event;
    }
    this.emit(event);
    if (this.batchInEpoch === this.batchesPerEpoch) this.endEpoch(lr);
    return event;
  }

  /** Loss and accuracy of the current model on a prepared set (eval mode, no graph). */
  private evaluateOn(p: Prepared, withLoss: boolean): { loss: number | null; accuracy: number | null } {
    const classification = p.ds.task !== 'regression' && !!p.ds.labels;
    if (!withLoss && !classification) return { loss: null, accuracy: null };
    return noGrad(() => {
      this.model.eval();
      try {
        const out = this.model.forward(constant(p.x));
        const loss = withLoss ? this.loss(out, this.targetsFor(p, null) as never).item() : null;
        return { loss, accuracy: accuracy(out.value, p.ds.labels, p.ds.task, this.decoder) };
      } finally {
        this.model.train();
      }
    });
  }

  private endEpoch(lastLr: number): void {
    const t0 = monotonicNow();
    const o = this.options;
    const epoch = this.epochsDone + 1;
    let sum = 0;
    for (const l of this.epochLosses) sum += l; // in batch order, as the README specifies
    const trainLoss = sum / this.epochLosses.length;
    const trainEval = this.evaluateOn(this.train, false);
    const testEval = this.test ? this.evaluateOn(this.test, true) : { loss: null, accuracy: null };
    const values: Record<MetricName, number | null> = {
      trainLoss,
      testLoss: testEval.loss,
      trainAccuracy: trainEval.accuracy,
      testAccuracy: testEval.accuracy,
    };
    if (this.scheduler && o.scheduler?.stepEvery === 'epoch') {
      if (o.scheduler.metric) {
        const v = values[o.scheduler.metric];
        if (v !== null && Number.isFinite(v)) this.scheduler.step(v);
      } else this.scheduler.step();
    }
    const stopEarly = this.updateEarlyStopping(epoch, values);
    this.epochsDone++;
    this.batchInEpoch = 0;
    const norms = this.normMean.mean(this.dense);
    this.activeMs += monotonicNow() - t0;
    const epochMs = monotonicNow() - this.epochStart;
    this.epochs.push({
      epoch,
      trainLoss: finiteOrNull(trainLoss),
      testLoss: finiteOrNull(testEval.loss),
      trainAccuracy: trainEval.accuracy,
      testAccuracy: testEval.accuracy,
      lr: lastLr,
      gradNorms: norms,
      wallMs: epochMs,
    });
    const event: EpochEvent = {
      type: 'epoch',
      epoch,
      epochs: o.epochs,
      trainLoss,
      testLoss: testEval.loss,
      trainAccuracy: trainEval.accuracy,
      testAccuracy: testEval.accuracy,
      lr: lastLr,
      nextLr: this.optimizer.lr,
      gradNorms: norms,
      epochMs,
      wallMs: this.activeMs,
    };
    if (stopEarly) this.finish('early-stopped');
    else if (this.epochsDone >= o.epochs) this.finish('completed');
    this.emit(event);
  }

  /** Track the best epoch; true when patience has run out. */
  private updateEarlyStopping(epoch: number, values: Record<MetricName, number | null>): boolean {
    const es = this.options.earlyStopping;
    if (!es) return false;
    const v = values[es.metric];
    const better =
      v !== null &&
      Number.isFinite(v) &&
      (this.best === null || (es.mode === 'min' ? v < this.best.value - es.minDelta : v > this.best.value + es.minDelta));
    if (better) {
      const snapshot = es.restoreBest ? (this.params.map((p) => p.value.data.slice()) as Float64Array[]) : null;
      this.best = { epoch, value: v as number, snapshot, wait: 0 };
      return false;
    }
    if (this.best === null) this.best = { epoch: 0, value: es.mode === 'min' ? Infinity : -Infinity, snapshot: null, wait: 0 };
    this.best.wait++;
    return this.best.wait >= es.patience;
  }

  private finish(status: FinalStatus): void {
    if (this.done) return;
    this._status = status;
    this.finishedAt = new Date().toISOString();
    const es = this.options.earlyStopping;
    if (status === 'early-stopped' && es?.restoreBest && this.best?.snapshot) {
      this.best.snapshot.forEach((data, i) => this.params[i].value.data.set(data));
      this.restoredBest = true;
    }
  }

  /** End the run now with status 'stopped' (no effect once it has ended). */
  stop(): void {
    this.finish('stopped');
  }

  /** Run every remaining batch synchronously and return the final record. */
  runToEnd(): RunRecord {
    while (!this.done) this.step();
    return this.record();
  }

  /** The run record so far (status 'running' is reported as 'stopped' until the run ends). */
  record(): RunRecord {
    // After restoring the best epoch's parameters, the final metrics are that epoch's.
    const last = this.restoredBest && this.best ? this.epochs[this.best.epoch - 1] : this.epochs[this.epochs.length - 1];
    const es = this.options.earlyStopping;
    const record: RunRecord = {
      format: RUN_RECORD_FORMAT,
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      name: this.name,
      status: this._status === 'running' ? 'stopped' : this._status,
      seed: this.options.seed,
      config: this.config,
      libraries: { ...LIBRARY_VERSIONS },
      timings: { startedAt: this.startedAt, finishedAt: this.finishedAt ?? new Date().toISOString(), wallMs: this.activeMs },
      epochs: this.epochs.map((e) => ({ ...e, gradNorms: e.gradNorms.map((g) => ({ ...g })) })),
      batches: {
        epoch: [...this.batchEpoch],
        batch: [...this.batchIndex],
        loss: [...this.batchLoss],
        lr: [...this.batchLr],
        ...(this.keepBatchNorms ? { gradNorms: this.batchNorms.map((b) => b.map((g) => ({ ...g, weight: finiteOrNull(g.weight), bias: g.bias === null ? null : finiteOrNull(g.bias) }))) } : {}),
      },
      divergence: this.divergence,
      earlyStopping: es
        ? { bestEpoch: this.best && this.best.epoch > 0 ? this.best.epoch : 0, bestValue: this.best ? finiteOrNull(this.best.value) : null, restoredBest: this.restoredBest }
        : null,
      final: {
        epochs: this.epochsDone,
        steps: this.steps,
        trainLoss: last?.trainLoss ?? null,
        testLoss: last?.testLoss ?? null,
        trainAccuracy: last?.trainAccuracy ?? null,
        testAccuracy: last?.testAccuracy ?? null,
      },
    };
    if (this.keepParameters) record.parameters = this.parameters();
    return record;
  }

  /** Every dense layer's current weight [out][in] and bias [out], as plain numbers. */
  parameters(): NonNullable<RunRecord['parameters']> {
    return this.dense.map((d) => {
      const [out, inp] = d.weight.shape;
      const w = d.weight.value.data;
      const weight = Array.from({ length: out }, (_, r) => Array.from(w.subarray(r * inp, (r + 1) * inp), finiteOrNull));
      return { layer: d.layer, weight, bias: d.bias ? Array.from(d.bias.value.data, finiteOrNull) : null };
    });
  }
}
