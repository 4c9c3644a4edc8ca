import type { Task } from '@shared/model-spec.js';

// Adapter for @descent/losses: the losses the studio offers, with value and gradient w.r.t. the network output
// (reduction 'mean' as in PyTorch: element-wise losses divide by B·K, class losses by B).

export interface LossInfo {
  name: string;
  label: string;
  tasks: Task[];
  /** true when the loss expects raw scores, so the output layer should use Identity */
  logits: boolean;
}

export const LOSSES: LossInfo[] = [
  { name: 'bceWithLogits', label: 'Binary cross-entropy (logits)', tasks: ['binary'], logits: true },
  { name: 'crossEntropy', label: 'Cross-entropy (softmax)', tasks: ['multiclass'], logits: true },
  { name: 'mse', label: 'Mean squared error', tasks: ['regression', 'binary'], logits: false },
  { name: 'l1', label: 'Mean absolute error (L1)', tasks: ['regression'], logits: false },
  { name: 'huber', label: 'Huber (δ = 1)', tasks: ['regression'], logits: false },
  { name: 'smoothL1', label: 'Smooth L1 (β = 1)', tasks: ['regression'], logits: false },
];

export function lossInfo(name: string): LossInfo {
  const l = LOSSES.find((q) => q.name === name);
  if (!l) throw new Error(`Unknown loss "${name}" (known: ${LOSSES.map((q) => q.name).join(', ')})`);
  return l;
}

export function defaultLoss(task: Task): string {
  return task === 'binary' ? 'bceWithLogits' : task === 'multiclass' ? 'crossEntropy' : 'mse';
}

/**
 * Loss of outputs `out` (B×K row-major) against targets `y` (B values: 0/1 label, class index or value).
 * Writes ∂loss/∂out into `grad` (same size as out) and returns the scalar loss.
 */
export function lossAndGrad(name: string, out: Float64Array, y: Float64Array, B: number, K: number, grad: Float64Array): number {
  let total = 0;
  if (name === 'crossEntropy') {
    for (let r = 0; r < B; r++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, out[r * K + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(out[r * K + k] - max);
      const lse = max + Math.log(sum);
      const c = y[r];
      total += lse - out[r * K + c];
      for (let k = 0; k < K; k++) grad[r * K + k] = (Math.exp(out[r * K + k] - lse) - (k === c ? 1 : 0)) / B;
    }
    return total / B;
  }
  const n = B * K;
  for (let i = 0; i < n; i++) {
    const o = out[i];
    const t = y[Math.floor(i / K)];
    const r = o - t;
    let l: number;
    let g: number;
    switch (name) {
      case 'bceWithLogits': {
        const m = Math.max(-o, 0);
        l = (1 - t) * o + m + Math.log(Math.exp(-m) + Math.exp(-o - m));
        g = (o >= 0 ? 1 / (1 + Math.exp(-o)) : Math.exp(o) / (1 + Math.exp(o))) - t;
        break;
      }
      case 'mse':
        l = r * r;
        g = 2 * r;
        break;
      case 'l1':
        l = Math.abs(r);
        g = Math.sign(r);
        break;
      case 'huber':
        l = Math.abs(r) < 1 ? 0.5 * r * r : Math.abs(r) - 0.5;
        g = Math.abs(r) < 1 ? r : Math.sign(r);
        break;
      case 'smoothL1':
        l = Math.abs(r) < 1 ? 0.5 * r * r : Math.abs(r) - 0.5;
        g = Math.abs(r) < 1 ? r : Math.sign(r);
        break;
      default:
        throw new Error(`Unknown loss "${name}"`);
    }
    total += l;
    grad[i] = g / n;
  }
  return total / n;
}
