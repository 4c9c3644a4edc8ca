// `training` cases (fixtures README section 6): a whole training run through the product's own loop,
// @descent/train's fitSync, in float64 with the fixture's fixed order (no shuffle, consecutive batches,
// partial last batch kept). Compares every batch loss, epoch loss, batch lr and the final parameters.
import { classificationDataset, regressionDataset, type Dataset } from '@descent/data';
import { LAYER_TYPES } from '@descent/layers';
import { createLoss, lossInfo, type LossName } from '@descent/losses';
import { isOptimizerName } from '@descent/optimizers';
import { isScheduleName } from '@descent/schedulers';
import { fitSync, type FitOptions } from '@descent/train';
import { Checker, type CaseResult } from '../compare.js';

interface DenseFixture {
  type: 'dense';
  in: number;
  out: number;
  weight: number[][];
  bias: number[];
}
type LayerFixture = DenseFixture | { type: 'activation'; fn: string; options?: Record<string, number> };

interface TrainingCase {
  name: string;
  layers: LayerFixture[];
  loss: { type: string; reduction: 'mean' | 'sum'; options?: Record<string, number> };
  optimizer: string;
  options: Record<string, unknown>;
  scheduler?: { scheduler: string; options: Record<string, unknown>; stepEvery: 'epoch' | 'batch'; metric?: 'epochLoss' };
  x: number[][];
  y: number[][] | number[];
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  expected: {
    batchLosses: number[];
    epochLosses: number[];
    batchLrs: number[];
    finalLayers: { weight: number[][]; bias: number[] }[];
  };
}

function unsupported(what: string): never {
  throw new Error(`unsupported: ${what}`);
}

/** The fixture's data as a Dataset: class indices for cross_entropy/nll, float target rows otherwise. */
function datasetOf(c: TrainingCase, classTargets: boolean): Dataset {
  const features = c.x[0]?.length ?? 0;
  const x = Float64Array.from(c.x.flat());
  if (classTargets) {
    const last = [...c.layers].reverse().find((l): l is DenseFixture => l.type === 'dense');
    const k = last?.out ?? 0;
    const labels = Int32Array.from(c.y as number[]);
    return classificationDataset({
      name: c.name,
      x,
      features,
      labels,
      classNames: Array.from({ length: k }, (_, i) => String(i)),
      featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
      task: 'multiclass',
      encoding: 'index',
    });
  }
  const rows = c.y as number[][];
  const outputs = rows[0]?.length ?? 0;
  return regressionDataset({
    name: c.name,
    x,
    features,
    y: Float64Array.from(rows.flat()),
    outputs,
    featureNames: Array.from({ length: features }, (_, i) => `x${i}`),
    targetNames: Array.from({ length: outputs }, (_, i) => `y${i}`),
  });
}

export function runTrainingCase(c: TrainingCase): CaseResult {
  for (const l of c.layers) if (!(LAYER_TYPES as readonly string[]).includes(l.type)) unsupported(`layer type "${l.type}"`);
  try {
    createLoss(c.loss.type);
  } catch {
    unsupported(`loss "${c.loss.type}"`);
  }
  if (!isOptimizerName(c.optimizer)) unsupported(`optimizer "${c.optimizer}"`);
  if (c.scheduler && !isScheduleName(c.scheduler.scheduler)) unsupported(`scheduler "${c.scheduler.scheduler}"`);
  if (c.shuffle !== false) unsupported('shuffle: true (fixtures never reorder data)');
  if (c.scheduler?.metric !== undefined && c.scheduler.metric !== 'epochLoss') unsupported(`scheduler metric "${c.scheduler.metric}"`);

  const classTargets = lossInfo(c.loss.type).target === 'classes';
  const options: FitOptions = {
    loss: { name: c.loss.type as LossName, options: { reduction: c.loss.reduction, ...(c.loss.options ?? {}) } },
    optimizer: { name: c.optimizer, options: c.options },
    scheduler: c.scheduler
      ? {
          name: c.scheduler.scheduler as never,
          options: c.scheduler.options,
          stepEvery: c.scheduler.stepEvery,
          // The README's epochLoss is the unweighted mean of the epoch's batch losses: fit's trainLoss.
          ...(c.scheduler.metric ? { metric: 'trainLoss' as const } : {}),
        }
      : null,
    epochs: c.epochs,
    batch: { mode: 'minibatch', batchSize: c.batchSize },
    shuffle: false,
    dtype: 'float64',
    recordParameters: true,
  };
  const record = fitSync({ layers: c.layers as never }, datasetOf(c, classTargets), options);

  const check = new Checker();
  if (record.status !== 'completed') check.fail(`run ended with status ${record.status}${record.divergence ? ` at epoch ${record.divergence.epoch}, batch ${record.divergence.batch}` : ''}`);
  const nulls = (a: (number | null)[]): number[] => a.map((v) => (v === null ? NaN : v));
  check.numbers('batchLosses', nulls(record.batches.loss), c.expected.batchLosses);
  check.numbers('epochLosses', nulls(record.epochs.map((e) => e.trainLoss)), c.expected.epochLosses);
  check.numbers('batchLrs', record.batches.lr, c.expected.batchLrs);
  const layers = record.parameters ?? [];
  if (layers.length !== c.expected.finalLayers.length) {
    check.fail(`finalLayers: ${layers.length} dense layers, expected ${c.expected.finalLayers.length}`);
  } else {
    c.expected.finalLayers.forEach((e, i) => {
      const w = layers[i].weight;
      check.nested(`finalLayers[${i}].weight`, nulls(w.flat()), [w.length, w[0]?.length ?? 0], e.weight);
      check.numbers(`finalLayers[${i}].bias`, nulls(layers[i].bias ?? []), e.bias);
    });
  }
  return check.result();
}
