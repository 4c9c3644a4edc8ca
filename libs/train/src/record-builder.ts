import type { DType } from '@descent/core-tensor';
import type { Dataset } from '@descent/data';
import type { LossFn } from '@descent/losses';
import type { Optimizer } from '@descent/optimizers';
import type { BatchEvent, EpochEvent } from './events.js';
import { assessHealth } from './health.js';
import type { DenseRef } from './metrics.js';
import type { PreparedModel } from './model.js';
import type { ResolvedOptions } from './options.js';
import { RUN_RECORD_FORMAT, RUN_RECORD_SCHEMA_VERSION, finiteOrNull, type EpochMetrics, type LayerGradNorm, type RecordStatus, type RunConfig, type RunRecord } from './record.js';
import { LIBRARY_VERSIONS } from './versions.js';

// Assembles the run record from the run's events: the resolved configuration once, then every batch and epoch.

/** Which non-finite number a loss was (JSON stores all of them as null). */
export function nonFiniteKind(v: number): 'NaN' | 'Infinity' | '-Infinity' | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return null;
}

export function runConfig(o: ResolvedOptions, prepared: PreparedModel, train: Dataset, trainN: number, testN: number, loss: LossFn, optimizer: Optimizer, batchSize: number, dtype: DType): RunConfig {
  const clip: Record<string, number> = {};
  if (o.optimizer.clipNorm !== undefined) clip.clipNorm = o.optimizer.clipNorm;
  if (o.optimizer.clipValue !== undefined) clip.clipValue = o.optimizer.clipValue;
  return {
    model: { input: prepared.input, layers: prepared.layers as RunConfig['model']['layers'], parameterCount: prepared.parameterCount },
    data: {
      name: train.name,
      task: train.task,
      features: train.x.shape[1],
      outputs: train.y.shape[1] ?? 1,
      trainSamples: trainN,
      testSamples: testN,
      source: o.dataSource as RunConfig['data']['source'],
    },
    loss: { name: loss.info.name, options: { ...loss.options } as Record<string, unknown> },
    optimizer: { name: o.optimizer.name, options: JSON.parse(JSON.stringify({ ...optimizer.options, ...clip })) },
    scheduler: o.scheduler ? { name: o.scheduler.name, options: JSON.parse(JSON.stringify(o.scheduler.options)), stepEvery: o.scheduler.stepEvery, metric: o.scheduler.metric } : null,
    epochs: o.epochs,
    batch: { mode: o.batch.mode, batchSize },
    shuffle: o.shuffle,
    dtype,
    earlyStopping: o.earlyStopping,
    ...(o.regularization ? { regularization: { ...o.regularization } } : {}),
  };
}

const copyNorms = (b: LayerGradNorm[]): LayerGradNorm[] => b.map((g) => ({ ...g, weight: finiteOrNull(g.weight), bias: g.bias === null ? null : finiteOrNull(g.bias) }));

export class RecordBuilder {
  private readonly epochs: EpochMetrics[] = [];
  private readonly batchEpoch: number[] = [];
  private readonly batchIndex: number[] = [];
  private readonly batchLoss: (number | null)[] = [];
  private readonly batchLr: number[] = [];
  private readonly batchNorms: LayerGradNorm[][] = [];
  private firstLoss: number | null = null;
  private divergence: RunRecord['divergence'] = null;
  private readonly startedAt = new Date().toISOString();
  private finishedAt: string | null = null;

  constructor(
    private readonly name: string,
    private readonly o: ResolvedOptions,
    private readonly config: RunConfig,
    private readonly dense: readonly DenseRef[],
  ) {}

  batch(e: BatchEvent): void {
    if (this.firstLoss === null) this.firstLoss = e.loss;
    if (!this.o.recordBatches) return;
    this.batchEpoch.push(e.epoch);
    this.batchIndex.push(e.batch);
    this.batchLoss.push(finiteOrNull(e.loss));
    this.batchLr.push(e.lr);
    if (this.o.recordBatchGradNorms) this.batchNorms.push(copyNorms(e.gradNorms));
  }

  diverged(e: BatchEvent): void {
    this.divergence = { epoch: e.epoch, batch: e.batch, step: e.step, loss: finiteOrNull(e.loss), value: nonFiniteKind(e.loss) };
  }

  epoch(e: EpochEvent): void {
    this.epochs.push({
      epoch: e.epoch,
      trainLoss: finiteOrNull(e.trainLoss),
      testLoss: finiteOrNull(e.testLoss),
      trainAccuracy: e.trainAccuracy,
      testAccuracy: e.testAccuracy,
      lr: e.lr,
      gradNorms: e.gradNorms,
      layers: Object.fromEntries(Object.entries(e.layers).map(([k, v]) => [k, [...v]])),
      ...(e.penalty === null ? {} : { penalty: finiteOrNull(e.penalty) }),
      wallMs: e.epochMs,
    });
  }

  epochAt(i: number): EpochMetrics | undefined {
    return this.epochs[i];
  }

  finish(): void {
    this.finishedAt ??= new Date().toISOString();
  }

  /** The record so far; `status` is the trainer's ('running' until the run ends). */
  build(
    status: RecordStatus,
    extra: { seed: number; wallMs: number; steps: number; earlyStopping: RunRecord['earlyStopping']; finalFrom: EpochMetrics | undefined; parameters?: RunRecord['parameters'] },
  ): RunRecord {
    const last = extra.finalFrom;
    const done = status !== 'running';
    const health = !done
      ? null
      : status === 'stopped' && this.epochs.length < 2 && !this.divergence
        ? { verdict: 'unknown' as const, reason: null, epoch: null }
        : assessHealth({ firstBatchLoss: this.firstLoss, epochLosses: this.epochs.map((e) => e.trainLoss), diverged: this.divergence });
    const record: RunRecord = {
      format: RUN_RECORD_FORMAT,
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      name: this.name,
      status,
      seed: extra.seed,
      config: this.config,
      libraries: { ...LIBRARY_VERSIONS },
      timings: { startedAt: this.startedAt, finishedAt: this.finishedAt ?? new Date().toISOString(), wallMs: extra.wallMs },
      epochs: this.epochs.map((e) => ({ ...e, gradNorms: e.gradNorms.map((g) => ({ ...g })), layers: Object.fromEntries(Object.entries(e.layers).map(([k, v]) => [k, [...v]])) })),
      batches: {
        epoch: [...this.batchEpoch],
        batch: [...this.batchIndex],
        loss: [...this.batchLoss],
        lr: [...this.batchLr],
        ...(this.o.recordBatchGradNorms ? { gradNorms: this.batchNorms.map((b) => b.map((g) => ({ ...g }))) } : {}),
      },
      divergence: this.divergence ? { ...this.divergence } : null,
      health,
      error: null,
      earlyStopping: extra.earlyStopping,
      final: {
        epochs: this.epochs.length,
        steps: extra.steps,
        trainLoss: last?.trainLoss ?? null,
        testLoss: last?.testLoss ?? null,
        trainAccuracy: last?.trainAccuracy ?? null,
        testAccuracy: last?.testAccuracy ?? null,
      },
    };
    if (extra.parameters) record.parameters = extra.parameters;
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
