import type { Activation } from '@shared/model-spec.js';

// Element-wise activations with their derivatives, PyTorch defaults (leakyRelu slope 0.01, elu alpha 1,
// softplus beta 1 / threshold 20, exact erf GELU). Adapter until @descent/layers exports its activations.

/** erf via W. J. Cody's rational approximations (relative error ~1e-16). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const t = x * x;
    const p = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
    const q = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
    let num = p[4] * t;
    let den = t;
    for (let i = 0; i < 3; i++) {
      num = (num + p[i]) * t;
      den = (den + q[i]) * t;
    }
    return (x * (num + p[3])) / (den + q[3]);
  }
  return x < 0 ? -(1 - erfcPositive(ax)) : 1 - erfcPositive(ax);
}

function erfcPositive(y: number): number {
  let r: number;
  if (y <= 4) {
    const c = [0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8];
    const d = [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
    let num = c[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + c[i]) * y;
      den = (den + d[i]) * y;
    }
    r = (num + c[7]) / (den + d[7]);
  } else {
    const p = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
    const q = [2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
    const z = 1 / (y * y);
    let num = p[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + p[i]) * z;
      den = (den + q[i]) * z;
    }
    r = (z * (num + p[4])) / (den + q[4]);
    r = (1 / Math.sqrt(Math.PI) - r) / y;
  }
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const INV_SQRT2 = 1 / Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export interface ActivationFn {
  f(z: number): number;
  /** derivative given the pre-activation z and the output a = f(z) */
  df(z: number, a: number): number;
}

export const activationFns: Record<Activation, ActivationFn> = {
  sigmoid: { f: sigmoid, df: (_z, a) => a * (1 - a) },
  tanh: { f: Math.tanh, df: (_z, a) => 1 - a * a },
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  leakyRelu: { f: (z) => (z > 0 ? z : 0.01 * z), df: (z) => (z > 0 ? 1 : 0.01) },
  elu: { f: (z) => (z > 0 ? z : Math.expm1(z)), df: (z) => (z > 0 ? 1 : Math.exp(z)) },
  softplus: { f: (z) => (z > 20 ? z : Math.log1p(Math.exp(z))), df: (z) => (z > 20 ? 1 : sigmoid(z)) },
  gelu: {
    f: (z) => 0.5 * z * (1 + erf(z * INV_SQRT2)),
    df: (z) => 0.5 * (1 + erf(z * INV_SQRT2)) + z * Math.exp(-0.5 * z * z) * INV_SQRT_2PI,
  },
  silu: {
    f: (z) => z * sigmoid(z),
    df: (z) => {
      const s = sigmoid(z);
      return s * (1 + z * (1 - s));
    },
  },
  identity: { f: (z) => z, df: () => 1 },
};

export const activationLabels: Record<Activation, string> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leakyRelu: 'Leaky ReLU',
  elu: 'ELU',
  softplus: 'Softplus',
  gelu: 'GELU',
  silu: 'SiLU',
  identity: 'Identity',
};
