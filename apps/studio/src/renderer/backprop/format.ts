import type { Explanation } from '../engine/explanations.js';
import type { InspectLayer, Mat } from '../worker/inspect.js';

// Labels, numbers and colours for the Backprop panel: every quantity with the equation that produced it.

/** A number for a cell or readout: 4 significant digits, exponent form when tiny or huge. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(2) : v.toPrecision(4).replace(/\.?0+$/, '');
}

const ACT_TEX: Record<string, string> = { sigmoid: '\\sigma', tanh: '\\tanh', relu: '\\mathrm{ReLU}', leakyRelu: '\\mathrm{LeakyReLU}', elu: '\\mathrm{ELU}', softplus: '\\mathrm{softplus}', gelu: '\\mathrm{GELU}', silu: '\\mathrm{SiLU}', softmax: '\\mathrm{softmax}', logSoftmax: '\\log\\mathrm{softmax}' };

/** f(z) for the layer's stages, e.g. σ(z³) or z³ (no activation). */
export function activationTex(stages: readonly string[], arg: string): string {
  return stages.reduce((inner, s) => (s === 'identity' ? inner : `${ACT_TEX[s] ?? `\\mathrm{${s}}`}(${inner})`), arg);
}

export interface LayerTex {
  z: string;
  a: string;
  gradA: string;
  sigmaPrime: string;
  delta: string;
  gradWeight: string;
  gradBias: string;
}

/** The equations of layer l (1-based) with its number filled in; L is the output layer's number. */
export function layerTex(layer: Pick<InspectLayer, 'l' | 'stages' | 'equation'>, batch: boolean): LayerTex {
  const l = layer.l, p = l - 1, u = l + 1;
  const sum = batch ? '\\sum_{\\text{rows}} ' : '';
  const rowwise = layer.stages.some((s) => s === 'softmax' || s === 'logSoftmax');
  const odot = rowwise ? `J_{a^{${l}}}(z^{${l}})^{\\!\\top}` : '';
  return {
    z: `z^{${l}} = W^{${l}} a^{${p}} + b^{${l}}`,
    a: `a^{${l}} = ${activationTex(layer.stages, `z^{${l}}`)}`,
    gradA: layer.equation === 'BP1' ? `\\partial C / \\partial a^{${l}} = \\nabla_a C` : `\\partial C / \\partial a^{${l}} = (W^{${u}})^{\\top} \\delta^{${u}}`,
    sigmaPrime: `\\sigma'(z^{${l}})`,
    delta: rowwise
      ? `\\delta^{${l}} = ${odot}\\, \\partial C / \\partial a^{${l}}`
      : layer.equation === 'BP1'
        ? `\\delta^{${l}} = \\nabla_a C \\odot \\sigma'(z^{${l}})`
        : `\\delta^{${l}} = \\big((W^{${u}})^{\\top} \\delta^{${u}}\\big) \\odot \\sigma'(z^{${l}})`,
    gradWeight: `\\frac{\\partial C}{\\partial W^{${l}}} = ${sum}\\delta^{${l}} (a^{${p}})^{\\top}`,
    gradBias: `\\frac{\\partial C}{\\partial b^{${l}}} = ${sum}\\delta^{${l}}`,
  };
}

export const EXPLAIN: Record<'z' | 'a' | 'gradA' | 'sigmaPrime' | 'delta' | 'gradWeight' | 'gradBias' | 'vanishing' | 'batch', Explanation> = {
  z: { title: 'Pre-activation zˡ', text: 'What the Linear layer computes from the layer below: a weighted sum of its outputs plus a bias, one number per unit.', tex: ['z^{l} = W^{l} a^{l-1} + b^{l}'] },
  a: { title: 'Activation aˡ', text: 'The layer’s output: the activation function applied to zˡ element by element. a⁰ is the input.', tex: ['a^{l} = \\sigma(z^{l})'] },
  gradA: {
    title: 'Upstream gradient ∂C/∂aˡ',
    text: 'How the loss changes with this layer’s output. At the output it is the loss’s own gradient; below, the layer above sends its δ back through its weights.',
    tex: ['\\partial C/\\partial a^{L} = \\nabla_a C', '\\partial C/\\partial a^{l} = (W^{l+1})^{\\top}\\delta^{l+1}'],
  },
  sigmaPrime: { title: 'Local gradient σ′(zˡ)', text: 'The activation’s slope at each unit’s zˡ. A sigmoid’s slope is at most 1/4 (at z = 0) and nearly 0 when it saturates.', tex: ["\\sigma'(z) = \\sigma(z)(1-\\sigma(z)) \\le \\tfrac14"] },
  delta: {
    title: 'Error signal δˡ = ∂C/∂zˡ (BP1, BP2)',
    text: 'Upstream gradient times local gradient: BP1 at the output layer, BP2 for every layer below it. Under the loss’s mean reduction each row’s δ already carries the 1/N.',
    tex: ["\\text{BP1: } \\delta^{L} = \\nabla_a C \\odot \\sigma'(z^{L})", "\\text{BP2: } \\delta^{l} = ((W^{l+1})^{\\top}\\delta^{l+1}) \\odot \\sigma'(z^{l})"],
  },
  gradWeight: { title: 'Weight gradient (BP3)', text: 'Each weight’s gradient is the δ of the unit it feeds times the activation it reads: an outer product, summed over the rows of a batch.', tex: ['\\text{BP3: } \\partial C/\\partial w^{l}_{jk} = a^{l-1}_{k}\\,\\delta^{l}_{j}'] },
  gradBias: { title: 'Bias gradient (BP4)', text: 'A bias adds straight into zˡ, so its gradient is δˡ itself (summed over the rows of a batch).', tex: ['\\text{BP4: } \\partial C/\\partial b^{l}_{j} = \\delta^{l}_{j}'] },
  vanishing: {
    title: 'Vanishing gradients',
    text: 'BP2 multiplies δ by Wᵀ and by σ′(z) once per layer. With sigmoids σ′ ≤ 1/4, so unless the weights are large each layer shrinks the error signal, and the first layers of a deep net learn orders of magnitude slower.',
    tex: ["\\|\\delta^{l}\\| \\le \\|W^{l+1}\\|_2 \\,\\max|\\sigma'(z^{l})|\\, \\|\\delta^{l+1}\\|", "\\sigma' \\le \\tfrac14 \\;\\Rightarrow\\; |w\\,\\sigma'(z)| \\le \\tfrac{|w|}{4}"],
  },
  batch: {
    title: 'One sample or the batch',
    text: 'The gradient a mini-batch step uses is the loss over the batch: with reduction “mean” the average of the per-sample gradients, with “sum” their sum. Here the batch is the block of training rows (in data-set order) that holds the picked sample; training shuffles, so its own batches differ.',
    tex: ['\\frac{\\partial C}{\\partial W} = \\tfrac1N \\sum_{n} \\frac{\\partial C_n}{\\partial W} \\;(\\text{mean})'],
  },
};

/** Largest |v| of a matrix (for a symmetric colour scale), at least a tiny positive number. */
export function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m || 1e-300;
}

/** A heatmap cell's background: the sign's colour, stronger with |v| / scale (CSS variables: light and dark). */
export function cellBackground(v: number, scale: number): string {
  const t = Math.min(1, Math.abs(v) / scale);
  return `color-mix(in srgb, var(${v >= 0 ? '--bp-pos' : '--bp-neg'}) ${Math.round(t * 100)}%, var(--panel))`;
}

/** ‖·‖₂ of a matrix's entries. */
export function norm2(m: Mat): number {
  let s = 0;
  for (const v of m.data) s += v * v;
  return Math.sqrt(s);
}

/** Position of v on a log10 axis [lo, hi], in percent (0 for v ≤ 0). */
export function logPercent(v: number, lo: number, hi: number): number {
  if (!(v > 0)) return 0;
  return Math.max(0, Math.min(100, ((Math.log10(v) - lo) / (hi - lo || 1)) * 100));
}

/** A log10 axis that holds every positive value, in whole decades. */
export function logAxis(values: readonly number[]): { lo: number; hi: number } {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!pos.length) return { lo: -1, hi: 0 };
  const lo = Math.floor(Math.log10(Math.min(...pos))), hi = Math.ceil(Math.log10(Math.max(...pos))) || 0; // never -0
  return { lo: hi === lo ? lo - 1 : lo, hi };
}
