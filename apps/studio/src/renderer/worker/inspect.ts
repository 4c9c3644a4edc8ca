import { Tensor } from '@descent/core-tensor';
import type { LoadedData } from '@descent/data';
import { backprop, forwardTrace, gradientFlow, type BackpropLoss, type GradientFlow, type Module } from '@descent/layers';
import type { FeatureMap, LossSpec } from '@descent/train';
import type { Bounds } from './predictions.js';

// The inside of the network for the Backprop panel, computed where the model lives (the worker): the four
// equations of @descent/layers for one training sample or its mini-batch, and every unit's activation over
// the input plane (2-D inputs). Everything goes out as plain typed arrays, so it can be transferred.

/** A float64 matrix, row-major. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface InspectLayer {
  /** 1-based layer number l, as in the equations. */
  l: number;
  inFeatures: number;
  outFeatures: number;
  /** the activations after the Linear, e.g. ['sigmoid'] (empty: identity) */
  stages: string[];
  equation: 'BP1' | 'BP2';
  /** [rows, units] each; rows = 1 for one sample, the batch size otherwise */
  z: Mat;
  a: Mat;
  gradA: Mat;
  sigmaPrime: Mat | null;
  delta: Mat;
  weight: Mat;
  bias: Float64Array | null;
  gradWeight: Mat;
  gradBias: Float64Array | null;
}

export interface ActivationGrids {
  size: number;
  bounds: Bounds;
  /** a⁰ over the plane, [inputs, size·size]: x₁ and x₂, or the computed features */
  input: Float32Array;
  /** per layer, [units, size·size] activations aˡ over the plane (row 0 = top, y1) */
  layers: Float32Array[];
}

export interface InspectReport {
  mode: 'sample' | 'batch';
  /** the picked training sample */
  sample: number;
  /** the rows used: [start, end) of the training set (one row in sample mode) */
  rows: [number, number];
  samples: number;
  /** optimizer steps taken when this was computed (changes while training) */
  steps: number;
  epoch: number;
  loss: number;
  reduction: 'mean' | 'sum';
  lossName: string;
  /** a⁰ rows (what the model takes), the data's raw input rows, and the targets (class index or values per row) */
  input: Mat;
  raw: Mat;
  target: Mat;
  layers: InspectLayer[];
  flow: GradientFlow;
  grids: ActivationGrids | null;
}

export interface InspectRequest {
  sample: number;
  mode: 'sample' | 'batch';
  batchSize: number;
  /** activation grid size (cells per side); 0 for none */
  grid: number;
}

const CLASS_LOSSES = new Set(['crossEntropy', 'cross_entropy', 'nll']);

export function lossOfSpec(spec: LossSpec): BackpropLoss {
  return typeof spec === 'string' ? { name: spec } : { name: spec.name, options: (spec.options ?? {}) as BackpropLoss['options'] };
}

const mat = (t: Tensor): Mat => ({ rows: t.shape[0], cols: t.shape[1] ?? 1, data: Float64Array.from(t.data as ArrayLike<number>) });

/** Rows [start, end) of the training set: inputs and the targets the loss takes. */
export function rowsOf(d: LoadedData, loss: BackpropLoss, start: number, end: number): { x: Tensor; target: Tensor | Int32Array; targetMat: Mat } {
  const f = d.features, xs = d.train.x.data as ArrayLike<number>;
  const B = end - start;
  const x = new Float64Array(B * f);
  for (let i = 0; i < B * f; i++) x[i] = Number(xs[start * f + i]);
  const k = d.train.y.shape[1] ?? 1, ys = d.train.y.data as ArrayLike<number>;
  if (CLASS_LOSSES.has(loss.name)) {
    const labels = d.train.labels;
    const idx = Int32Array.from({ length: B }, (_, r) => Number(labels ? labels[start + r] : ys[(start + r) * k]));
    return { x: new Tensor(x, [B, f]), target: idx, targetMat: { rows: B, cols: 1, data: Float64Array.from(idx) } };
  }
  const y = new Float64Array(B * k);
  for (let i = 0; i < B * k; i++) y[i] = Number(ys[start * k + i]);
  return { x: new Tensor(x, [B, f]), target: new Tensor(y, [B, k]), targetMat: { rows: B, cols: k, data: y } };
}

/** The mini-batch of `batchSize` rows (in data-set order) that holds `sample`. */
export function batchRows(sample: number, batchSize: number, n: number): [number, number] {
  const b = Math.max(1, Math.min(batchSize, n));
  const start = Math.floor(sample / b) * b;
  return [start, Math.min(n, start + b)];
}

/** Every layer's activation over a size × size grid of the input plane (2-D inputs only). */
export function activationGrids(model: Module, bounds: Bounds, size: number, features: FeatureMap | null = null): ActivationGrids {
  const n = size * size, x = new Float64Array(n * 2);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const i = r * size + c;
      x[2 * i] = bounds.x0 + ((c + 0.5) / size) * (bounds.x1 - bounds.x0);
      x[2 * i + 1] = bounds.y1 - ((r + 0.5) / size) * (bounds.y1 - bounds.y0);
    }
  const plane = new Tensor(x, [n, 2]);
  const tr = forwardTrace(model, features ? features(plane) : plane);
  // [cells, units] → [units, cells]: one thumbnail per unit.
  const byUnit = (t: Tensor, u: number) => {
    const a = t.data as ArrayLike<number>, out = new Float32Array(u * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < u; j++) out[j * n + i] = Number(a[i * u + j]);
    return out;
  };
  return { size, bounds, input: byUnit(tr.input, tr.input.shape[1]), layers: tr.layers.map((L) => byUnit(L.a, L.outFeatures)) };
}

export function inspect(model: Module, d: LoadedData, lossSpec: LossSpec, bounds: Bounds, req: InspectRequest, at: { steps: number; epoch: number }, features: FeatureMap | null = null): InspectReport {
  const loss = lossOfSpec(lossSpec);
  const n = d.train.x.shape[0];
  const sample = Math.max(0, Math.min(n - 1, Math.floor(req.sample)));
  const rows: [number, number] = req.mode === 'batch' ? batchRows(sample, req.batchSize, n) : [sample, sample + 1];
  const { x, target, targetMat } = rowsOf(d, loss, rows[0], rows[1]);
  const r = backprop(model, features ? features(x) : x, target, loss);
  const layers: InspectLayer[] = r.layers.map((L, i) => ({
    l: i + 1,
    inFeatures: L.inFeatures,
    outFeatures: L.outFeatures,
    stages: L.stages.map((s) => s.name),
    equation: L.equation,
    z: mat(L.z),
    a: mat(L.a),
    gradA: mat(L.gradA),
    sigmaPrime: L.sigmaPrime ? mat(L.sigmaPrime) : null,
    delta: mat(L.delta),
    weight: mat(L.weight),
    bias: L.bias ? Float64Array.from(L.bias.data as ArrayLike<number>) : null,
    gradWeight: mat(L.gradWeight),
    gradBias: L.gradBias ? Float64Array.from(L.gradBias.data as ArrayLike<number>) : null,
  }));
  return {
    mode: req.mode,
    sample,
    rows,
    samples: n,
    steps: at.steps,
    epoch: at.epoch,
    loss: r.loss,
    reduction: r.reduction,
    lossName: loss.name,
    input: mat(r.input),
    raw: mat(x),
    target: targetMat,
    layers,
    flow: gradientFlow(r),
    grids: req.grid > 0 && d.features === 2 ? activationGrids(model, bounds, req.grid, features) : null,
  };
}

/** The buffers of a report, to transfer instead of copy. */
export function transferables(r: InspectReport): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const m = (x: Mat | null) => x && out.push(x.data.buffer as ArrayBuffer);
  for (const L of r.layers) {
    [L.z, L.a, L.gradA, L.sigmaPrime, L.delta, L.weight, L.gradWeight].forEach(m);
    if (L.bias) out.push(L.bias.buffer as ArrayBuffer);
    if (L.gradBias) out.push(L.gradBias.buffer as ArrayBuffer);
  }
  m(r.input);
  m(r.raw);
  m(r.target);
  if (r.grids) out.push(r.grids.input.buffer as ArrayBuffer);
  for (const g of r.grids?.layers ?? []) out.push(g.buffer as ArrayBuffer);
  return out;
}
