import type { Tensor } from '@descent/core-tensor';
import { type GradientTransformation, type LearningRate, type TransformState, buffersLike, emptyState } from '../transform.js';

function stateless(name: string, update: (updates: readonly Tensor[], state: TransformState, params: readonly Tensor[]) => void): GradientTransformation {
  return {
    name,
    init: () => emptyState(),
    update(updates, state, params) {
      update(updates, state, params);
      state.count++;
    },
  };
}

function scaleAll(updates: readonly Tensor[], s: number): void {
  for (let i = 0; i < updates.length; i++) {
    const u = updates[i].data;
    for (let j = 0; j < u.length; j++) u[j] *= s;
  }
}

/** Multiply the updates by a constant (or a live `{ factor }`). */
export function scale(factor: number | { readonly factor: number }): GradientTransformation {
  return stateless('scale', (updates) => {
    const f = typeof factor === 'number' ? factor : factor.factor;
    if (f !== 1) scaleAll(updates, f);
  });
}

export function resolveLearningRate(lr: LearningRate, step: number): number {
  if (typeof lr === 'number') return lr;
  if (typeof lr === 'function') return lr(step);
  return lr.lr;
}

/**
 * Multiply the updates by `-lr` (descent direction). A function is called with the 0-based update index,
 * so a schedule from @descent/schedulers plugs in directly.
 */
export function scaleByLearningRate(lr: LearningRate): GradientTransformation {
  return stateless('scaleByLearningRate', (updates, state) => scaleAll(updates, -resolveLearningRate(lr, state.count)));
}

/** Negate the gradient when `maximize` is set (gradient ascent). Must come before weight decay (PyTorch order). */
export function flipSign(o: { readonly maximize?: boolean } = { maximize: true }): GradientTransformation {
  return stateless('flipSign', (updates) => {
    if (o.maximize) scaleAll(updates, -1);
  });
}

/**
 * u += weightDecay * p. Placed before the optimizer rule it is PyTorch's L2 penalty; placed after it (and before
 * scaleByLearningRate) it is AdamW's decoupled decay p *= 1 - lr * weightDecay.
 */
export function addDecayedWeights(o: number | { readonly weightDecay: number }): GradientTransformation {
  return stateless('addDecayedWeights', (updates, _state, params) => {
    const wd = typeof o === 'number' ? o : o.weightDecay;
    if (wd === 0) return;
    if (params.length !== updates.length) throw new Error('addDecayedWeights: needs the params');
    for (let i = 0; i < updates.length; i++) {
      const u = updates[i].data;
      const p = params[i].data;
      for (let j = 0; j < u.length; j++) u[j] += wd * p[j];
    }
  });
}

export interface MomentumOptions {
  readonly momentum: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
}

/**
 * PyTorch SGD momentum: the buffer starts as the first gradient seen with momentum != 0 (no dampening then),
 * then buf = momentum * buf + (1 - dampening) * g; the update is buf, or g + momentum * buf with Nesterov.
 * With momentum 0 the update passes through and the buffer is not touched, so a scheduler may turn momentum on
 * later. With dampening 0 this is also RMSprop's momentum (its zero-initialized buffer gives buf = g first too).
 */
export function traceMomentum(o: MomentumOptions): GradientTransformation {
  return {
    name: 'traceMomentum',
    init(params) {
      return { count: 0, scalars: { initialized: 0 }, buffers: { momentumBuffer: buffersLike(params) } };
    },
    update(updates, state) {
      state.count++;
      const mu = o.momentum;
      if (mu === 0) return;
      const damp = 1 - (o.dampening ?? 0);
      const nesterov = o.nesterov ?? false;
      const first = state.scalars.initialized === 0;
      const bufs = state.buffers.momentumBuffer;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const b = bufs[i];
        if (first) {
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            b[j] = g;
            u[j] = nesterov ? g + mu * b[j] : b[j];
          }
        } else {
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            b[j] = mu * b[j] + damp * g;
            u[j] = nesterov ? g + mu * b[j] : b[j];
          }
        }
      }
      state.scalars.initialized = 1;
    },
  };
}
