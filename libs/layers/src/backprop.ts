import { OptionError, ShapeError, Tensor, describeValue, erfScalar } from '@descent/core-tensor';
import { Activation } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

// Backpropagation written out as the four equations, in float64 with plain loops, for reading and checking
// (not for training: autodiff does that). A "layer" l is a Linear module and the element-wise activations
// after it, up to the next Linear: zˡ = aˡ⁻¹(Wˡ)ᵀ + bˡ, aˡ = σ(zˡ).
//   BP1  δᴸ = ∇ₐC ⊙ σ′(zᴸ)                  (output layer)
//   BP2  δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)        (every other layer)
//   BP3  ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ                 (summed over the rows of a batch)
//   BP4  ∂C/∂bˡ = δˡ                          (summed over the rows of a batch)
// δ is ∂C/∂z of the reduced loss C, so under reduction 'mean' each row's δ already carries the 1/N.

/** One stage after a Linear: an activation by name and options (dropout is the identity, as in eval mode). */
export interface BackpropStage {
  name: string;
  options: Readonly<Record<string, number>>;
}

/** One layer of a forward trace; every array is float64 [batch, units] (weight [units, inputs]). */
export interface TraceLayer {
  /** Index of the Linear module in the model (its parameters are "<module>.weight", "<module>.bias"). */
  module: number;
  inFeatures: number;
  outFeatures: number;
  /** Activations applied after the Linear, in order (empty: identity). */
  stages: BackpropStage[];
  weight: Tensor;
  bias: Tensor | null;
  /** zˡ = aˡ⁻¹(Wˡ)ᵀ + bˡ, the pre-activation. */
  z: Tensor;
  /** aˡ = σ(zˡ), the layer's output. */
  a: Tensor;
}

export interface ForwardTrace {
  batch: number;
  /** a⁰: the input after any activations placed before the first Linear. */
  input: Tensor;
  layers: TraceLayer[];
  /** The model's output (the last layer's a). */
  output: Tensor;
}

/** The loss C, by the names of @descent/losses, with its options. */
export interface BackpropLoss {
  name: 'mse' | 'l1' | 'huber' | 'smoothL1' | 'bce' | 'bceWithLogits' | 'crossEntropy' | 'nll' | (string & {});
  options?: { reduction?: 'mean' | 'sum'; delta?: number; beta?: number };
}

/** Targets: values shaped like the output ([batch, outputs]), or one class index per row for crossEntropy and nll. */
export type BackpropTarget = Tensor | readonly (readonly number[])[] | readonly number[] | Int32Array;

export interface BackpropLayer extends TraceLayer {
  /** ∂C/∂aˡ: ∇ₐC for the output layer, (Wˡ⁺¹)ᵀδˡ⁺¹ for the others. */
  gradA: Tensor;
  /** σ′(zˡ) element by element; null when an activation is not element-wise (softmax, logSoftmax: a Jacobian per row). */
  sigmaPrime: Tensor | null;
  /** δˡ = ∂C/∂zˡ. */
  delta: Tensor;
  /** ∂C/∂Wˡ = Σ_rows δˡ(aˡ⁻¹)ᵀ, shaped like the weight. */
  gradWeight: Tensor;
  /** ∂C/∂bˡ = Σ_rows δˡ; null for a layer without bias. */
  gradBias: Tensor | null;
  /** Which equation gave δˡ. */
  equation: 'BP1' | 'BP2';
}

export interface BackpropResult {
  /** The loss C as the loss computes it (reduced). */
  loss: number;
  reduction: 'mean' | 'sum';
  batch: number;
  input: Tensor;
  output: Tensor;
  /** ∇ₐC at the output, the start of BP1. */
  outputGrad: Tensor;
  layers: BackpropLayer[];
}

const LOSSES = ['mse', 'l1', 'huber', 'smoothL1', 'bce', 'bceWithLogits', 'crossEntropy', 'nll'] as const;

const f64 = (t: Tensor): Float64Array => (t.dtype === 'float64' ? (t.data as Float64Array) : Float64Array.from(t.data as ArrayLike<number>));
const mat = (data: Float64Array, rows: number, cols: number): Tensor => new Tensor(data, [rows, cols]);

// ---- activations: value and derivative of one element, as autodiff computes them (same kink conventions) ----

const sig = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

type Scalar = { f: (z: number) => number; d: (z: number) => number };

function elementwise(s: BackpropStage): Scalar | null {
  const o = s.options;
  switch (s.name) {
    case 'sigmoid':
      return { f: sig, d: (z) => { const v = sig(z); return v * (1 - v); } };
    case 'tanh':
      return { f: Math.tanh, d: (z) => { const t = Math.tanh(z); return 1 - t * t; } };
    case 'relu':
      return { f: (z) => (z > 0 ? z : 0), d: (z) => (z > 0 ? 1 : 0) };
    case 'leakyRelu':
      return { f: (z) => (z > 0 ? z : o.negativeSlope * z), d: (z) => (z > 0 ? 1 : o.negativeSlope) };
    case 'elu':
      return { f: (z) => (z > 0 ? z : o.alpha * Math.expm1(z)), d: (z) => (z > 0 ? 1 : o.alpha * Math.exp(z)) };
    case 'softplus':
      return {
        f: (z) => { const bz = o.beta * z; return bz > o.threshold ? z : (Math.max(bz, 0) + Math.log1p(Math.exp(-Math.abs(bz)))) / o.beta; },
        d: (z) => (o.beta * z > o.threshold ? 1 : sig(o.beta * z)),
      };
    case 'gelu':
      return {
        f: (z) => 0.5 * z * (1 + erfScalar(z * Math.SQRT1_2)),
        d: (z) => 0.5 * (1 + erfScalar(z * Math.SQRT1_2)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z),
      };
    case 'silu':
      return { f: (z) => z * sig(z), d: (z) => { const v = sig(z); return v * (1 + z * (1 - v)); } };
    case 'identity':
      return { f: (z) => z, d: () => 1 };
    default:
      return null; // softmax, logSoftmax: per row
  }
}

function rowwiseForward(name: string, u: Float64Array, B: number, n: number): Float64Array {
  const out = new Float64Array(B * n);
  for (let r = 0; r < B; r++) {
    let m = -Infinity;
    for (let k = 0; k < n; k++) m = Math.max(m, u[r * n + k]);
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(u[r * n + k] - m);
    const lse = m + Math.log(s);
    for (let k = 0; k < n; k++) out[r * n + k] = name === 'softmax' ? Math.exp(u[r * n + k] - lse) : u[r * n + k] - lse;
  }
  return out;
}

/** Jᵀg for a softmax or logSoftmax row Jacobian, given that stage's output y. */
function rowwiseBackward(name: string, y: Float64Array, g: Float64Array, B: number, n: number): Float64Array {
  const out = new Float64Array(B * n);
  for (let r = 0; r < B; r++) {
    let s = 0;
    if (name === 'softmax') {
      for (let k = 0; k < n; k++) s += g[r * n + k] * y[r * n + k];
      for (let k = 0; k < n; k++) out[r * n + k] = y[r * n + k] * (g[r * n + k] - s);
    } else {
      for (let k = 0; k < n; k++) s += g[r * n + k];
      for (let k = 0; k < n; k++) out[r * n + k] = g[r * n + k] - Math.exp(y[r * n + k]) * s;
    }
  }
  return out;
}

/** The stages' intermediate values u₀ = z, u₁ = s₁(u₀), …; the last is a. */
function applyStages(stages: readonly BackpropStage[], z: Float64Array, B: number, n: number): Float64Array[] {
  const us = [z];
  for (const s of stages) {
    const u = us[us.length - 1];
    const e = elementwise(s);
    if (e) {
      const v = new Float64Array(u.length);
      for (let i = 0; i < u.length; i++) v[i] = e.f(u[i]);
      us.push(v);
    } else us.push(rowwiseForward(s.name, u, B, n));
  }
  return us;
}

// ---- the model as layers ----

interface Plan {
  pre: BackpropStage[];
  layers: { module: number; linear: Linear; stages: BackpropStage[] }[];
}

function stageOf(m: Module, i: number): BackpropStage | null {
  if (m instanceof Activation) {
    if ((m.name === 'softmax' || m.name === 'logSoftmax') && m.options.dim !== -1 && m.options.dim !== 1) {
      throw new OptionError('backprop', 'model', `module ${i} (${m}) works over axis ${m.options.dim}; the equations need it over the features (dim -1)`, { value: m.options.dim });
    }
    return { name: m.name, options: m.options };
  }
  if (m instanceof Dropout) return null;
  throw new OptionError('backprop', 'model', `module ${i} (${String(m)}) is not a Linear, an activation or Dropout: the equations cover those only`, { value: String(m) });
}

function planOf(model: Module | readonly Module[]): Plan {
  const modules: readonly Module[] = Array.isArray(model) ? model : model instanceof Sequential ? model.modules : [model as Module];
  const plan: Plan = { pre: [], layers: [] };
  modules.forEach((m, i) => {
    if (m instanceof Linear) {
      plan.layers.push({ module: i, linear: m, stages: [] });
      return;
    }
    const s = stageOf(m, i);
    if (!s) return;
    (plan.layers.length ? plan.layers[plan.layers.length - 1].stages : plan.pre).push(s);
  });
  if (!plan.layers.length) throw new OptionError('backprop', 'model', `has no Linear layer (got ${describeValue(String(model))}): nothing to differentiate`, { value: String(model) });
  return plan;
}

function inputRows(x: Tensor | readonly (readonly number[])[], features: number): { data: Float64Array; B: number } {
  let t: Tensor;
  if (x instanceof Tensor) t = x;
  else if (Array.isArray(x) && x.every((r) => Array.isArray(r))) {
    const rows = x as readonly (readonly number[])[];
    t = new Tensor(Float64Array.from(rows.flat()), [rows.length, rows[0]?.length ?? 0]);
  } else throw new OptionError('backprop', 'x', `must be a Tensor [batch, ${features}] or an array of rows, got ${describeValue(x)}`, { value: x });
  if (t.shape.length !== 2 || t.shape[1] !== features || t.shape[0] < 1) {
    throw new ShapeError('backprop', `has shape [${t.shape.join(', ')}], expected [batch, ${features}] with batch ≥ 1`, { option: 'x' });
  }
  const data = f64(t);
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new OptionError('backprop', 'x', `[${Math.floor(i / features)}][${i % features}] is not finite (${data[i]})`, { value: data[i] });
  return { data, B: t.shape[0] };
}

/**
 * The forward pass with every layer's zˡ and aˡ, in float64 (the parameters are read as they are; a float32
 * model is evaluated exactly in float64). Dropout is the identity, as in eval mode.
 */
export function forwardTrace(model: Module | readonly Module[], x: Tensor | readonly (readonly number[])[]): ForwardTrace {
  return trace(planOf(model), x).trace;
}

interface Internal {
  trace: ForwardTrace;
  /** Per layer, the stage values u₀ = z … a. */
  stageValues: Float64Array[][];
  preValues: Float64Array[];
}

function trace(plan: Plan, x: Tensor | readonly (readonly number[])[]): Internal {
  const first = plan.layers[0].linear;
  const { data, B } = inputRows(x, first.inFeatures);
  const preValues = applyStages(plan.pre, data, B, first.inFeatures);
  let prev = preValues[preValues.length - 1];
  const input = mat(prev, B, first.inFeatures);
  const layers: TraceLayer[] = [];
  const stageValues: Float64Array[][] = [];
  for (const l of plan.layers) {
    const lin = l.linear;
    const nIn = lin.inFeatures, n = lin.outFeatures;
    const W = f64(lin.weight.value), b = lin.bias ? f64(lin.bias.value) : null;
    const z = new Float64Array(B * n);
    for (let r = 0; r < B; r++)
      for (let j = 0; j < n; j++) {
        let s = b ? b[j] : 0;
        for (let k = 0; k < nIn; k++) s += W[j * nIn + k] * prev[r * nIn + k];
        z[r * n + j] = s;
      }
    const us = applyStages(l.stages, z, B, n);
    const a = us[us.length - 1];
    stageValues.push(us);
    layers.push({
      module: l.module,
      inFeatures: nIn,
      outFeatures: n,
      stages: l.stages.map((s) => ({ name: s.name, options: { ...s.options } })),
      weight: mat(Float64Array.from(W), n, nIn),
      bias: b ? new Tensor(Float64Array.from(b), [n]) : null,
      z: mat(z, B, n),
      a: mat(a, B, n),
    });
    prev = a;
  }
  const last = layers[layers.length - 1];
  return { trace: { batch: B, input, layers, output: last.a }, stageValues, preValues };
}

// ---- the loss: C and ∇ₐC written out ----

function resolveLoss(loss: BackpropLoss): { name: (typeof LOSSES)[number]; reduction: 'mean' | 'sum'; delta: number; beta: number } {
  if (!loss || typeof loss !== 'object') throw new OptionError('backprop', 'loss', `must be { name, options? }, got ${describeValue(loss)}`, { value: loss });
  const alias: Record<string, (typeof LOSSES)[number]> = { smooth_l1: 'smoothL1', bce_with_logits: 'bceWithLogits', cross_entropy: 'crossEntropy' };
  const name = (LOSSES as readonly string[]).includes(loss.name) ? (loss.name as (typeof LOSSES)[number]) : alias[loss.name];
  if (!name) throw new OptionError('backprop', 'loss', `name must be one of ${LOSSES.join(', ')}, got ${describeValue(loss.name)}`, { value: loss.name });
  const o = loss.options ?? {};
  const reduction = o.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') throw new OptionError('backprop', 'reduction', `must be 'mean' or 'sum', got ${describeValue(reduction)}`, { value: reduction });
  const delta = o.delta ?? 1, beta = o.beta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new OptionError('backprop', 'delta', `must be a positive finite number, got ${describeValue(delta)}`, { value: delta });
  if (!(beta >= 0) || !Number.isFinite(beta)) throw new OptionError('backprop', 'beta', `must be a non-negative finite number, got ${describeValue(beta)}`, { value: beta });
  return { name, reduction, delta, beta };
}

const sign = (r: number): number => (r > 0 ? 1 : r < 0 ? -1 : 0);
const clampedLog = (v: number): number => Math.max(Math.log(v), -100);

function classTargets(target: BackpropTarget, B: number, K: number): Int32Array {
  const t = target instanceof Tensor ? target.data : target;
  if (!t || typeof (t as ArrayLike<number>).length !== 'number' || (t as ArrayLike<number>).length !== B || (Array.isArray(t) && t.some((v) => Array.isArray(v)))) {
    throw new OptionError('backprop', 'target', `must be ${B} class indices (one per row), got ${describeValue(target)}`, { value: target });
  }
  const idx = new Int32Array(B);
  for (let r = 0; r < B; r++) {
    const c = Number((t as ArrayLike<number>)[r]);
    if (!Number.isInteger(c) || c < 0 || c >= K) throw new OptionError('backprop', 'target', `[${r}] = ${describeValue(c)} is not a class index in 0..${K - 1}`, { value: c });
    idx[r] = c;
  }
  return idx;
}

function valueTargets(target: BackpropTarget, B: number, K: number): Float64Array {
  let flat: ArrayLike<number>;
  if (target instanceof Tensor) {
    if (target.size !== B * K) throw new ShapeError('backprop', `has shape [${target.shape.join(', ')}], expected [${B}, ${K}] like the output`, { option: 'target' });
    flat = target.data;
  } else if (Array.isArray(target) && target.every((r) => Array.isArray(r))) {
    const rows = target as readonly (readonly number[])[];
    if (rows.length !== B || rows.some((r) => r.length !== K)) throw new ShapeError('backprop', `has ${rows.length} rows of ${rows[0]?.length ?? 0}, expected [${B}, ${K}] like the output`, { option: 'target' });
    flat = rows.flat();
  } else if (target && typeof (target as ArrayLike<number>).length === 'number' && (target as ArrayLike<number>).length === B * K) {
    flat = target as ArrayLike<number>;
  } else throw new OptionError('backprop', 'target', `must be values shaped [${B}, ${K}] like the output, got ${describeValue(target)}`, { value: target });
  const out = Float64Array.from(flat, Number);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new OptionError('backprop', 'target', `[${i}] is not finite (${out[i]})`, { value: out[i] });
  return out;
}

/** C and ∇ₐC for an output [B, K], with the loss's own formulas and reduction ('mean' divides by B·K, or by B for the class losses). */
export function lossAndGradient(loss: BackpropLoss, output: Tensor, target: BackpropTarget): { loss: number; grad: Tensor; reduction: 'mean' | 'sum' } {
  const L = resolveLoss(loss);
  if (output.shape.length !== 2) throw new ShapeError('backprop', `must be [batch, outputs], got [${output.shape.join(', ')}]`, { option: 'output' });
  const [B, K] = output.shape;
  const o = f64(output);
  const g = new Float64Array(B * K);
  let s = 0;
  if (L.name === 'crossEntropy' || L.name === 'nll') {
    const idx = classTargets(target, B, K);
    for (let r = 0; r < B; r++) {
      const base = r * K;
      if (L.name === 'nll') {
        s -= o[base + idx[r]];
        g[base + idx[r]] = -1;
        continue;
      }
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, o[base + k]);
      let e = 0;
      for (let k = 0; k < K; k++) e += Math.exp(o[base + k] - m);
      const lse = m + Math.log(e);
      s += lse - o[base + idx[r]];
      for (let k = 0; k < K; k++) g[base + k] = Math.exp(o[base + k] - lse);
      g[base + idx[r]] -= 1;
    }
    const k = L.reduction === 'mean' ? 1 / B : 1;
    for (let i = 0; i < g.length; i++) g[i] *= k;
    return { loss: L.reduction === 'mean' ? s / B : s, grad: mat(g, B, K), reduction: L.reduction };
  }
  const t = valueTargets(target, B, K);
  const { delta: d, beta } = L;
  for (let i = 0; i < o.length; i++) {
    const a = o[i], y = t[i], r = a - y;
    switch (L.name) {
      case 'mse':
        s += r * r;
        g[i] = 2 * r;
        break;
      case 'l1':
        s += Math.abs(r);
        g[i] = sign(r);
        break;
      case 'huber':
        s += Math.abs(r) < d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d);
        g[i] = Math.abs(r) < d ? r : d * sign(r);
        break;
      case 'smoothL1':
        if (beta === 0) {
          s += Math.abs(r);
          g[i] = sign(r);
        } else {
          s += Math.abs(r) < beta ? (0.5 * r * r) / beta : Math.abs(r) - 0.5 * beta;
          g[i] = Math.abs(r) < beta ? r / beta : sign(r);
        }
        break;
      case 'bce':
        if (!(a >= 0 && a <= 1)) throw new OptionError('backprop', 'output', `must be probabilities in [0, 1] for bce, got ${a} at flat index ${i} (end the model with a sigmoid, or use bceWithLogits)`, { value: a });
        s += -(y * clampedLog(a) + (1 - y) * clampedLog(1 - a));
        g[i] = r / Math.max(a * (1 - a), 1e-12);
        break;
      case 'bceWithLogits': {
        const m = Math.max(-a, 0);
        s += (1 - y) * a + m + Math.log(Math.exp(-m) + Math.exp(-a - m));
        g[i] = sig(a) - y;
        break;
      }
    }
  }
  const n = o.length;
  if (L.reduction === 'mean') for (let i = 0; i < n; i++) g[i] /= n;
  return { loss: L.reduction === 'mean' ? s / n : s, grad: mat(g, B, K), reduction: L.reduction };
}

// ---- the four equations ----

/**
 * Every layer's zˡ, aˡ, ∂C/∂aˡ, σ′(zˡ), δˡ (BP1 at the output, BP2 below it) and the gradients ∂C/∂Wˡ (BP3) and
 * ∂C/∂bˡ (BP4), written out in float64 for the batch x (one row: one sample). They equal autodiff's gradients
 * of the same loss (to rounding); a softmax or logSoftmax stage uses its row Jacobian in place of ⊙σ′.
 */
export function backprop(model: Module | readonly Module[], x: Tensor | readonly (readonly number[])[], target: BackpropTarget, loss: BackpropLoss): BackpropResult {
  const plan = planOf(model);
  const { trace: tr, stageValues } = trace(plan, x);
  const B = tr.batch;
  const { loss: C, grad: outputGrad, reduction } = lossAndGradient(loss, tr.output, target);
  const out: BackpropLayer[] = new Array(tr.layers.length);
  let gradA = f64(outputGrad);
  for (let l = tr.layers.length - 1; l >= 0; l--) {
    const L = tr.layers[l];
    const n = L.outFeatures, nIn = L.inFeatures;
    const us = stageValues[l];
    // δ = (∂a/∂z)ᵀ ∂C/∂a, one stage at a time from the output back to z.
    let g = gradA;
    let allElementwise = true;
    const sp = new Float64Array(B * n).fill(1);
    for (let k = L.stages.length - 1; k >= 0; k--) {
      const e = elementwise(L.stages[k]);
      const u = us[k];
      if (e) {
        const next = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) {
          const d = e.d(u[i]);
          next[i] = g[i] * d;
          sp[i] *= d;
        }
        g = next;
      } else {
        allElementwise = false;
        g = rowwiseBackward(L.stages[k].name, us[k + 1], g, B, n);
      }
    }
    const delta = g;
    const aPrev = l === 0 ? f64(tr.input) : f64(tr.layers[l - 1].a);
    const gW = new Float64Array(n * nIn);
    const gB = L.bias ? new Float64Array(n) : null;
    for (let r = 0; r < B; r++)
      for (let j = 0; j < n; j++) {
        const dj = delta[r * n + j];
        if (gB) gB[j] += dj;
        for (let k = 0; k < nIn; k++) gW[j * nIn + k] += dj * aPrev[r * nIn + k];
      }
    out[l] = {
      ...L,
      gradA: mat(gradA, B, n),
      sigmaPrime: allElementwise ? mat(sp, B, n) : null,
      delta: mat(delta, B, n),
      gradWeight: mat(gW, n, nIn),
      gradBias: gB ? new Tensor(gB, [n]) : null,
      equation: l === tr.layers.length - 1 ? 'BP1' : 'BP2',
    };
    // (Wˡ)ᵀδˡ: the upstream gradient of the layer below (BP2's first factor).
    if (l > 0) {
      const W = f64(L.weight);
      const next = new Float64Array(B * nIn);
      for (let r = 0; r < B; r++)
        for (let k = 0; k < nIn; k++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += W[j * nIn + k] * delta[r * n + j];
          next[r * nIn + k] = s;
        }
      gradA = next;
    }
  }
  return { loss: C, reduction, batch: B, input: tr.input, output: tr.output, outputGrad, layers: out };
}

// ---- how the gradient shrinks or grows from layer to layer ----

export interface GradientFlowLayer {
  /** ‖δˡ‖₂ over the batch (all rows). */
  deltaNorm: number;
  /** ‖∂C/∂Wˡ‖ (Frobenius): what the Studio's per-layer gradient-norm chart shows. */
  gradWeightNorm: number;
  /** max |σ′(zˡ)| over the batch (null for a softmax layer); 1/4 is the most a sigmoid gives. */
  maxSigmaPrime: number | null;
  /** ‖Wˡ⁺¹‖₂ (largest singular value), null for the output layer. */
  nextWeightNorm: number | null;
  /** ‖δˡ‖ / ‖δˡ⁺¹‖ measured (null for the output layer or a zero δˡ⁺¹). */
  ratio: number | null;
  /** BP2's bound on that ratio for one sample: ‖Wˡ⁺¹‖₂ · max|σ′(zˡ)|. */
  bound: number | null;
}

export interface GradientPathStep {
  /** Layer index (0 = first) and the unit the path goes through there. */
  layer: number;
  unit: number;
  /** |wʲₖ σ′(zₖ)| for the step from this unit up to the path's unit in the layer above; null at the output. */
  factor: number | null;
}

export interface GradientFlow {
  layers: GradientFlowLayer[];
  /**
   * One path from the output down to layer 1, through the unit with the largest |δ| at the output and then, layer
   * by layer, the unit k with the largest |wʲₖ σ′(zₖ)|: the strongest single chain-rule product.
   */
  path: GradientPathStep[];
  /** ∏ |w σ′(z)| along the path: how much a change at the first layer's unit reaches the output unit's δ. */
  pathProduct: number;
}

function spectralNorm(W: Float64Array, rows: number, cols: number): number {
  // Power iteration on WᵀW: a few dozen steps reach full precision for the small layers drawn here.
  let v = new Float64Array(cols).fill(1 / Math.sqrt(cols));
  let sigma = 0;
  for (let it = 0; it < 100; it++) {
    const u = new Float64Array(rows);
    for (let j = 0; j < rows; j++) for (let k = 0; k < cols; k++) u[j] += W[j * cols + k] * v[k];
    const w = new Float64Array(cols);
    for (let j = 0; j < rows; j++) for (let k = 0; k < cols; k++) w[k] += W[j * cols + k] * u[j];
    let nw = 0;
    for (let k = 0; k < cols; k++) nw += w[k] * w[k];
    nw = Math.sqrt(nw);
    if (nw === 0) return 0;
    const next = Math.sqrt(nw);
    v = w.map((x) => x / nw);
    if (Math.abs(next - sigma) <= 1e-14 * next) return next;
    sigma = next;
  }
  return sigma;
}

/** max |v| with a loop: a spread of a large batch's values would overflow the call stack. */
const maxAbs = (v: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
};

const norm = (t: Tensor): number => {
  let s = 0;
  for (const v of f64(t)) s += v * v;
  return Math.sqrt(s);
};

/**
 * Per-layer δ norms next to the bound BP2 gives them, ‖δˡ‖ ≤ ‖Wˡ⁺¹‖₂ · max|σ′(zˡ)| · ‖δˡ⁺¹‖ (per sample), and the
 * strongest chain-rule path with its factors |w σ′(z)|. With sigmoids σ′ ≤ 1/4, so unless weights exceed 4 every
 * layer shrinks the gradient: the vanishing gradient, measured. Path factors use the first row of a batch.
 */
export function gradientFlow(result: BackpropResult): GradientFlow {
  const Ls = result.layers;
  const layers: GradientFlowLayer[] = Ls.map((L, l) => {
    const up = Ls[l + 1];
    const deltaNorm = norm(L.delta);
    const upNorm = up ? norm(up.delta) : 0;
    const maxSigmaPrime = L.sigmaPrime ? maxAbs(f64(L.sigmaPrime)) : null;
    const nextWeightNorm = up ? spectralNorm(f64(up.weight), up.outFeatures, up.inFeatures) : null;
    return {
      deltaNorm,
      gradWeightNorm: norm(L.gradWeight),
      maxSigmaPrime,
      nextWeightNorm,
      ratio: up && upNorm > 0 ? deltaNorm / upNorm : null,
      bound: nextWeightNorm !== null && maxSigmaPrime !== null ? nextWeightNorm * maxSigmaPrime : null,
    };
  });
  const top = Ls[Ls.length - 1];
  const d = f64(top.delta);
  let unit = 0;
  for (let j = 1; j < top.outFeatures; j++) if (Math.abs(d[j]) > Math.abs(d[unit])) unit = j;
  const path: GradientPathStep[] = [{ layer: Ls.length - 1, unit, factor: null }];
  let product = 1;
  for (let l = Ls.length - 2; l >= 0; l--) {
    const up = Ls[l + 1], L = Ls[l];
    const W = f64(up.weight), sp = L.sigmaPrime ? f64(L.sigmaPrime) : null;
    let best = 0, bestF = -1;
    for (let k = 0; k < L.outFeatures; k++) {
      const f = Math.abs(W[unit * up.inFeatures + k] * (sp ? sp[k] : 1));
      if (f > bestF) {
        bestF = f;
        best = k;
      }
    }
    product *= bestF;
    unit = best;
    path.unshift({ layer: l, unit, factor: bestF });
  }
  return { layers, path, pathProduct: product };
}
