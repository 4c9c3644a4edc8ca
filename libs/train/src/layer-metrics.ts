import type { DenseRef } from './metrics.js';

// Per-layer training signals, one value per dense layer per epoch. Each metric is self-contained: how it is
// measured around the optimizer step and how it is shown (label, scale). The trainer, the record, the Studio's
// charts, Compare and the CSV export all iterate this list, so a new metric is one entry here.

export interface LayerMetricProbe {
  /** After backward, before the optimizer step. */
  beforeStep?(): void;
  /** After the optimizer step (not called for a diverged batch, which gets no step). */
  afterStep(): void;
  /** The last batch's value per layer. */
  batch(): (number | null)[];
  /** Mean over the epoch's batches so far, per layer. */
  epoch(): (number | null)[];
  /** Start of an epoch. */
  reset(): void;
}

export interface LayerMetric {
  /** Key in the record's `epochs[i].layers` and in CSV columns. */
  name: string;
  label: string;
  /** The quantity, as TeX. */
  symbol: string;
  description: string;
  scale: 'log' | 'linear';
  create(layers: readonly DenseRef[]): LayerMetricProbe;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Sum of squares of a layer's parameters (weight and bias) or of their gradients. */
function sumSq(d: DenseRef, what: 'value' | 'grad'): number {
  let s = 0;
  for (const v of d.bias ? [d.weight, d.bias] : [d.weight]) {
    const t = what === 'value' ? v.value : v.grad;
    if (!t) continue;
    const x = t.data;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  }
  return s;
}

/** Running mean per layer over an epoch's batches. */
class Mean {
  private sums: number[];
  private n = 0;
  last: number[];
  constructor(k: number) {
    this.sums = new Array<number>(k).fill(0);
    this.last = new Array<number>(k).fill(NaN);
  }
  add(values: number[]): void {
    this.last = values;
    for (let i = 0; i < values.length; i++) this.sums[i] += values[i];
    this.n++;
  }
  mean(): (number | null)[] {
    return this.sums.map((s) => (this.n ? finite(s / this.n) : null));
  }
  reset(): void {
    this.sums.fill(0);
    this.n = 0;
  }
}

/** ‖∂L/∂θ‖₂ of each dense layer (weight and bias together). */
export const gradNormMetric: LayerMetric = {
  name: 'gradNorm',
  label: 'Gradient norm per layer',
  symbol: '\\lVert \\partial L / \\partial \\theta_l \\rVert_2',
  description: 'L2 norm of the gradient of each dense layer (weight and bias), mean over the epoch’s batches. Tiny values in the first layers mean vanishing gradients.',
  scale: 'log',
  create(layers) {
    const m = new Mean(layers.length);
    let pending: number[] = [];
    return {
      // Read before the step: the optimizer may change gradients in place (clipping, weight decay).
      beforeStep: () => void (pending = layers.map((d) => Math.sqrt(sumSq(d, 'grad')))),
      afterStep: () => m.add(pending),
      batch: () => m.last.map(finite),
      epoch: () => m.mean(),
      reset: () => m.reset(),
    };
  },
};

/**
 * ‖Δθ‖ / ‖θ‖ of each dense layer: how large the optimizer's step is against the parameters. The usual health
 * signal for the learning rate: about 1e-3 trains well; 1e-1 and above is too aggressive; 1e-6 barely moves.
 */
export const updateRatioMetric: LayerMetric = {
  name: 'updateRatio',
  label: 'Update / weight ratio per layer',
  symbol: '\\lVert \\Delta \\theta_l \\rVert / \\lVert \\theta_l \\rVert',
  description: 'Size of each optimizer step relative to the layer’s parameters (weight and bias), mean over the epoch’s steps. Around 1e-3 is healthy; far above, the learning rate is too high; far below, the layer barely learns.',
  scale: 'log',
  create(layers) {
    const m = new Mean(layers.length);
    const before = layers.map((d) => ({ w: new Float64Array(d.weight.value.size), b: d.bias ? new Float64Array(d.bias.value.size) : null }));
    const norms = new Array<number>(layers.length).fill(0);
    return {
      beforeStep() {
        layers.forEach((d, i) => {
          before[i].w.set(d.weight.value.data);
          if (d.bias && before[i].b) before[i].b!.set(d.bias.value.data);
          norms[i] = Math.sqrt(sumSq(d, 'value'));
        });
      },
      afterStep() {
        m.add(
          layers.map((d, i) => {
            let s = 0;
            const w = d.weight.value.data, w0 = before[i].w;
            for (let j = 0; j < w.length; j++) s += (w[j] - w0[j]) ** 2;
            if (d.bias && before[i].b) {
              const b = d.bias.value.data, b0 = before[i].b!;
              for (let j = 0; j < b.length; j++) s += (b[j] - b0[j]) ** 2;
            }
            return norms[i] > 0 ? Math.sqrt(s) / norms[i] : NaN;
          }),
        );
      },
      batch: () => m.last.map(finite),
      epoch: () => m.mean(),
      reset: () => m.reset(),
    };
  },
};

export const LAYER_METRICS: readonly LayerMetric[] = [gradNormMetric, updateRatioMetric];
