import type { Tensor } from '@descent/core-tensor';
import { type GradientTransformation, emptyState } from '../transform.js';

function checkPositive(fn: string, name: string, v: number): void {
  if (!(v > 0) || Number.isNaN(v)) throw new Error(`${fn}: ${name} must be a positive number, got ${v}`);
}

/** The p-norm of all elements of all tensors taken together (p = Infinity: largest |x|). */
export function globalNorm(tensors: readonly Tensor[], normType = 2): number {
  if (!(normType > 0)) throw new Error(`globalNorm: normType must be positive, got ${normType}`);
  let acc = 0;
  for (const t of tensors) {
    const d = t.data;
    if (normType === Infinity) {
      for (let j = 0; j < d.length; j++) acc = Math.max(acc, Math.abs(d[j]));
    } else if (normType === 2) {
      for (let j = 0; j < d.length; j++) acc += d[j] * d[j];
    } else {
      for (let j = 0; j < d.length; j++) acc += Math.pow(Math.abs(d[j]), normType);
    }
  }
  if (normType === Infinity) return acc;
  return normType === 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / normType);
}

/**
 * PyTorch's clip_grad_norm_: scale every gradient in place by min(1, maxNorm / (total + 1e-6)), where total is
 * the global norm. Returns the total norm before clipping.
 */
export function clipGradNorm(grads: readonly Tensor[], maxNorm: number, normType = 2): number {
  checkPositive('clipGradNorm', 'maxNorm', maxNorm);
  const total = globalNorm(grads, normType);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const g of grads) {
      const d = g.data;
      for (let j = 0; j < d.length; j++) d[j] *= coef;
    }
  }
  return total;
}

/** PyTorch's clip_grad_value_: clamp every gradient element to [-clipValue, clipValue] in place. */
export function clipGradValue(grads: readonly Tensor[], clipValue: number): void {
  checkPositive('clipGradValue', 'clipValue', clipValue);
  for (const g of grads) {
    const d = g.data;
    for (let j = 0; j < d.length; j++) {
      const x = d[j];
      d[j] = x > clipValue ? clipValue : x < -clipValue ? -clipValue : x;
    }
  }
}

/** Options for the clip transformations; an undefined (or Infinity) bound turns clipping off. */
export interface ClipOptions {
  maxNorm?: number;
  value?: number;
}

/** clipGradNorm as a transformation (`maxNorm` as a number or a live `{ maxNorm }`). */
export function clipByGlobalNorm(o: number | { readonly maxNorm?: number }): GradientTransformation {
  if (typeof o === 'number') checkPositive('clipByGlobalNorm', 'maxNorm', o);
  return {
    name: 'clipByGlobalNorm',
    init: () => emptyState(),
    update(updates, state) {
      state.count++;
      const max = typeof o === 'number' ? o : o.maxNorm;
      if (max !== undefined && max !== Infinity) clipGradNorm(updates, max);
    },
  };
}

/** clipGradValue as a transformation (`value` as a number or a live `{ value }`). */
export function clipByValue(o: number | { readonly value?: number }): GradientTransformation {
  if (typeof o === 'number') checkPositive('clipByValue', 'value', o);
  return {
    name: 'clipByValue',
    init: () => emptyState(),
    update(updates, state) {
      state.count++;
      const v = typeof o === 'number' ? o : o.value;
      if (v !== undefined && v !== Infinity) clipGradValue(updates, v);
    },
  };
}
