import type { Tensor } from '@descent/core-tensor';
import type { Var } from '@descent/autodiff';
import { Linear, Sequential, type Module } from '@descent/layers';
import type { Task } from '@descent/data';
import type { LayerGradNorm } from './record.js';

/** A dense layer found in a model, with its position in the top-level layer list. */
export interface DenseRef {
  layer: number;
  name: string;
  weight: Var;
  bias: Var | null;
}

/** Every dense (Linear) layer in forward order; `layer` is the index in the top-level Sequential (0 for a bare Linear). */
export function denseLayers(model: Module): DenseRef[] {
  const out: DenseRef[] = [];
  const walk = (m: Module, top: number): void => {
    if (m instanceof Linear) out.push({ layer: top, name: `${String(m)}`, weight: m.weight, bias: m.bias });
    else if (m instanceof Sequential) m.modules.forEach((c, i) => walk(c, m === model ? i : top));
  };
  walk(model, 0);
  return out;
}

function l2(t: Tensor | null): number {
  if (!t) return 0;
  const d = t.data;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s);
}

/** L2 norms of each dense layer's current weight and bias gradients (0 where no gradient flowed). */
export function gradNorms(layers: readonly DenseRef[]): LayerGradNorm[] {
  return layers.map((d) => ({ layer: d.layer, name: d.name, weight: l2(d.weight.grad), bias: d.bias ? l2(d.bias.grad) : null }));
}

/** Running mean of gradient norms over an epoch's batches. */
export class GradNormMean {
  private sums: { w: number; b: number }[] = [];
  private n = 0;

  add(norms: readonly LayerGradNorm[]): void {
    if (this.n === 0) this.sums = norms.map(() => ({ w: 0, b: 0 }));
    norms.forEach((g, i) => {
      this.sums[i].w += g.weight ?? NaN;
      this.sums[i].b += g.bias ?? 0;
    });
    this.n++;
  }

  mean(layers: readonly DenseRef[]): LayerGradNorm[] {
    return layers.map((d, i) => ({
      layer: d.layer,
      name: d.name,
      weight: this.n ? finite(this.sums[i].w / this.n) : 0,
      bias: d.bias ? (this.n ? finite(this.sums[i].b / this.n) : 0) : null,
    }));
  }

  reset(): void {
    this.n = 0;
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * How model outputs become class predictions:
 * - several outputs: the arg-max (logits, probabilities or log-probabilities alike);
 * - one output for a binary task: above `threshold` is class 1 (0 for logits, 0.5 for probabilities or 0/1 regression).
 */
export interface Decoder {
  threshold: number;
}

/** Class predictions for every row of a [n, k] output, or null for a regression task. */
export function predictClasses(output: Tensor, task: Task, decoder: Decoder): Int32Array | null {
  if (task === 'regression') return null;
  const [n, k] = output.shape.length === 2 ? output.shape : [output.shape[0] ?? 1, 1];
  const d = output.data;
  const pred = new Int32Array(n);
  if (k === 1) {
    for (let r = 0; r < n; r++) pred[r] = d[r] > decoder.threshold ? 1 : 0;
    return pred;
  }
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (d[r * k + j] > d[r * k + best]) best = j;
    pred[r] = best;
  }
  return pred;
}

/** Fraction of rows whose predicted class equals the label (null for regression). */
export function accuracy(output: Tensor, labels: Int32Array | undefined, task: Task, decoder: Decoder): number | null {
  if (!labels) return null;
  const pred = predictClasses(output, task, decoder);
  if (!pred) return null;
  if (pred.length !== labels.length) throw new Error(`accuracy: ${pred.length} predictions for ${labels.length} labels`);
  if (labels.length === 0) return null;
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) hit++;
  return hit / labels.length;
}
