import { DataError, OptionError, Tensor, allocate, describeValue } from '@descent/core-tensor';
import { type Var, type VarLike, node } from '@descent/autodiff';
import { type ReductionOptions, type Target, checkReduction, outputVar, scalarOf, targetVar } from './common.js';

/** One element's loss ℓ(o, y) and its partial derivatives. */
interface Rule {
  value(o: number, y: number): number;
  dOut(o: number, y: number): number;
  dTarget(o: number, y: number): number;
}

/**
 * An element-wise loss as one fused graph node: the forward loop sums ℓ over all B·K elements ('mean' divides
 * by B·K), and the backward loop writes the closed-form derivatives. One node instead of a chain of
 * sub/square/mean keeps the training hot path cheap and the gradients exactly PyTorch's formulas.
 */
function elementwise(name: string, rule: Rule, output: VarLike, target: Target, o: ReductionOptions): Var {
  const reduction = checkReduction(name, o.reduction);
  const out = outputVar(name, output);
  const y = targetVar(name, target, out);
  const od = out.value.data, yd = y.value.data, n = od.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += rule.value(od[i], yd[i]);
  const mean = reduction === 'mean';
  const grad = (g: Tensor, d: (o: number, y: number) => number): Tensor => {
    const k = mean ? g.data[0] / n : g.data[0];
    const r = allocate(out.dtype, n);
    for (let i = 0; i < n; i++) r[i] = d(od[i], yd[i]) * k;
    return new Tensor(r, out.shape);
  };
  return node(name, scalarOf(mean ? s / n : s, out), [out, y], (g) => [
    out.requiresGrad ? grad(g, rule.dOut) : null,
    y.requiresGrad ? grad(g, rule.dTarget) : null,
  ]);
}

const sign = (r: number): number => (r > 0 ? 1 : r < 0 ? -1 : 0);

/** Mean squared error: ℓ = (o − y)². */
export function mse(output: VarLike, target: Target, o: ReductionOptions = {}): Var {
  return elementwise('mse', { value: (a, b) => (a - b) * (a - b), dOut: (a, b) => 2 * (a - b), dTarget: (a, b) => 2 * (b - a) }, output, target, o);
}

/** Mean absolute error: ℓ = |o − y|, gradient sign(o − y) (0 at 0). */
export function l1(output: VarLike, target: Target, o: ReductionOptions = {}): Var {
  return elementwise('l1', { value: (a, b) => Math.abs(a - b), dOut: (a, b) => sign(a - b), dTarget: (a, b) => -sign(a - b) }, output, target, o);
}

function positive(name: string, key: string, v: unknown, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new OptionError(name, key, `must be a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${describeValue(v)}`, { value: v });
  }
  return v;
}

/** Huber: ½r² for |r| < delta, else delta·(|r| − ½delta) (PyTorch HuberLoss; delta defaults to 1). */
export function huber(output: VarLike, target: Target, o: ReductionOptions & { delta?: number } = {}): Var {
  const d = positive('huber', 'delta', o.delta ?? 1);
  return elementwise(
    'huber',
    {
      value: (a, b) => {
        const r = Math.abs(a - b);
        return r < d ? 0.5 * r * r : d * (r - 0.5 * d);
      },
      dOut: (a, b) => (Math.abs(a - b) < d ? a - b : d * sign(a - b)),
      dTarget: (a, b) => (Math.abs(a - b) < d ? b - a : -d * sign(a - b)),
    },
    output,
    target,
    o,
  );
}

/** Smooth L1: ½r²/beta for |r| < beta, else |r| − ½beta (PyTorch SmoothL1Loss; beta defaults to 1; beta = 0 is L1). */
export function smoothL1(output: VarLike, target: Target, o: ReductionOptions & { beta?: number } = {}): Var {
  const beta = positive('smoothL1', 'beta', o.beta ?? 1, true);
  if (beta === 0) return l1(output, target, o);
  return elementwise(
    'smoothL1',
    {
      value: (a, b) => {
        const r = Math.abs(a - b);
        return r < beta ? (0.5 * r * r) / beta : r - 0.5 * beta;
      },
      dOut: (a, b) => (Math.abs(a - b) < beta ? (a - b) / beta : sign(a - b)),
      dTarget: (a, b) => (Math.abs(a - b) < beta ? (b - a) / beta : -sign(a - b)),
    },
    output,
    target,
    o,
  );
}

const clampedLog = (v: number): number => Math.max(Math.log(v), -100);

/**
 * Binary cross-entropy on probabilities o ∈ [0, 1] (soft targets allowed). Logs are clamped at −100 and the
 * gradient's denominator at 1e-12, as PyTorch does, so o = 0 or 1 stays finite.
 */
export function bce(output: VarLike, target: Target, o: ReductionOptions = {}): Var {
  const out = outputVar('bce', output);
  const d = out.value.data;
  for (let i = 0; i < d.length; i++) {
    if (!(d[i] >= 0 && d[i] <= 1)) {
      throw new DataError('bce', `every output must be a probability in [0, 1], got ${d[i]} at flat index ${i} (use bceWithLogits for raw scores)`, { option: null, value: d[i] });
    }
  }
  return elementwise(
    'bce',
    {
      value: (a, b) => -(b * clampedLog(a) + (1 - b) * clampedLog(1 - a)),
      dOut: (a, b) => (a - b) / Math.max(a * (1 - a), 1e-12),
      dTarget: (a) => clampedLog(1 - a) - clampedLog(a),
    },
    out,
    target,
    o,
  );
}

const stableSigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
};

/** Binary cross-entropy on logits, in the stable form (1−y)·o + m + log(e^−m + e^(−o−m)), m = max(−o, 0). */
export function bceWithLogits(output: VarLike, target: Target, o: ReductionOptions = {}): Var {
  return elementwise(
    'bceWithLogits',
    {
      value: (a, b) => {
        const m = Math.max(-a, 0);
        return (1 - b) * a + m + Math.log(Math.exp(-m) + Math.exp(-a - m));
      },
      dOut: (a, b) => stableSigmoid(a) - b,
      dTarget: (a) => -a,
    },
    output,
    target,
    o,
  );
}
