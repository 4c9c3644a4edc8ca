import { OptionError, ShapeError, Tensor, cast, gatherRows, type DType } from '@descent/core-tensor';
import { constant, noGrad } from '@descent/autodiff';
import type { Module } from '@descent/layers';
import type { LossFn } from '@descent/losses';
import type { Dataset } from '@descent/data';
import type { DenseRef } from './metrics.js';
import type { MetricName } from './record.js';

// The data side of a run: the datasets given to fit(), cast to the run's dtype, and the checks that the model,
// the loss and the data fit together (each refusal names what does not fit).

/** Training data: one dataset, or a train set with an optional test set (evaluated after every epoch). */
export type DataInput = Dataset | { train: Dataset; test?: Dataset | null };

/** A dataset in the run's dtype. */
export interface Prepared {
  ds: Dataset;
  x: Tensor;
  y: Tensor;
  n: number;
}

export function isDataset(d: unknown): d is Dataset {
  return !!d && typeof d === 'object' && (d as Dataset).x instanceof Tensor && (d as Dataset).y instanceof Tensor;
}

/** The train and test datasets of a DataInput. */
export function splitInput(data: DataInput): { train: Dataset; test: Dataset | null } {
  const train = isDataset(data) ? data : (data as { train?: unknown })?.train;
  const test = isDataset(data) ? null : ((data as { test?: unknown })?.test ?? null);
  if (!isDataset(train)) throw new OptionError('fit', 'data', 'must be a Dataset or { train: Dataset, test?: Dataset } (see classificationDataset / regressionDataset)');
  if (test !== null && !isDataset(test)) throw new OptionError('fit', 'data', 'data.test must be a Dataset (or null)');
  return { train, test };
}

export function prepareSet(ds: Dataset, which: 'train' | 'test', dtype: DType): Prepared {
  if (ds.x.shape.length !== 2) throw new ShapeError('fit', `${which} x must be [rows, features], got shape [${ds.x.shape.join(', ')}]`, { option: 'data' });
  const n = ds.x.shape[0];
  if (ds.y.shape[0] !== n) throw new ShapeError('fit', `the ${which} set has ${n} rows of x but ${ds.y.shape[0]} rows of y`, { option: 'data' });
  const x = ds.x.dtype === dtype ? ds.x : cast(ds.x, dtype);
  const y = ds.y.dtype === dtype ? ds.y : cast(ds.y, dtype);
  return { ds, x, y, n };
}

/** Input width, output width and target kind must fit together; say which one does not. */
export function checkFit(model: Module, dense: readonly DenseRef[], loss: LossFn, train: Prepared, test: Prepared | null): void {
  const ds = train.ds;
  const features = train.x.shape[1];
  const first = dense[0];
  if (first && first.weight.shape[1] !== features) {
    throw new ShapeError('fit', `the model's first dense layer expects ${first.weight.shape[1]} input features but dataset '${ds.name}' has ${features}`, { option: 'model' });
  }
  if (test && test.x.shape[1] !== features) throw new ShapeError('fit', `the test set has ${test.x.shape[1]} features but the training set has ${features}`, { option: 'data' });
  const probe = noGrad(() => {
    const wasTraining = model.training;
    model.eval();
    try {
      return model.forward(constant(train.n > 0 ? gatherRows(train.x, [0]) : train.x));
    } finally {
      model.train(wasTraining);
    }
  });
  const outputs = probe.shape[1] ?? 1;
  const lossName = loss.info.name;
  if (loss.info.target === 'classes') {
    if (!ds.labels || ds.numClasses === undefined) {
      throw new OptionError('fit', 'loss', `${lossName} needs class labels, but dataset '${ds.name}' is a ${ds.task} task without labels`, { value: lossName });
    }
    if (outputs !== ds.numClasses) {
      throw new ShapeError('fit', `loss ${lossName} needs one output per class: dataset '${ds.name}' has ${ds.numClasses} classes but the model outputs ${outputs} values`, { option: 'model' });
    }
  } else {
    const cols = ds.y.shape[1] ?? 1;
    if (outputs !== cols) {
      throw new ShapeError('fit', `the model outputs ${outputs} values per sample but dataset '${ds.name}' has ${cols} target column(s) (loss ${lossName}, target encoding '${ds.targetEncoding}')`, { option: 'model' });
    }
  }
}

/** A metric (plateau's, early stopping's) must exist for this data. */
export function checkMetric(m: MetricName | null, option: 'scheduler' | 'earlyStopping', train: Dataset, hasTest: boolean): void {
  if (m === null) return;
  if ((m === 'testLoss' || m === 'testAccuracy') && !hasTest) throw new OptionError('fit', option, `metric '${m}' needs a test set; pass data as { train, test }`, { value: m, path: [option, 'metric'] });
  if (m.endsWith('Accuracy') && train.task === 'regression') throw new OptionError('fit', option, `metric '${m}' needs a classification dataset, '${train.name}' is regression`, { value: m, path: [option, 'metric'] });
}
