import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getPreset, makeDataset, parseCsv, standardize, trainTestSplit, type Dataset } from '@descent/data';
import { planModel, type LayerSpec, type ModelSpec } from '@descent/layers';
import { createLoss, type LossFn } from '@descent/losses';
import { validateOption, type OptimizerName } from '@descent/optimizers';
import { resolveScheduleOptions, type ScheduleName } from '@descent/schedulers';
import type { FitOptions } from '@descent/train';
import { SpecError, type TrainSpec } from './spec.js';

export interface BuiltRun {
  name: string;
  model: ModelSpec;
  data: { train: Dataset; test: Dataset | null };
  options: FitOptions;
}

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Turn a library message like `sgd: option "lr" must be ...` into the part after the option name. */
const afterOption = (m: string): string => m.replace(/^[A-Za-z]+: option "[^"]+"\s*/, '').replace(/^[A-Za-z]+: /, '');

function buildDataset(spec: TrainSpec, specDir: string, seed: number): { train: Dataset; test: Dataset | null; source: Record<string, unknown> } {
  const d = spec.dataset;
  let ds: Dataset;
  let source: Record<string, unknown>;
  if ('preset' in d) {
    const options = { ...(d.options ?? {}) };
    if (options.seed === undefined && getPreset(d.preset).synthetic) options.seed = seed;
    try {
      ds = makeDataset(d.preset, options);
    } catch (e) {
      throw new SpecError('dataset.options', msg(e).replace(/^makeDataset\('[a-z]+'\):\s*/, ''));
    }
    source = { preset: d.preset, options };
  } else {
    const path = resolve(specDir, d.csv);
    if (!existsSync(path) || !statSync(path).isFile()) throw new SpecError('dataset.csv', `file not found: ${path}`);
    try {
      ds = parseCsv(readFileSync(path, 'utf8'), { targetColumn: d.target, featureColumns: d.features, task: d.task, delimiter: d.delimiter, name: d.csv.replace(/^.*[\\/]/, '') });
    } catch (e) {
      throw new SpecError('dataset.csv', `${path}: ${msg(e)}`);
    }
    source = { csv: path, target: d.target, ...(d.features ? { features: d.features } : {}), ...(d.task ? { task: d.task } : {}) };
  }
  const testFraction = d.testFraction ?? 0.2;
  let train = ds;
  let test: Dataset | null = null;
  if (testFraction > 0) {
    try {
      const split = trainTestSplit(ds, { testFraction, seed, stratify: ds.task !== 'regression' });
      train = split.train;
      test = split.test;
    } catch (e) {
      throw new SpecError('dataset.testFraction', msg(e));
    }
  }
  if (d.standardize) {
    // Fitted on the training rows only, so nothing about the test rows leaks into training.
    const s = standardize(train);
    train = s.applyDataset(train);
    test = test ? s.applyDataset(test) : null;
  }
  return { train, test, source: { ...source, testFraction, standardize: d.standardize ?? false } };
}

/** Layer problems from the layers library ("model spec: layer 2 (dense): ...") become "layers[2]: ...". */
function checkLayers(layers: LayerSpec[], features: number): { out: number } {
  try {
    const { plans } = planModel({ input: features, layers });
    return { out: plans[plans.length - 1].out };
  } catch (e) {
    const m = msg(e);
    const hit = /^model spec: layer (\d+)(?: \([^)]*\))?: (.*)$/s.exec(m);
    if (hit) {
      // For the first layer the "previous layer" is the data set.
      const problem = hit[1] === '0' ? hit[2].replace(/the previous layer outputs (\d+) features/, 'the dataset has $1 features') : hit[2];
      throw new SpecError(`layers[${hit[1]}]`, problem);
    }
    throw new SpecError('layers', m.replace(/^model spec:\s*/, ''));
  }
}

function checkLoss(spec: TrainSpec): LossFn {
  const l = spec.loss;
  try {
    return typeof l === 'string' ? createLoss(l) : createLoss(l.name, (l.options ?? {}) as never);
  } catch (e) {
    throw new SpecError(typeof l === 'string' ? 'loss' : 'loss.name', msg(e).replace(/^loss [A-Za-z0-9_]+: /, ''));
  }
}

function optimizerOptions(spec: TrainSpec): Record<string, unknown> {
  const { name, clipNorm: _n, clipValue: _v, ...options } = spec.optimizer;
  for (const [k, v] of Object.entries(options)) {
    try {
      validateOption(name as OptimizerName, k, v);
    } catch (e) {
      throw new SpecError(`optimizer.${k}`, afterOption(msg(e)));
    }
  }
  return options;
}

function scheduleOptions(spec: TrainSpec): Record<string, unknown> | null {
  if (!spec.schedule) return null;
  const { name, stepEvery: _s, metric: _m, ...options } = spec.schedule;
  try {
    resolveScheduleOptions(name as ScheduleName, options as never);
  } catch (e) {
    const m = msg(e);
    const opt = /option "([^"]+)"/.exec(m)?.[1];
    throw new SpecError(opt ? `schedule.${opt}` : 'schedule', opt ? afterOption(m) : m.replace(/^[A-Za-z]+: /, ''));
  }
  return options;
}

/**
 * Everything a run needs from a parsed spec, with every value checked up front: each problem is one SpecError
 * naming the spec field (dataset file, layer sizes against the data, loss, optimizer and schedule options).
 */
export function buildRun(spec: TrainSpec, specPath: string): BuiltRun {
  const seed = spec.seed ?? 0;
  const loss = checkLoss(spec);
  const optimizer = optimizerOptions(spec);
  const schedule = scheduleOptions(spec);
  const { train, test, source } = buildDataset(spec, dirname(specPath), seed);
  const layers = spec.layers as unknown as LayerSpec[];
  const { out } = checkLayers(layers, train.x.shape[1]);
  const needed = loss.info.target === 'classes' ? train.numClasses : train.y.shape[1];
  if (loss.info.target === 'classes' && needed === undefined) {
    throw new SpecError('loss', `${loss.info.name} needs class labels, but dataset '${train.name}' is a regression task`);
  }
  if (out !== needed) {
    const what = loss.info.target === 'classes' ? `${needed} classes (one output per class for ${loss.info.name})` : `${needed} target column(s) for ${loss.info.name}`;
    throw new SpecError(`layers[${layers.length - 1}]`, `the model outputs ${out} value(s) per sample but dataset '${train.name}' has ${what}`);
  }
  const options: FitOptions = {
    loss: typeof spec.loss === 'string' ? spec.loss : { name: spec.loss.name, options: spec.loss.options ?? {} },
    optimizer: { name: spec.optimizer.name as OptimizerName, options: optimizer, clipNorm: spec.optimizer.clipNorm, clipValue: spec.optimizer.clipValue },
    scheduler: spec.schedule ? { name: spec.schedule.name as ScheduleName, options: schedule ?? {}, stepEvery: spec.schedule.stepEvery, metric: spec.schedule.metric } : null,
    epochs: spec.epochs,
    batch: spec.batch ?? { mode: 'minibatch', batchSize: 32 },
    shuffle: spec.shuffle,
    seed,
    dtype: spec.dtype,
    earlyStopping: spec.earlyStopping ?? null,
    name: spec.name ?? specPath.replace(/^.*[\\/]/, '').replace(/\.json$/i, ''),
    dataSource: source,
  };
  return { name: options.name as string, model: { input: train.x.shape[1], layers }, data: { train, test }, options };
}
