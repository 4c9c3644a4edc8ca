import { Tensor, cast, type DType } from '@descent/core-tensor';
import { constant, noGrad } from '@descent/autodiff';
import { isModule, type Module } from '@descent/layers';
import { createLoss, type LossFn } from '@descent/losses';
import type { Dataset } from '@descent/data';
import { accuracy, denseLayers } from './metrics.js';
import type { LossSpec } from './options.js';

export interface GridBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface GridPrediction {
  /** Cells per row (x) and rows (y). */
  width: number;
  height: number;
  bounds: GridBounds;
  /** Cell-centre coordinates along x (width entries) and y (height entries). */
  xs: Float64Array;
  ys: Float64Array;
  /** Model outputs per cell. */
  outputs: number;
  /** Raw model outputs, row-major: cell (row r, column c) starts at (r·width + c)·outputs; row r is ys[r]. */
  values: Float64Array;
  /**
   * With `loss` given: the probability of class 1 (one output) or of the winning class (several), per cell;
   * for regression losses the raw output of the first unit.
   */
  probability: Float64Array | null;
  /** With `loss` given and a classification loss: the predicted class per cell. */
  classes: Int32Array | null;
}

export interface PredictGridOptions {
  /** The loss the model was trained with: says how outputs become probabilities and classes. */
  loss?: LossSpec;
  /** The run's feature map (PreparedRun.features): grid points are in the data's two inputs, mapped before the model. */
  features?: ((x: Tensor) => Tensor) | null;
}

function modelDType(model: Module): DType {
  return model.parameters()[0]?.dtype ?? 'float32';
}

function lossOf(spec: LossSpec): LossFn {
  return typeof spec === 'string' ? createLoss(spec) : createLoss(spec.name, (spec.options ?? {}) as never);
}

/** Forward pass in eval mode without a graph; restores the module's mode afterwards. */
export function predict(model: Module, x: Tensor): Tensor {
  if (!isModule(model)) throw new Error('predict: model must be a Module');
  const dtype = modelDType(model);
  const input = x.dtype === dtype ? x : cast(x, dtype);
  return noGrad(() => {
    const was = model.training;
    model.eval();
    try {
      return model.forward(constant(input)).value;
    } finally {
      model.train(was);
    }
  });
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * The model's output over a resolution×resolution grid of cell centres covering `bounds` (2-feature models),
 * for the app's decision-boundary heatmap.
 */
export function predictGrid(model: Module, bounds: GridBounds, resolution: number | { x: number; y: number }, options: PredictGridOptions = {}): GridPrediction {
  const b = bounds;
  for (const k of ['xMin', 'xMax', 'yMin', 'yMax'] as const) {
    if (typeof b?.[k] !== 'number' || !Number.isFinite(b[k])) throw new Error(`predictGrid: bounds.${k} must be a finite number, got ${String(b?.[k])}`);
  }
  if (!(b.xMax > b.xMin) || !(b.yMax > b.yMin)) throw new Error(`predictGrid: bounds must have xMax > xMin and yMax > yMin, got ${JSON.stringify(b)}`);
  const width = typeof resolution === 'number' ? resolution : resolution?.x;
  const height = typeof resolution === 'number' ? resolution : resolution?.y;
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 4096) throw new Error(`predictGrid: resolution (${k}) must be an integer in 1..4096, got ${String(v)}`);
  }
  const first = denseLayers(model)[0];
  if (first && !options.features && first.weight.shape[1] !== 2) throw new Error(`predictGrid: the model takes ${first.weight.shape[1]} input features; a grid needs exactly 2`);
  const xs = Float64Array.from({ length: width }, (_, c) => b.xMin + ((c + 0.5) * (b.xMax - b.xMin)) / width);
  const ys = Float64Array.from({ length: height }, (_, r) => b.yMin + ((r + 0.5) * (b.yMax - b.yMin)) / height);
  const n = width * height;
  const input = new Float64Array(2 * n);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      input[2 * (r * width + c)] = xs[c];
      input[2 * (r * width + c) + 1] = ys[r];
    }
  }
  const points = new Tensor(input, [n, 2]);
  const out = predict(model, options.features ? options.features(points) : points);
  const k = out.shape[1] ?? 1;
  const values = Float64Array.from(out.data);
  let probability: Float64Array | null = null;
  let classes: Int32Array | null = null;
  if (options.loss !== undefined) {
    const info = lossOf(options.loss).info;
    probability = new Float64Array(n);
    const classification = info.target === 'classes' || info.expects !== 'values';
    if (classification) classes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = values.subarray(i * k, (i + 1) * k);
      if (k === 1) {
        const v = row[0];
        const p = info.expects === 'logits' ? sigmoid(v) : info.expects === 'logProbabilities' ? Math.exp(v) : v;
        probability[i] = p;
        if (classes) classes[i] = p > 0.5 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let j = 1; j < k; j++) if (row[j] > row[best]) best = j;
      if (classes) classes[i] = best;
      if (info.expects === 'logits') {
        let s = 0;
        for (let j = 0; j < k; j++) s += Math.exp(row[j] - row[best]);
        probability[i] = 1 / s;
      } else if (info.expects === 'logProbabilities') probability[i] = Math.exp(row[best]);
      else probability[i] = classification ? row[best] : row[0];
    }
  }
  return { width, height, bounds: { ...b }, xs, ys, outputs: k, values, probability, classes };
}

export interface Evaluation {
  loss: number;
  /** Classification datasets only. */
  accuracy: number | null;
  samples: number;
}

/** Loss (and accuracy for classification) of the model on a whole dataset, in eval mode. */
export function evaluate(model: Module, data: Dataset, options: { loss: LossSpec }): Evaluation {
  if (!data || !(data.x instanceof Tensor)) throw new Error('evaluate: data must be a Dataset');
  const loss = lossOf(options?.loss);
  const out = predict(model, data.x);
  const dtype = modelDType(model);
  let target: Tensor | Int32Array;
  if (loss.info.target === 'classes') {
    if (!data.labels) throw new Error(`evaluate: loss ${loss.info.name} needs class labels, dataset '${data.name}' has none`);
    target = data.labels;
  } else target = data.y.dtype === dtype ? data.y : cast(data.y, dtype);
  const value = noGrad(() => loss(out, target as never).item());
  const acc = accuracy(out, data.labels, data.task, { threshold: loss.info.expects === 'logits' ? 0 : 0.5 });
  return { loss: value, accuracy: acc, samples: data.x.shape[0] };
}
