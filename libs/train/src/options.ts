import { OptionError, describeValue, isDType, resolveOptionValues, type DType, type PathKey } from '@descent/core-tensor';
import { type BatchSpec } from '@descent/data';
import { LOSS_NAMES, lossInfo, lossName, type LossName, type LossOptions } from '@descent/losses';
import { isOptimizerName, optimizerDefaults, optimizerNames, optimizerProblems, type OptimizerName, type OptimizerOptionsMap } from '@descent/optimizers';
import { isScheduleName, scheduleNames, scheduleProblems, type ScheduleName, type ScheduleOptionsMap } from '@descent/schedulers';
import type { BatchEvent, EpochEvent } from './events.js';
import { METRIC_NAMES, type MetricName } from './record.js';

export type { MetricName, BatchSpec };

// The options of a training run, as typed values (a typo such as `stepsize` or `learningRate` fails to
// compile) and as JSON (the Studio and the CLI send exactly this). One validator, fitOptionProblems, reports
// every problem as an OptionError whose `path` points at the field.

/** A loss by name ('mse', 'crossEntropy', ... or a snake_case alias), with options such as `reduction` or huber's `delta`. */
export type LossSpec = LossName | 'smooth_l1' | 'bce_with_logits' | 'cross_entropy' | { name: LossName | 'smooth_l1' | 'bce_with_logits' | 'cross_entropy'; options?: LossOptions };

interface ClipFields {
  /** Clip the global gradient norm to this value before each step. */
  clipNorm?: number;
  /** Clamp each gradient element to [-clipValue, clipValue] before each step. */
  clipValue?: number;
}

/** An optimizer by name with its PyTorch options (camelCase); missing ones take PyTorch's defaults. */
export type OptimizerSpec = { [N in OptimizerName]: { name: N; options?: Partial<OptimizerOptionsMap[N]> } & ClipFields }[OptimizerName];

/** An LR schedule (lambda takes a function, so it is not part of a JSON spec). */
export type SchedulerSpec = {
  [N in Exclude<ScheduleName, 'lambda'>]: {
    name: N;
    options?: Partial<ScheduleOptionsMap[N]>;
    /** When scheduler.step() is called: after every optimizer step, or after every epoch (default 'epoch'). */
    stepEvery?: 'batch' | 'epoch';
    /** plateau only: the metric it watches (default trainLoss, the epoch loss). */
    metric?: MetricName;
  };
}[Exclude<ScheduleName, 'lambda'>];

/**
 * A penalty on the dense layers' weights (not the biases, as in TensorFlow Playground), added to the loss:
 * L1 = rate·Σ|w|, L2 = rate·Σw² (gradient 2·rate·w). PyTorch's `weight_decay` wd adds wd·p to the gradient of
 * every parameter, which is L2 with rate = wd/2 on all of them; AdamW's is decoupled (p ← p − lr·wd·p) and is
 * not a loss term at all. An L2 penalty together with the optimizer's weightDecay is refused: both shrink the weights.
 */
export interface RegularizationSpec {
  type: 'l1' | 'l2';
  /** λ, at least 0. */
  rate: number;
}

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

/** Everything about how to train, as JSON. */
export interface TrainingSpec {
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
  /** L1 or L2 penalty on the weights, added to the loss (default none). */
  regularization?: RegularizationSpec | null;
  /** Name stored in the run record (default: the dataset's name). */
  name?: string;
  /** Keep per-batch loss and lr in the record (default true; turn off for very long per-sample runs). */
  recordBatches?: boolean;
  /** Keep every batch's gradient norms in the record (they are always in the batch events). Default false. */
  recordBatchGradNorms?: boolean;
  /** Store the final parameters in the record (default true). */
  recordParameters?: boolean;
}

export interface FitOptions extends TrainingSpec {
  /** Where the data came from (e.g. { preset: 'xor' }), stored as is in the record. */
  dataSource?: unknown;
  onBatch?: (e: BatchEvent) => void;
  onEpoch?: (e: EpochEvent) => void;
}

/** FitOptions after validation, every field resolved (the trainer reads nothing else). */
export interface ResolvedOptions {
  loss: { name: LossName; options: Record<string, unknown> };
  optimizer: { name: OptimizerName; options: Record<string, unknown>; clipNorm?: number; clipValue?: number };
  scheduler: { name: ScheduleName; options: Record<string, unknown>; stepEvery: 'batch' | 'epoch'; metric: MetricName | null } | null;
  epochs: number;
  batch: BatchSpec;
  shuffle: boolean;
  seed: number;
  dtype: DType | undefined;
  earlyStopping: Required<EarlyStoppingSpec> | null;
  regularization: RegularizationSpec | null;
  name: string | null;
  recordBatches: boolean;
  recordBatchGradNorms: boolean;
  recordParameters: boolean;
  dataSource: unknown;
  onBatch: ((e: BatchEvent) => void) | null;
  onEpoch: ((e: EpochEvent) => void) | null;
}

export const TRAINING_KEYS = ['loss', 'optimizer', 'scheduler', 'epochs', 'batch', 'shuffle', 'seed', 'dtype', 'earlyStopping', 'regularization', 'name', 'recordBatches', 'recordBatchGradNorms', 'recordParameters'] as const;
const FIT_KEYS: readonly string[] = [...TRAINING_KEYS, 'dataSource', 'onBatch', 'onEpoch'];
/** startTraining's own options, accepted by the same validator. */
export const START_KEYS = ['paused', 'yieldEveryMs'] as const;

/** Longest run a spec may ask for, in epochs. */
export const MAX_EPOCHS = 1_000_000;

export const defaultMode = (m: MetricName): 'min' | 'max' => (m.endsWith('Accuracy') ? 'max' : 'min');

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Collects OptionErrors located inside the options (owner 'fit' unless a library refused). */
class Problems {
  readonly list: OptionError[] = [];
  constructor(private readonly at: readonly PathKey[]) {}
  add(path: PathKey[], reason: string, value?: unknown, owner = 'fit'): void {
    const option = path.length ? String(path[path.length - 1]) : null;
    this.list.push(new OptionError(owner, option, reason, { value, path: [...this.at, ...path] }));
  }
  /** A library's OptionError, located under `prefix` (e.g. ['optimizer', 'options']). */
  adopt(prefix: PathKey[], e: OptionError): void {
    this.list.push(e.at([...this.at, ...prefix]));
  }
}

function checkPositiveInt(p: Problems, path: PathKey[], v: unknown, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) p.add(path, `must be a positive integer, got ${describeValue(v)}`, v);
  else if (v > max) p.add(path, `must be at most ${max}, got ${describeValue(v)}`, v);
}

function checkMetric(p: Problems, path: PathKey[], v: unknown): v is MetricName {
  if ((METRIC_NAMES as readonly unknown[]).includes(v)) return true;
  p.add(path, `must be one of ${METRIC_NAMES.join(', ')}, got ${describeValue(v)}`, v);
  return false;
}

function checkBool(p: Problems, path: PathKey[], v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') p.add(path, `must be true or false, got ${describeValue(v)}`, v);
}

function lossProblems(p: Problems, l: unknown): void {
  const name = typeof l === 'string' ? l : isRecord(l) ? l.name : undefined;
  if (!isRecord(l) && typeof l !== 'string') return p.add(['loss'], `must be a loss name or { name, options }, got ${describeValue(l)}`, l);
  const namePath = typeof l === 'string' ? ['loss'] : ['loss', 'name'];
  if (!lossName(name)) return p.add(namePath, `must be one of ${LOSS_NAMES.join(', ')}, got ${describeValue(name)}`, name);
  if (isRecord(l)) {
    for (const k of Object.keys(l)) if (k !== 'name' && k !== 'options') p.add(['loss', k], 'is not a field of a loss spec (expected name, options)', l[k]);
    if (l.options !== undefined) {
      const info = lossInfo(name as string);
      // The loss library's own metadata; problems located under loss.options.
      try {
        resolveOptionValues(info.name, info.options, l.options);
      } catch (e) {
        if (e instanceof OptionError) p.adopt(['loss', 'options'], e);
        else throw e;
      }
    }
  }
}

function optimizerSpecProblems(p: Problems, op: unknown): OptimizerName | null {
  if (!isRecord(op)) {
    p.add(['optimizer'], `must be { name, options }, got ${describeValue(op)}`, op);
    return null;
  }
  for (const k of Object.keys(op)) if (!['name', 'options', 'clipNorm', 'clipValue'].includes(k)) p.add(['optimizer', k], 'is not a field of an optimizer spec (expected name, options, clipNorm, clipValue)', op[k]);
  if (!isOptimizerName(op.name)) {
    p.add(['optimizer', 'name'], `must be one of ${optimizerNames.join(', ')}, got ${describeValue(op.name)}`, op.name);
    return null;
  }
  for (const e of optimizerProblems(op.name, op.options)) p.adopt(['optimizer', 'options'], e);
  for (const k of ['clipNorm', 'clipValue'] as const) {
    const v = op[k];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) p.add(['optimizer', k], `must be a positive finite number, got ${describeValue(v)}`, v);
  }
  return op.name;
}

function schedulerSpecProblems(p: Problems, s: unknown): ScheduleName | null {
  if (s === undefined || s === null) return null;
  if (!isRecord(s)) {
    p.add(['scheduler'], `must be { name, options, stepEvery } or null, got ${describeValue(s)}`, s);
    return null;
  }
  for (const k of Object.keys(s)) if (!['name', 'options', 'stepEvery', 'metric'].includes(k)) p.add(['scheduler', k], 'is not a field of a scheduler spec (expected name, options, stepEvery, metric)', s[k]);
  if (!isScheduleName(s.name) || s.name === 'lambda') {
    p.add(['scheduler', 'name'], `must be one of ${scheduleNames.filter((n) => n !== 'lambda').join(', ')}, got ${describeValue(s.name)}`, s.name);
    return null;
  }
  for (const e of scheduleProblems(s.name, s.options)) p.adopt(['scheduler', 'options'], e);
  const stepEvery = s.stepEvery ?? 'epoch';
  if (stepEvery !== 'batch' && stepEvery !== 'epoch') p.add(['scheduler', 'stepEvery'], `must be 'batch' or 'epoch', got ${describeValue(stepEvery)}`, stepEvery);
  if (s.name === 'plateau') {
    if (s.metric !== undefined) checkMetric(p, ['scheduler', 'metric'], s.metric);
    if (stepEvery !== 'epoch') p.add(['scheduler', 'stepEvery'], `must be 'epoch' for plateau (it watches an epoch metric), got ${describeValue(stepEvery)}`, stepEvery);
  } else if (s.metric !== undefined) p.add(['scheduler', 'metric'], `is only used by plateau, not by ${s.name}`, s.metric);
  return s.name;
}

function batchProblems(p: Problems, b: unknown): void {
  if (b === undefined) return;
  if (!isRecord(b)) return p.add(['batch'], `must be { mode: 'full' | 'sgd' | 'minibatch', batchSize? }, got ${describeValue(b)}`, b);
  if (b.mode === 'minibatch') checkPositiveInt(p, ['batch', 'batchSize'], b.batchSize);
  else if (b.mode === 'full' || b.mode === 'sgd') {
    if (b.batchSize !== undefined) p.add(['batch', 'batchSize'], `is only used by mode 'minibatch', not '${b.mode}'`, b.batchSize);
  } else p.add(['batch', 'mode'], `must be 'full', 'sgd' or 'minibatch', got ${describeValue(b.mode)}`, b.mode);
  for (const k of Object.keys(b)) if (k !== 'mode' && k !== 'batchSize') p.add(['batch', k], 'is not a field of a batch spec (expected mode, batchSize)', b[k]);
}

function earlyStoppingProblems(p: Problems, e: unknown): void {
  if (e === undefined || e === null) return;
  if (!isRecord(e)) return p.add(['earlyStopping'], `must be { metric, patience, ... } or null, got ${describeValue(e)}`, e);
  const keys = ['metric', 'patience', 'mode', 'minDelta', 'restoreBest'];
  for (const k of Object.keys(e)) if (!keys.includes(k)) p.add(['earlyStopping', k], `is not a field of earlyStopping (expected ${keys.join(', ')})`, e[k]);
  checkMetric(p, ['earlyStopping', 'metric'], e.metric);
  if (typeof e.patience !== 'number' || !Number.isInteger(e.patience) || e.patience < 0) p.add(['earlyStopping', 'patience'], `must be a non-negative integer, got ${describeValue(e.patience)}`, e.patience);
  if (e.mode !== undefined && e.mode !== 'min' && e.mode !== 'max') p.add(['earlyStopping', 'mode'], `must be 'min' or 'max', got ${describeValue(e.mode)}`, e.mode);
  if (e.minDelta !== undefined && !(typeof e.minDelta === 'number' && e.minDelta >= 0 && Number.isFinite(e.minDelta))) p.add(['earlyStopping', 'minDelta'], `must be a finite number at least 0, got ${describeValue(e.minDelta)}`, e.minDelta);
  checkBool(p, ['earlyStopping', 'restoreBest'], e.restoreBest);
}

function regularizationProblems(p: Problems, r: unknown, optimizer: unknown): void {
  if (r === undefined || r === null) return;
  if (!isRecord(r)) return p.add(['regularization'], `must be { type: 'l1' | 'l2', rate } or null, got ${describeValue(r)}`, r);
  for (const k of Object.keys(r)) if (k !== 'type' && k !== 'rate') p.add(['regularization', k], 'is not a field of regularization (expected type, rate)', r[k]);
  if (r.type !== 'l1' && r.type !== 'l2') p.add(['regularization', 'type'], `must be 'l1' or 'l2', got ${describeValue(r.type)}`, r.type);
  if (!(typeof r.rate === 'number' && Number.isFinite(r.rate) && r.rate >= 0)) p.add(['regularization', 'rate'], `must be a finite number at least 0, got ${describeValue(r.rate)}`, r.rate);
  // Both at once is almost always an accident: the weights would be shrunk twice.
  // A weightDecay left out takes the optimizer's default (AdamW's is 0.01, like PyTorch's).
  const given = isRecord(optimizer) && isRecord(optimizer.options) ? optimizer.options.weightDecay : undefined;
  const wd = given ?? (isRecord(optimizer) && isOptimizerName(optimizer.name) ? (optimizerDefaults(optimizer.name) as { weightDecay?: number }).weightDecay : undefined);
  const name = isRecord(optimizer) ? String(optimizer.name) : 'the optimizer';
  if (r.type === 'l2' && typeof wd === 'number' && wd > 0) {
    const how = name === 'adamw' ? `adamw's weightDecay ${wd} already decays the weights (decoupled: p ← p − lr·${wd}·p)` : `${name}'s weightDecay ${wd} is already an L2 penalty (it adds ${wd}·p to the gradient, L2 with rate ${wd / 2})`;
    p.add(['regularization', 'type'], `must not be l2 while the optimizer's weight decay is on: ${how}; set weightDecay to 0, or use no regularization here`, r.type);
  }
}

export interface FitContext {
  /** Training rows: enables the checks that need the batch plan (one-cycle totalSteps). */
  trainSize?: number;
  hasTest?: boolean;
  task?: 'binary' | 'multiclass' | 'regression';
  /** Momentum kind of the chosen optimizer, from @descent/optimizers (cyclic needs 'momentum'). */
  momentumKind?: 'momentum' | 'beta1' | null;
  /** Extra keys allowed at the top level (startTraining's). */
  allow?: readonly string[];
}

/**
 * Every problem with fit() options: unknown keys, bad values, and (when `ctx` says how much data there is)
 * checks that need the data. Each is an OptionError whose path is located under `at`.
 */
export function fitOptionProblems(o: unknown, ctx: FitContext = {}, at: readonly PathKey[] = []): OptionError[] {
  const p = new Problems(at);
  if (!isRecord(o)) {
    p.add([], `options must be an object, got ${describeValue(o)}`, o);
    return p.list;
  }
  const allowed = [...FIT_KEYS, ...(ctx.allow ?? [])];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p.add([k], `is not a training option; valid options: ${[...TRAINING_KEYS, ...(ctx.allow ?? [])].join(', ')}`, o[k]);
  lossProblems(p, o.loss);
  const opt = optimizerSpecProblems(p, o.optimizer);
  const sched = schedulerSpecProblems(p, o.scheduler);
  checkPositiveInt(p, ['epochs'], o.epochs, MAX_EPOCHS);
  batchProblems(p, o.batch);
  checkBool(p, ['shuffle'], o.shuffle);
  if (o.seed !== undefined && !(typeof o.seed === 'number' && Number.isSafeInteger(o.seed) && o.seed >= 0)) p.add(['seed'], `must be a non-negative integer, got ${describeValue(o.seed)}`, o.seed);
  if (o.dtype !== undefined && !isDType(o.dtype)) p.add(['dtype'], `must be 'float32' or 'float64', got ${describeValue(o.dtype)}`, o.dtype);
  earlyStoppingProblems(p, o.earlyStopping);
  regularizationProblems(p, o.regularization, o.optimizer);
  if (o.name !== undefined && typeof o.name !== 'string') p.add(['name'], `must be a string, got ${describeValue(o.name)}`, o.name);
  for (const k of ['recordBatches', 'recordBatchGradNorms', 'recordParameters']) checkBool(p, [k], o[k]);
  for (const k of ['onBatch', 'onEpoch']) if (o[k] !== undefined && typeof o[k] !== 'function') p.add([k], `must be a function, got ${describeValue(o[k])}`, o[k]);
  if (p.list.length) return p.list;

  // Checks between options, and against the data when it is known.
  const s = o.scheduler as { name: ScheduleName; options?: Record<string, unknown>; stepEvery?: string; metric?: MetricName } | null | undefined;
  if (sched && s) {
    const cycles = s.options?.cycleMomentum ?? true;
    if ((sched === 'cyclic' || sched === 'onecycle') && cycles === true && ctx.momentumKind !== undefined) {
      if (ctx.momentumKind === null || (sched === 'cyclic' && ctx.momentumKind !== 'momentum')) {
        const why =
          sched === 'cyclic'
            ? `${opt} has no momentum option to cycle (PyTorch's CyclicLR cycles SGD/RMSprop momentum only)`
            : `${opt} has no momentum or beta1 to cycle`;
        p.add(['scheduler', 'options', 'cycleMomentum'], `must be false: ${why}`, true, sched);
      }
    }
    if (sched === 'onecycle' && ctx.trainSize !== undefined && typeof o.epochs === 'number') {
      const total = typeof s.options?.totalSteps === 'number' ? s.options.totalSteps : NaN;
      const b = (o.batch as BatchSpec | undefined) ?? { mode: 'minibatch', batchSize: 32 };
      const perEpoch = Math.ceil(ctx.trainSize / Math.min(ctx.trainSize, b.mode === 'full' ? ctx.trainSize : b.mode === 'sgd' ? 1 : b.batchSize));
      const steps = (s.stepEvery ?? 'epoch') === 'batch' ? o.epochs * perEpoch : o.epochs;
      if (Number.isFinite(total) && total < steps) {
        p.add(['scheduler', 'options', 'totalSteps'], `must be at least ${steps}, the scheduler steps of this run (${o.epochs} epochs${(s.stepEvery ?? 'epoch') === 'batch' ? ` × ${perEpoch} batches` : ''}), got ${total}`, total, 'onecycle');
      }
    }
  }
  const es = o.earlyStopping as EarlyStoppingSpec | null | undefined;
  const metrics: [PathKey[], MetricName | undefined][] = [
    [['scheduler', 'metric'], sched === 'plateau' ? (s?.metric ?? 'trainLoss') : undefined],
    [['earlyStopping', 'metric'], es?.metric],
  ];
  for (const [path, m] of metrics) {
    if (!m) continue;
    if ((m === 'testLoss' || m === 'testAccuracy') && ctx.hasTest === false) p.add(path, `is '${m}', but there is no test set: use a train metric, or hold out test data`, m);
    if (m.endsWith('Accuracy') && ctx.task === 'regression') p.add(path, `is '${m}', but the task is regression (no accuracy)`, m);
  }
  return p.list;
}

/** Check the options and fill every default; throws the first problem as an OptionError. */
export function resolveOptions(o: FitOptions, ctx: FitContext = {}): ResolvedOptions {
  const problems = fitOptionProblems(o, ctx);
  if (problems.length) throw problems[0];
  const l = typeof o.loss === 'string' ? { name: o.loss, options: {} } : { name: o.loss.name, options: { ...(o.loss.options ?? {}) } };
  const op = o.optimizer;
  const optimizer: ResolvedOptions['optimizer'] = { name: op.name, options: { ...(op.options ?? {}) } };
  if (op.clipNorm !== undefined) optimizer.clipNorm = op.clipNorm;
  if (op.clipValue !== undefined) optimizer.clipValue = op.clipValue;
  let scheduler: ResolvedOptions['scheduler'] = null;
  if (o.scheduler) {
    const s = o.scheduler;
    const options: Record<string, unknown> = { ...(s.options ?? {}) };
    let metric: MetricName | null = null;
    if (s.name === 'plateau') {
      metric = s.metric ?? 'trainLoss';
      if (options.mode === undefined) options.mode = defaultMode(metric);
    }
    scheduler = { name: s.name, options, stepEvery: s.stepEvery ?? 'epoch', metric };
  }
  const es = o.earlyStopping;
  return {
    loss: { name: lossName(l.name)!, options: l.options },
    optimizer,
    scheduler,
    epochs: o.epochs,
    batch: o.batch ? { ...o.batch } : { mode: 'minibatch', batchSize: 32 },
    shuffle: o.shuffle ?? true,
    seed: o.seed ?? 0,
    dtype: o.dtype,
    earlyStopping: es ? { metric: es.metric, mode: es.mode ?? defaultMode(es.metric), patience: es.patience, minDelta: es.minDelta ?? 0, restoreBest: es.restoreBest ?? false } : null,
    regularization: o.regularization ? { type: o.regularization.type, rate: o.regularization.rate } : null,
    name: o.name ?? null,
    recordBatches: o.recordBatches ?? true,
    recordBatchGradNorms: (o.recordBatches ?? true) && (o.recordBatchGradNorms ?? false),
    recordParameters: o.recordParameters ?? true,
    dataSource: o.dataSource === undefined ? null : JSON.parse(JSON.stringify(o.dataSource)),
    onBatch: o.onBatch ?? null,
    onEpoch: o.onEpoch ?? null,
  };
}
