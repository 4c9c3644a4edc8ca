import { Tensor, gatherRows, type DType } from '@descent/core-tensor';
import { add, constant, noGrad, type Var } from '@descent/autodiff';
import type { Module } from '@descent/layers';
import { createLoss, l1Regularization, l2Regularization, type LossFn } from '@descent/losses';
import { createOptimizer, isOptimizerName, momentumKindOf, type Optimizer } from '@descent/optimizers';
import { createScheduler, type LrScheduler } from '@descent/schedulers';
import { batchPlan, batches } from '@descent/data';
import { EarlyStopping } from './early-stopping.js';
import type { BatchEvent, EpochEvent, TrainingEvent } from './events.js';
import { LAYER_METRICS, type LayerMetricProbe } from './layer-metrics.js';
import { GradNormMean, accuracy, denseLayers, gradNorms, type Decoder, type DenseRef } from './metrics.js';
import { prepareModel, type ModelInput } from './model.js';
import { resolveOptions, type FitOptions, type ResolvedOptions } from './options.js';
import { checkFit, checkMetric, prepareSet, splitInput, type DataInput, type Prepared } from './prepare.js';
import { RecordBuilder, runConfig } from './record-builder.js';
import type { FinalStatus, MetricName, RunRecord } from './record.js';
import { monotonicNow } from './yield.js';

export type { DataInput };

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
  private readonly listeners: ((e: TrainingEvent) => void)[] = [];
  private readonly rec: RecordBuilder;
  private readonly probes: { name: string; probe: LayerMetricProbe }[];
  private readonly early: EarlyStopping | null;
  /** The weight penalty of the batch's loss (regularization), or null. */
  private readonly penalty: (() => Var) | null;

  private _status: 'running' | FinalStatus = 'running';
  private epochsDone = 0;
  private batchInEpoch = 0;
  private steps = 0;
  private epochOrder: Int32Array[] = [];
  private epochLosses: number[] = [];
  private epochStart = 0;
  private readonly normMean = new GradNormMean();
  private activeMs = 0;

  constructor(model: ModelInput, data: DataInput, options: FitOptions) {
    const { train: trainDs, test: testDs } = splitInput(data);
    const o = resolveOptions(options, { trainSize: trainDs.x.shape[0], hasTest: testDs !== null, task: trainDs.task, momentumKind: momentumKindFor(options) });
    this.options = o;
    const prepared = prepareModel(model, o.seed, o.dtype, trainDs.x.shape[1]);
    this.model = prepared.model;
    this.dtype = prepared.dtype;
    this.params = this.model.parameters();
    if (this.params.length === 0) throw new TypeError('fit: the model has no trainable parameters');
    this.dense = denseLayers(this.model);
    this.train = prepareSet(trainDs, 'train', this.dtype);
    this.test = testDs ? prepareSet(testDs, 'test', this.dtype) : null;
    if (this.train.n === 0) throw new RangeError(`fit: the training set '${trainDs.name}' has no rows`);

    this.loss = createLoss(o.loss.name, o.loss.options as never);
    this.classTargets = this.loss.info.target === 'classes';
    this.decoder = { threshold: this.loss.info.expects === 'logits' ? 0 : 0.5 };
    checkFit(this.model, this.dense, this.loss, this.train, this.test);
    checkMetric(o.scheduler?.metric ?? null, 'scheduler', trainDs, this.test !== null);
    checkMetric(o.earlyStopping?.metric ?? null, 'earlyStopping', trainDs, this.test !== null);

    this.optimizer = createOptimizer(o.optimizer.name, o.optimizer.options as never, { clipNorm: o.optimizer.clipNorm, clipValue: o.optimizer.clipValue });
    // Constructed after the optimizer, as in PyTorch: cyclic/onecycle overwrite its lr (and momentum) here.
    this.scheduler = o.scheduler ? createScheduler(this.optimizer, o.scheduler.name, o.scheduler.options as never) : null;

    const plan = batchPlan(this.train.n, o.batch);
    this.batchSize = plan.batchSize;
    this.batchesPerEpoch = plan.batchesPerEpoch;
    if (o.onBatch) {
      const f = o.onBatch;
      this.listeners.push((e) => e.type === 'batch' && f(e));
    }
    if (o.onEpoch) {
      const f = o.onEpoch;
      this.listeners.push((e) => e.type === 'epoch' && f(e));
    }
    this.probes = LAYER_METRICS.map((m) => ({ name: m.name, probe: m.create(this.dense) }));
    this.early = o.earlyStopping ? new EarlyStopping(o.earlyStopping, this.params) : null;
    const reg = o.regularization;
    const weights = this.dense.map((d) => d.weight);
    this.penalty = reg && reg.rate > 0 ? () => (reg.type === 'l1' ? l1Regularization(weights, reg.rate) : l2Regularization(weights, reg.rate)) : null;
    const config = runConfig(o, prepared, trainDs, this.train.n, this.test?.n ?? 0, this.loss, this.optimizer, this.batchSize, this.dtype);
    this.rec = new RecordBuilder(o.name ?? trainDs.name, o, config, this.dense);
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

  private layerValues(kind: 'batch' | 'epoch'): Record<string, (number | null)[]> {
    return Object.fromEntries(this.probes.map(({ name, probe }) => [name, kind === 'batch' ? probe.batch() : probe.epoch()]));
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
      for (const p of this.probes) p.probe.reset();
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
    // The penalty joins the loss that is differentiated; the recorded loss stays the data loss.
    const objective = this.penalty ? add(lossVar, this.penalty()) : lossVar;
    if (objective.requiresGrad) objective.backward();
    const norms = gradNorms(this.dense);
    const diverged = !Number.isFinite(loss);
    if (!diverged) {
      for (const p of this.probes) p.probe.beforeStep?.();
      const grads = this.params.map((p) => p.grad ?? new Tensor(this.dtype === 'float32' ? new Float32Array(p.value.size) : new Float64Array(p.value.size), p.shape));
      this.optimizer.step(
        this.params.map((p) => p.value),
        grads,
      );
      for (const p of this.probes) p.probe.afterStep();
    }
    this.steps++;
    this.batchInEpoch++;
    const labels = this.train.ds.labels ? (idx ? gatherLabels(this.train.ds.labels, idx) : this.train.ds.labels) : undefined;
    const acc = accuracy(out.value, labels, this.train.ds.task, this.decoder);
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
      layers: this.layerValues('batch'),
      wallMs: this.activeMs,
    };
    this.rec.batch(event);
    if (diverged) {
      this.rec.diverged(event);
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
    const values: Record<MetricName, number | null> = { trainLoss, testLoss: testEval.loss, trainAccuracy: trainEval.accuracy, testAccuracy: testEval.accuracy };
    if (this.scheduler && o.scheduler?.stepEvery === 'epoch') {
      if (o.scheduler.metric) {
        const v = values[o.scheduler.metric];
        if (v !== null && Number.isFinite(v)) this.scheduler.step(v);
      } else this.scheduler.step();
    }
    const stopEarly = this.early?.update(epoch, values) ?? false;
    this.epochsDone++;
    this.batchInEpoch = 0;
    this.activeMs += monotonicNow() - t0;
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
      gradNorms: this.normMean.mean(this.dense),
      layers: this.layerValues('epoch'),
      penalty: this.penalty ? noGrad(() => this.penalty!().item()) : null,
      epochMs: monotonicNow() - this.epochStart,
      wallMs: this.activeMs,
    };
    this.rec.epoch(event);
    if (stopEarly) this.finish('early-stopped');
    else if (this.epochsDone >= o.epochs) this.finish('completed');
    this.emit(event);
  }

  private finish(status: FinalStatus): void {
    if (this.done) return;
    this._status = status;
    this.rec.finish();
    if (status === 'early-stopped') this.early?.restore();
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

  /** The record so far: status 'running' until the run ends (a checkpoint), then the final one. */
  record(): RunRecord {
    const e = this.early;
    // After restoring the best epoch's parameters, the final metrics are that epoch's.
    const finalFrom = e?.restored ? this.rec.epochAt(e.bestEpoch - 1) : this.rec.epochAt(this.epochsDone - 1);
    return this.rec.build(this._status, {
      seed: this.options.seed,
      wallMs: this.activeMs,
      steps: this.steps,
      earlyStopping: e ? { bestEpoch: e.bestEpoch, bestValue: e.bestValue, restoredBest: e.restored } : null,
      finalFrom,
      parameters: this.options.recordParameters ? this.rec.parameters() : undefined,
    });
  }

  /** Every dense layer's current weight [out][in] and bias [out], as plain numbers. */
  parameters(): NonNullable<RunRecord['parameters']> {
    return this.rec.parameters();
  }
}

/** The optimizer's momentum kind, for the cyclic-momentum check (undefined for an unknown name: reported elsewhere). */
function momentumKindFor(o: FitOptions): 'momentum' | 'beta1' | null | undefined {
  const name = (o as { optimizer?: { name?: unknown } })?.optimizer?.name;
  return isOptimizerName(name) ? momentumKindOf(name) : undefined;
}
