import { Tensor } from '@descent/core-tensor';

/** What a dataset asks of a model: one 0/1 output, k class scores, or real-valued outputs. */
export type Task = 'binary' | 'multiclass' | 'regression';

/**
 * How `y` encodes the target:
 * - 'binary'  : [n, 1], 0 or 1 (class index 1 is the positive class) — train with bce / bceWithLogits.
 * - 'onehot'  : [n, k], one-hot rows — the class index is in `labels` for crossEntropy.
 * - 'index'   : [n, 1], the class index as a float (CSV option `labels: 'index'`).
 * - 'values'  : [n, outputs], real targets — train with mse.
 */
export type TargetEncoding = 'binary' | 'onehot' | 'index' | 'values';

/**
 * A supervised dataset held as tensors (float64 from the generators and CSV; float32 is accepted), one row per sample.
 * Classification datasets ('binary' and 'multiclass') always carry `labels`, `numClasses` and
 * `classNames`, so a loss that wants class indices never has to decode `y`.
 */
export interface Dataset {
  /** Human-readable name, e.g. 'circles' or the CSV file name. */
  readonly name: string;
  readonly task: Task;
  /** Features, [n, features]: float64 from the generators and CSV; a float32 x is taken as it is. */
  readonly x: Tensor;
  /** Targets, [n, outputs] (float64 or float32); layout given by `targetEncoding`. */
  readonly y: Tensor;
  readonly targetEncoding: TargetEncoding;
  /** Class index per row (classification only). */
  readonly labels?: Int32Array;
  /** Number of classes (classification only; 2 for binary). */
  readonly numClasses?: number;
  /** Class name per class index (classification only). */
  readonly classNames?: readonly string[];
  /** One name per column of `x`. */
  readonly featureNames: readonly string[];
  /** One name per column of `y` (the class names for one-hot targets). */
  readonly targetNames: readonly string[];
  /** Set when each row of `x` is an image: [height, width], pixels row-major (e.g. [8, 8] for 'digits'). */
  readonly imageShape?: readonly [number, number];
}

/** Number of rows. */
export function numSamples(ds: Dataset): number {
  return ds.x.shape[0];
}

export function isClassification(ds: Dataset): boolean {
  return ds.task !== 'regression';
}

/** Builds a float64 [rows, cols] tensor from a flat row-major array. */
export function matrix(data: Float64Array, rows: number, cols: number): Tensor {
  return new Tensor(data, [rows, cols]);
}

/** Target tensor for class indices in the given encoding. */
export function encodeLabels(labels: Int32Array, numClasses: number, encoding: 'binary' | 'onehot' | 'index'): Tensor {
  const n = labels.length;
  if (encoding === 'onehot') {
    const y = new Float64Array(n * numClasses);
    for (let i = 0; i < n; i++) y[i * numClasses + labels[i]] = 1;
    return matrix(y, n, numClasses);
  }
  if (encoding === 'binary' && numClasses !== 2) {
    throw new Error(`encodeLabels: binary encoding needs exactly 2 classes, got ${numClasses}`);
  }
  return matrix(Float64Array.from(labels), n, 1);
}

export interface ClassificationParts {
  name: string;
  x: Float64Array;
  features: number;
  labels: Int32Array;
  classNames: readonly string[];
  featureNames: readonly string[];
  /** Each row is a [height, width] image (height × width = features). */
  imageShape?: readonly [number, number];
  /** 'binary' gives one 0/1 column; 'multiclass' one-hot (or index columns with encoding 'index'). */
  task: 'binary' | 'multiclass';
  encoding?: 'onehot' | 'index';
}

/** Assembles a classification Dataset, checking that the parts agree. */
export function classificationDataset(p: ClassificationParts): Dataset {
  const n = p.labels.length;
  const k = p.classNames.length;
  if (p.x.length !== n * p.features) {
    throw new Error(`classificationDataset: x has ${p.x.length} values, expected ${n} rows × ${p.features} features`);
  }
  if (p.featureNames.length !== p.features) {
    throw new Error(`classificationDataset: ${p.featureNames.length} feature names for ${p.features} features`);
  }
  if (p.imageShape && p.imageShape[0] * p.imageShape[1] !== p.features) {
    throw new Error(`classificationDataset: imageShape ${p.imageShape[0]}×${p.imageShape[1]} does not hold ${p.features} features`);
  }
  for (let i = 0; i < n; i++) {
    if (p.labels[i] < 0 || p.labels[i] >= k) throw new Error(`classificationDataset: label ${p.labels[i]} at row ${i} is outside 0..${k - 1}`);
  }
  if (p.task === 'binary' && k !== 2) throw new Error(`classificationDataset: a binary task needs 2 classes, got ${k}`);
  const encoding: TargetEncoding = p.task === 'binary' ? 'binary' : (p.encoding ?? 'onehot');
  return {
    name: p.name,
    task: p.task,
    x: matrix(p.x, n, p.features),
    y: encodeLabels(p.labels, k, encoding),
    targetEncoding: encoding,
    labels: p.labels,
    numClasses: k,
    classNames: [...p.classNames],
    featureNames: [...p.featureNames],
    targetNames: encoding === 'onehot' ? [...p.classNames] : ['label'],
    ...(p.imageShape ? { imageShape: [p.imageShape[0], p.imageShape[1]] as const } : {}),
  };
}

export interface RegressionParts {
  name: string;
  x: Float64Array;
  features: number;
  y: Float64Array;
  outputs: number;
  featureNames: readonly string[];
  targetNames: readonly string[];
}

export function regressionDataset(p: RegressionParts): Dataset {
  const n = p.features > 0 ? p.x.length / p.features : 0;
  if (!Number.isInteger(n) || p.y.length !== n * p.outputs) {
    throw new Error(`regressionDataset: x has ${p.x.length} values for ${p.features} features but y has ${p.y.length} for ${p.outputs} outputs`);
  }
  if (p.featureNames.length !== p.features || p.targetNames.length !== p.outputs) {
    throw new Error('regressionDataset: feature/target names do not match the column counts');
  }
  return {
    name: p.name,
    task: 'regression',
    x: matrix(p.x, n, p.features),
    y: matrix(p.y, n, p.outputs),
    targetEncoding: 'values',
    featureNames: [...p.featureNames],
    targetNames: [...p.targetNames],
  };
}
