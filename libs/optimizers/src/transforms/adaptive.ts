import { OptionError, type TypedArray } from '@descent/core-tensor';
import { type GradientTransformation, buffersLike } from '../transform.js';

export interface AdagradScaleOptions {
  readonly lrDecay?: number;
  readonly initialAccumulatorValue?: number;
  readonly eps?: number;
}

/**
 * Adagrad: sum += g^2; u = g / (sqrt(sum) + eps) / (1 + (t - 1) * lrDecay). The lr decay uses t - 1
 * (PyTorch), so the first step is undecayed. `sum` starts at initialAccumulatorValue (read at init).
 */
export function scaleByAdagrad(o: AdagradScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByAdagrad',
    init: (params) => ({ count: 0, scalars: {}, buffers: { sum: buffersLike(params, o.initialAccumulatorValue ?? 0) } }),
    update(updates, state) {
      const t = ++state.count;
      const eps = o.eps ?? 1e-10;
      const decay = 1 / (1 + (t - 1) * (o.lrDecay ?? 0));
      const sums = state.buffers.sum;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const s = sums[i];
        for (let j = 0; j < u.length; j++) {
          const g = u[j];
          s[j] += g * g;
          u[j] = (g / (Math.sqrt(s[j]) + eps)) * decay;
        }
      }
    },
  };
}

export interface RmsScaleOptions {
  readonly alpha?: number;
  readonly eps?: number;
  /** Structural: read at init (allocates the gradient average). */
  readonly centered?: boolean;
}

/**
 * RMSprop's scaling: v = alpha v + (1 - alpha) g^2; u = g / (sqrt(v) + eps), or with `centered`
 * u = g / (sqrt(v - gavg^2) + eps) where gavg is the running mean gradient. eps goes outside the root.
 */
export function scaleByRms(o: RmsScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByRms',
    init(params) {
      const buffers: Record<string, TypedArray[]> = o.centered ? { squareAvg: buffersLike(params), gradAvg: buffersLike(params) } : { squareAvg: buffersLike(params) };
      return { count: 0, scalars: {}, buffers };
    },
    update(updates, state) {
      state.count++;
      const alpha = o.alpha ?? 0.99;
      const eps = o.eps ?? 1e-8;
      const sq = state.buffers.squareAvg;
      const ga = state.buffers.gradAvg;
      if (o.centered && !ga) throw new OptionError('scaleByRms', 'centered', 'was turned on after init; it is fixed at construction', { value: true });
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const v = sq[i];
        if (o.centered) {
          const m = ga[i];
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            v[j] = alpha * v[j] + (1 - alpha) * g * g;
            m[j] = alpha * m[j] + (1 - alpha) * g;
            // v − gavg² ≥ 0 in exact arithmetic; rounding (denormal or float32 gradients) can make it a hair negative,
            // where PyTorch's sqrt gives NaN: clamp at 0.
            const c = v[j] - m[j] * m[j];
            u[j] = g / (Math.sqrt(c > 0 ? c : 0) + eps);
          }
        } else {
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            v[j] = alpha * v[j] + (1 - alpha) * g * g;
            u[j] = g / (Math.sqrt(v[j]) + eps);
          }
        }
      }
    },
  };
}

export interface AdadeltaScaleOptions {
  readonly rho?: number;
  readonly eps?: number;
}

/**
 * Adadelta: v = rho v + (1 - rho) g^2; d = sqrt(acc + eps) / sqrt(v + eps) * g; acc = rho acc + (1 - rho) d^2; u = d.
 * eps sits inside both square roots.
 */
export function scaleByAdadelta(o: AdadeltaScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByAdadelta',
    init: (params) => ({ count: 0, scalars: {}, buffers: { squareAvg: buffersLike(params), accDelta: buffersLike(params) } }),
    update(updates, state) {
      state.count++;
      const rho = o.rho ?? 0.9;
      const eps = o.eps ?? 1e-6;
      const sq = state.buffers.squareAvg;
      const acc = state.buffers.accDelta;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const v = sq[i];
        const a = acc[i];
        for (let j = 0; j < u.length; j++) {
          const g = u[j];
          v[j] = rho * v[j] + (1 - rho) * g * g;
          const d = (Math.sqrt(a[j] + eps) / Math.sqrt(v[j] + eps)) * g;
          a[j] = rho * a[j] + (1 - rho) * d * d;
          u[j] = d;
        }
      }
    },
  };
}
