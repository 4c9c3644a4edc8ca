import type { TypedArray } from '../../dtype.js';
import { erf } from './erf.js';

/**
 * Element-wise unary kernels over [start, end). Each op is its own loop (not a shared loop calling
 * a function per element) so V8 keeps every loop monomorphic and fast. p and q are op parameters.
 */
export type UnaryKernel = (x: TypedArray, out: TypedArray, start: number, end: number, p: number, q: number) => void;

const SQRT1_2 = Math.SQRT1_2;

export const unaryKernels = {
  neg: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = -x[i]; },
  abs: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.abs(x[i]); },
  sign: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0; },
  exp: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.exp(x[i]); },
  log: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.log(x[i]); },
  log1p: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.log1p(x[i]); },
  sqrt: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.sqrt(x[i]); },
  square: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = x[i] * x[i]; },
  reciprocal: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = 1 / x[i]; },
  sin: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.sin(x[i]); },
  cos: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.cos(x[i]); },
  tanh: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = Math.tanh(x[i]); },
  // Never e^z/(1+e^z) for large |z|: pick the form whose exponent is non-positive.
  sigmoid: (x, o, s, e) => {
    for (let i = s; i < e; i++) {
      const z = x[i];
      if (z >= 0) o[i] = 1 / (1 + Math.exp(-z));
      else { const t = Math.exp(z); o[i] = t / (1 + t); }
    }
  },
  relu: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = x[i] > 0 ? x[i] : 0; },
  /** p = negative slope */
  leakyRelu: (x, o, s, e, p) => { for (let i = s; i < e; i++) o[i] = x[i] > 0 ? x[i] : p * x[i]; },
  /** p = alpha */
  elu: (x, o, s, e, p) => { for (let i = s; i < e; i++) o[i] = x[i] > 0 ? x[i] : p * Math.expm1(x[i]); },
  /** p = beta, q = threshold (PyTorch: linear above the threshold) */
  softplus: (x, o, s, e, p, q) => {
    for (let i = s; i < e; i++) {
      const bz = p * x[i];
      o[i] = bz > q ? x[i] : (Math.max(bz, 0) + Math.log1p(Math.exp(-Math.abs(bz)))) / p;
    }
  },
  gelu: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = 0.5 * x[i] * (1 + erf(x[i] * SQRT1_2)); },
  silu: (x, o, s, e) => {
    for (let i = s; i < e; i++) {
      const z = x[i];
      o[i] = z >= 0 ? z / (1 + Math.exp(-z)) : (z * Math.exp(z)) / (1 + Math.exp(z));
    }
  },
  erf: (x, o, s, e) => { for (let i = s; i < e; i++) o[i] = erf(x[i]); },
  /** p = exponent */
  powScalar: (x, o, s, e, p) => {
    if (p === 2) for (let i = s; i < e; i++) o[i] = x[i] * x[i];
    else for (let i = s; i < e; i++) o[i] = Math.pow(x[i], p);
  },
  /** p = min, q = max (use ±Infinity for no bound) */
  clamp: (x, o, s, e, p, q) => { for (let i = s; i < e; i++) o[i] = x[i] < p ? p : x[i] > q ? q : x[i]; },
  /** o = x * p + q */
  affine: (x, o, s, e, p, q) => { for (let i = s; i < e; i++) o[i] = x[i] * p + q; },
} satisfies Record<string, UnaryKernel>;

export type UnaryOp = keyof typeof unaryKernels;
