import { type GradientTransformation, buffersLike } from '../transform.js';

type Betas = readonly [number, number] | readonly number[];

export interface AdamScaleOptions {
  readonly betas?: Betas;
  readonly eps?: number;
  /** Structural: read at init (allocates the running max of v). */
  readonly amsgrad?: boolean;
}

const DEFAULT_BETAS = [0.9, 0.999] as const;

/**
 * Adam: m, v running moments; u = (m / bc1) / (sqrt(v) / sqrt(bc2) + eps), eps added AFTER the bias
 * correction (PyTorch). With amsgrad the running max of v replaces v.
 */
export function scaleByAdam(o: AdamScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByAdam',
    init(params) {
      const buffers = { expAvg: buffersLike(params), expAvgSq: buffersLike(params) };
      return { count: 0, scalars: {}, buffers: o.amsgrad ? { ...buffers, maxExpAvgSq: buffersLike(params) } : buffers };
    },
    update(updates, state) {
      const t = ++state.count;
      const [b1, b2] = o.betas ?? DEFAULT_BETAS;
      const eps = o.eps ?? 1e-8;
      const bc1 = 1 - Math.pow(b1, t);
      const sbc2 = Math.sqrt(1 - Math.pow(b2, t));
      // Reciprocals hoisted out of the loop: one division per element instead of three (the loop
      // runs over every parameter each step); the rounding differs from PyTorch's by an ulp or so.
      const ibc1 = 1 / bc1;
      const isbc2 = 1 / sbc2;
      const ms = state.buffers.expAvg;
      const vs = state.buffers.expAvgSq;
      const vmaxs = state.buffers.maxExpAvgSq;
      if (o.amsgrad && !vmaxs) throw new Error('scaleByAdam: amsgrad was turned on after init; it is fixed at construction');
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const m = ms[i];
        const v = vs[i];
        if (o.amsgrad) {
          const vm = vmaxs[i];
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            m[j] = b1 * m[j] + (1 - b1) * g;
            v[j] = b2 * v[j] + (1 - b2) * g * g;
            vm[j] = Math.max(vm[j], v[j]); // Math.max propagates NaN like torch.maximum
            u[j] = (m[j] * ibc1) / (Math.sqrt(vm[j]) * isbc2 + eps);
          }
        } else {
          for (let j = 0; j < u.length; j++) {
            const g = u[j];
            m[j] = b1 * m[j] + (1 - b1) * g;
            v[j] = b2 * v[j] + (1 - b2) * g * g;
            u[j] = (m[j] * ibc1) / (Math.sqrt(v[j]) * isbc2 + eps);
          }
        }
      }
    },
  };
}

export interface NadamScaleOptions {
  readonly betas?: Betas;
  readonly eps?: number;
  readonly momentumDecay?: number;
}

/**
 * NAdam (Dozat 2016) as documented by PyTorch (its foreach implementation and >= 2.0):
 * mu_t = b1 (1 - 0.5 * 0.96^(t psi)), Pi *= mu_t, den = sqrt(v / bc2) + eps,
 * u = (1 - mu_t) / (1 - Pi) * g / den + mu_{t+1} / (1 - Pi mu_{t+1}) * m / den.
 */
export function scaleByNadam(o: NadamScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByNadam',
    init: (params) => ({ count: 0, scalars: { muProduct: 1 }, buffers: { expAvg: buffersLike(params), expAvgSq: buffersLike(params) } }),
    update(updates, state) {
      const t = ++state.count;
      const [b1, b2] = o.betas ?? DEFAULT_BETAS;
      const eps = o.eps ?? 1e-8;
      const psi = o.momentumDecay ?? 4e-3;
      const bc2 = 1 - Math.pow(b2, t);
      const mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
      const muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
      const prod = state.scalars.muProduct * mu;
      state.scalars.muProduct = prod;
      const cg = (1 - mu) / (1 - prod);
      const cm = muNext / (1 - prod * muNext);
      const ms = state.buffers.expAvg;
      const vs = state.buffers.expAvgSq;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const m = ms[i];
        const v = vs[i];
        for (let j = 0; j < u.length; j++) {
          const g = u[j];
          m[j] = b1 * m[j] + (1 - b1) * g;
          v[j] = b2 * v[j] + (1 - b2) * g * g;
          const den = Math.sqrt(v[j] / bc2) + eps;
          u[j] = (cg * g) / den + (cm * m[j]) / den;
        }
      }
    },
  };
}

export interface RadamScaleOptions {
  readonly betas?: Betas;
  readonly eps?: number;
}

/**
 * RAdam (Liu et al. 2019): rectified Adam while the variance estimate is tractable (rho_t > 5), plain
 * bias-corrected momentum before. eps is added to the UNcorrected sqrt(v) (PyTorch single-tensor RAdam).
 */
export function scaleByRadam(o: RadamScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByRadam',
    init: (params) => ({ count: 0, scalars: {}, buffers: { expAvg: buffersLike(params), expAvgSq: buffersLike(params) } }),
    update(updates, state) {
      const t = ++state.count;
      const [b1, b2] = o.betas ?? DEFAULT_BETAS;
      const eps = o.eps ?? 1e-8;
      const bc1 = 1 - Math.pow(b1, t);
      const b2t = Math.pow(b2, t);
      const bc2 = 1 - b2t;
      const rhoInf = 2 / (1 - b2) - 1;
      const rhoT = rhoInf - (2 * t * b2t) / bc2;
      const rectified = rhoT > 5;
      const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
      const sbc2 = Math.sqrt(bc2);
      const ms = state.buffers.expAvg;
      const vs = state.buffers.expAvgSq;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const m = ms[i];
        const v = vs[i];
        for (let j = 0; j < u.length; j++) {
          const g = u[j];
          m[j] = b1 * m[j] + (1 - b1) * g;
          v[j] = b2 * v[j] + (1 - b2) * g * g;
          const mhat = m[j] / bc1;
          u[j] = rectified ? ((mhat * rect) * sbc2) / (Math.sqrt(v[j]) + eps) : mhat;
        }
      }
    },
  };
}

export interface AdamaxScaleOptions {
  readonly betas?: Betas;
  readonly eps?: number;
}

/** Adamax: m as Adam; u_inf = max(b2 u_inf, |g| + eps) (eps inside the max); u = m / ((1 - b1^t) u_inf). */
export function scaleByAdamax(o: AdamaxScaleOptions = {}): GradientTransformation {
  return {
    name: 'scaleByAdamax',
    init: (params) => ({ count: 0, scalars: {}, buffers: { expAvg: buffersLike(params), expInf: buffersLike(params) } }),
    update(updates, state) {
      const t = ++state.count;
      const [b1, b2] = o.betas ?? DEFAULT_BETAS;
      const eps = o.eps ?? 1e-8;
      const bc1 = 1 - Math.pow(b1, t);
      const ms = state.buffers.expAvg;
      const us = state.buffers.expInf;
      for (let i = 0; i < updates.length; i++) {
        const u = updates[i].data;
        const m = ms[i];
        const n = us[i];
        for (let j = 0; j < u.length; j++) {
          const g = u[j];
          m[j] = b1 * m[j] + (1 - b1) * g;
          n[j] = Math.max(b2 * n[j], Math.abs(g) + eps);
          u[j] = m[j] / bc1 / n[j];
        }
      }
    },
  };
}
