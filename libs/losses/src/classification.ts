import { OptionError, ShapeError, Tensor, allocate, describeValue } from '@descent/core-tensor';
import { type Var, type VarLike, node } from '@descent/autodiff';
import { type ClassTarget, type ReductionOptions, checkReduction, fmt, outputVar, scalarOf } from './common.js';

/** Validate class indices against an output [B, K]; returns them as an Int32Array. */
export function classIndices(name: string, out: Var, target: ClassTarget): Int32Array {
  if (out.shape.length !== 2) throw new ShapeError(name, `output must be [batch, classes], got shape ${fmt(out.shape)}`, { option: null });
  const [B, K] = out.shape;
  let t: ArrayLike<number>;
  if (target instanceof Tensor) {
    if (target.shape.length !== 1) throw new ShapeError(name, `must be a 1-D list of class indices, got shape ${fmt(target.shape)}`, { option: 'target' });
    t = target.data;
  } else if (target && typeof target === 'object' && typeof (target as ArrayLike<number>).length === 'number') {
    t = target as ArrayLike<number>;
  } else {
    throw new OptionError(name, 'target', `must be class indices (Int32Array, number[] or a 1-D Tensor), got ${target === null ? 'null' : typeof target}`, { value: target });
  }
  if (t.length !== B) throw new ShapeError(name, `output shape ${fmt(out.shape)} has ${B} rows but target has ${t.length} class indices`);
  const idx = new Int32Array(B);
  for (let r = 0; r < B; r++) {
    const c = t[r];
    if (typeof c !== 'number' || !Number.isInteger(c)) throw new OptionError(name, 'target', `= ${describeValue(c)} is not an integer class index`, { element: r, value: c });
    if (c < 0 || c >= K) throw new OptionError(name, 'target', `= ${c} is out of range for ${K} classes (expected 0..${K - 1})`, { element: r, value: c });
    idx[r] = c;
  }
  return idx;
}

/**
 * Cross-entropy on logits: per row logsumexp(O[r]) − O[r][c_r] (log_softmax + nll in one node); 'mean'
 * divides by the number of rows B. Gradient: softmax(O[r]) − onehot(c_r).
 */
export function crossEntropy(output: VarLike, target: ClassTarget, o: ReductionOptions = {}): Var {
  const reduction = checkReduction('crossEntropy', o.reduction);
  const out = outputVar('crossEntropy', output);
  const idx = classIndices('crossEntropy', out, target);
  const [B, K] = out.shape;
  const d = out.value.data;
  // Per-row max and log Σ exp(z − max), kept for the backward pass.
  const rowMax = new Float64Array(B), rowLse = new Float64Array(B);
  let s = 0;
  for (let r = 0; r < B; r++) {
    const base = r * K;
    let m = -Infinity;
    for (let k = 0; k < K; k++) if (d[base + k] > m) m = d[base + k];
    let e = 0;
    for (let k = 0; k < K; k++) e += Math.exp(d[base + k] - m);
    const lse = Math.log(e);
    rowMax[r] = m;
    rowLse[r] = lse;
    s += m + lse - d[base + idx[r]];
  }
  const mean = reduction === 'mean';
  return node('crossEntropy', scalarOf(mean ? s / B : s, out), [out], (g) => {
    const k = mean ? g.data[0] / B : g.data[0];
    const res = allocate(out.dtype, B * K);
    for (let r = 0; r < B; r++) {
      const base = r * K, shift = rowMax[r] + rowLse[r];
      for (let c = 0; c < K; c++) res[base + c] = Math.exp(d[base + c] - shift) * k;
      res[base + idx[r]] -= k;
    }
    return [new Tensor(res, out.shape)];
  });
}

/** Negative log-likelihood on log-probabilities: per row −O[r][c_r]; 'mean' divides by B. */
export function nll(output: VarLike, target: ClassTarget, o: ReductionOptions = {}): Var {
  const reduction = checkReduction('nll', o.reduction);
  const out = outputVar('nll', output);
  const idx = classIndices('nll', out, target);
  const [B, K] = out.shape;
  const d = out.value.data;
  let s = 0;
  for (let r = 0; r < B; r++) s -= d[r * K + idx[r]];
  const mean = reduction === 'mean';
  return node('nll', scalarOf(mean ? s / B : s, out), [out], (g) => {
    const k = mean ? g.data[0] / B : g.data[0];
    const res = allocate(out.dtype, B * K);
    for (let r = 0; r < B; r++) res[r * K + idx[r]] = -k;
    return [new Tensor(res, out.shape)];
  });
}
