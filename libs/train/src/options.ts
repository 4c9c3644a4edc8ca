import type { DType } from '@descent/core-tensor';
import { isOptimizerName, optimizerNames, type OptimizerName } from '@descent/optimizers';
import { isScheduleName, scheduleNames, type ScheduleName } from '@descent/schedulers';
import type { BatchEvent, EpochEvent } from './events.js';
import { METRIC_NAMES, type MetricName } from './record.js';

export type { MetricName };

/** A loss by name ('mse', 'cross_entropy', ...), with options such as `reduction` or huber's `delta`. */
export type LossSpec = string | { name: string; options?: Record<string, unknown> };

export interface OptimizerSpec {
  name: OptimizerName;
  /** PyTorch option names in camelCase (lr, momentum, betas, weightDecay, ...); missing ones take PyTorch's defaults. */
  options?: Record<string, unknown>;
  /** Clip the global gradient norm to this value before each step. */
  clipNorm?: number;
  /** Clamp each gradient element to [-clipValue, clipValue] before each step. */
  clipValue?: number;
}

export interface SchedulerSpec {
  name: ScheduleName;
  options?: Record<string, unknown>;
  /** When scheduler.step() is called: after every optimizer step, or after every epoch (default 'epoch'). */
  stepEvery?: 'batch' | 'epoch';
  /** plateau only: the metric it watches (default trainLoss, the epoch loss). */
  metric?: MetricName;
}

/**
 * The lecture's three batch modes: 'full' (vanilla gradient descent: one batch of every sample),
 * 'sgd' (one sample per step), 'minibatch' (batchSize samples per step; the last partial batch is kept).
 */
export type BatchSpec = { mode: 'full' } | { mode: 'sgd' } | { mode: 'minibatch'; batchSize: number };

export interface EarlyStoppingSpec {
  metric: MetricName;
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Default: 'max' for accuracies, 'min' for losses. */
  mode?: 'min' | 'max';
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the parameters of the best epoch when stopping early (default false). */
  restoreBest?: boolean;
}

export interface FitOptions {
  loss: LossSpec;
  optimizer: OptimizerSpec;
  scheduler?: SchedulerSpec | null;
  epochs: number;
  /** Default { mode: 'minibatch', batchSize: 32 }. */
  batch?: BatchSpec;
  /** Visit samples in a new seeded order every epoch (default true) or always in index order. */
  shuffle?: boolean;
  /** Controls init (when the model is given as a spec), dropout masks and shuffling. Default 0. */
  seed?: number;
  /** float32 (default) or float64. A built model must already have this dtype. */
  dtype?: DType;
  earlyStopping?: EarlyStoppingSpec | null;
  /** Name stored in the run record (default: the dataset's name). */
  name?: string;
  /** Where the data came from (e.g. { preset: 'xor', n: 200 }), stored as is in the record. */
  dataSource?: unknown;
  /** Keep per-batch loss and lr in the record (default true; turn off for very long per-sample runs). */
  recordBatches?: boolean;
  /** Keep every batch's gradient norms in the record (they are always in the batch events). Default false. */
  recordBatchGradNorms?: boolean;
  /** Store the final parameters in the record (default true). */
  recordParameters?: boolean;
  onBatch?: (e: BatchEvent) => void;
  onEpoch?: (e: EpochEvent) => void;
}

/** FitOptions after validation, with every default filled in. */
export interface ResolvedOptions {
  loss: { name: string; options: Record<string, unknown> };
  optimizer: { name: OptimizerName; options: Record<string, unknown>; clipNorm?: number; clipValue?: number };
  scheduler: { name: ScheduleName; options: Record<string, unknown>; stepEvery: 'batch' | 'epoch'; metric: MetricName | null } | null;
  epochs: number;
  batch: BatchSpec;
  shuffle: boolean;
  seed: number;
  dtype: DType | undefined;
  earlyStopping: Required<EarlyStoppingSpec> | null;
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v) ?? String(v));

function fail(path: string, message: string): never {
  throw new Error(`fit: ${path} ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function positiveInt(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, `must be a positive integer, got ${show(v)}`);
  return v as number;
}

function nonNegInt(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(path, `must be a non-negative integer, got ${show(v)}`);
  return v as number;
}

function metric(path: string, v: unknown): MetricName {
  if (!(METRIC_NAMES as readonly unknown[]).includes(v)) fail(path, `must be one of ${METRIC_NAMES.join(', ')}, got ${show(v)}`);
  return v as MetricName;
}

export const defaultMode = (m: MetricName): 'min' | 'max' => (m.endsWith('Accuracy') ? 'max' : 'min');

/** Check the options' structure and fill defaults; option values of losses/optimizers/schedulers are checked by their libraries. */
export function resolveOptions(o: FitOptions): ResolvedOptions {
  if (!isRecord(o)) fail('options', `must be an object, got ${show(o)}`);
  let loss: ResolvedOptions['loss'];
  if (typeof o.loss === 'string') loss = { name: o.loss, options: {} };
  else if (isRecord(o.loss) && typeof o.loss.name === 'string') {
    if (o.loss.options !== undefined && !isRecord(o.loss.options)) fail('loss.options', `must be an object, got ${show(o.loss.options)}`);
    loss = { name: o.loss.name, options: { ...(o.loss.options ?? {}) } };
  } else fail('loss', `must be a loss name or { name, options }, got ${show(o.loss)}`);

  const op = o.optimizer;
  if (!isRecord(op)) fail('optimizer', `must be { name, options }, got ${show(op)}`);
  if (!isOptimizerName(op.name)) fail('optimizer.name', `must be one of ${optimizerNames.join(', ')}, got ${show(op.name)}`);
  if (op.options !== undefined && !isRecord(op.options)) fail('optimizer.options', `must be an object, got ${show(op.options)}`);
  const optimizer: ResolvedOptions['optimizer'] = { name: op.name, options: { ...(op.options ?? {}) } };
  if (op.clipNorm !== undefined) optimizer.clipNorm = op.clipNorm;
  if (op.clipValue !== undefined) optimizer.clipValue = op.clipValue;

  let scheduler: ResolvedOptions['scheduler'] = null;
  if (o.scheduler !== undefined && o.scheduler !== null) {
    const s = o.scheduler;
    if (!isRecord(s)) fail('scheduler', `must be { name, options, stepEvery }, got ${show(s)}`);
    if (!isScheduleName(s.name)) fail('scheduler.name', `must be one of ${scheduleNames.join(', ')}, got ${show(s.name)}`);
    if (s.options !== undefined && !isRecord(s.options)) fail('scheduler.options', `must be an object, got ${show(s.options)}`);
    const stepEvery = s.stepEvery ?? 'epoch';
    if (stepEvery !== 'batch' && stepEvery !== 'epoch') fail('scheduler.stepEvery', `must be 'batch' or 'epoch', got ${show(stepEvery)}`);
    let m: MetricName | null = null;
    const options = { ...(s.options ?? {}) };
    if (s.name === 'plateau') {
      m = s.metric === undefined ? 'trainLoss' : metric('scheduler.metric', s.metric);
      if (stepEvery !== 'epoch') fail('scheduler.stepEvery', `must be 'epoch' for plateau (it watches an epoch metric), got ${show(stepEvery)}`);
      if (options.mode === undefined) options.mode = defaultMode(m);
    } else if (s.metric !== undefined) fail('scheduler.metric', `is only used by plateau, not by ${s.name}`);
    scheduler = { name: s.name, options, stepEvery, metric: m };
  }

  const epochs = positiveInt('epochs', o.epochs);
  let batch: BatchSpec = { mode: 'minibatch', batchSize: 32 };
  if (o.batch !== undefined) {
    const b = o.batch as Record<string, unknown>;
    if (!isRecord(b)) fail('batch', `must be { mode: 'full' | 'sgd' | 'minibatch', batchSize? }, got ${show(b)}`);
    if (b.mode === 'full' || b.mode === 'sgd') batch = { mode: b.mode };
    else if (b.mode === 'minibatch') batch = { mode: 'minibatch', batchSize: positiveInt('batch.batchSize', b.batchSize) };
    else fail('batch.mode', `must be 'full', 'sgd' or 'minibatch', got ${show(b.mode)}`);
  }
  if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') fail('shuffle', `must be a boolean, got ${show(o.shuffle)}`);
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) fail('seed', `must be a non-negative integer, got ${show(seed)}`);
  if (o.dtype !== undefined && o.dtype !== 'float32' && o.dtype !== 'float64') fail('dtype', `must be 'float32' or 'float64', got ${show(o.dtype)}`);

  let earlyStopping: ResolvedOptions['earlyStopping'] = null;
  if (o.earlyStopping !== undefined && o.earlyStopping !== null) {
    const e = o.earlyStopping;
    if (!isRecord(e)) fail('earlyStopping', `must be { metric, patience, ... }, got ${show(e)}`);
    const m = metric('earlyStopping.metric', e.metric);
    const mode = e.mode ?? defaultMode(m);
    if (mode !== 'min' && mode !== 'max') fail('earlyStopping.mode', `must be 'min' or 'max', got ${show(mode)}`);
    const minDelta = e.minDelta ?? 0;
    if (typeof minDelta !== 'number' || !(minDelta >= 0) || !Number.isFinite(minDelta)) fail('earlyStopping.minDelta', `must be a finite number >= 0, got ${show(minDelta)}`);
    if (e.restoreBest !== undefined && typeof e.restoreBest !== 'boolean') fail('earlyStopping.restoreBest', `must be a boolean, got ${show(e.restoreBest)}`);
    earlyStopping = { metric: m, mode, patience: nonNegInt('earlyStopping.patience', e.patience), minDelta, restoreBest: e.restoreBest ?? false };
  }
  return { loss, optimizer, scheduler, epochs, batch, shuffle: o.shuffle ?? true, seed, dtype: o.dtype, earlyStopping };
}
