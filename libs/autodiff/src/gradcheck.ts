import { Tensor, cast, zeros } from '@descent/core-tensor';
import { Var, variable, noGrad } from './var.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  atol?: number;
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic − numeric| over every Jacobian entry. */
  maxAbsError: number;
  /** The entry that came closest to failing (largest error relative to atol + rtol·|numeric|). */
  worst: { input: number; index: number; output: number; analytic: number; numeric: number; error: number } | null;
}

/**
 * Compare the autodiff Jacobian of f with central finite differences (f(x+ε) − f(x−ε)) / 2ε in
 * float64: the lecture's difference quotient, made into a tool. Every output element is checked
 * against every input element, so it suits small inputs.
 */
export function gradcheck(f: (...args: Var[]) => Var, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const xs = inputs.map((t) => cast(t, 'float64'));
  const evalAt = (args: Tensor[]): Tensor => noGrad(() => f(...args.map((a) => variable(a, { requiresGrad: false }))).value);
  const out0 = evalAt(xs);
  const nOut = out0.size;

  // Analytic Jacobian, one backward per output element (rows).
  const analytic = xs.map((x) => new Float64Array(nOut * x.size));
  for (let o = 0; o < nOut; o++) {
    const vars = xs.map((x) => variable(x));
    const out = f(...vars);
    const seed = zeros(out.shape, 'float64');
    seed.data[o] = 1;
    if (out.requiresGrad) out.backward(seed);
    vars.forEach((v, i) => {
      if (v.grad) for (let j = 0; j < xs[i].size; j++) analytic[i][o * xs[i].size + j] = v.grad.data[j];
    });
  }

  let maxAbsError = 0;
  let worst: GradcheckResult['worst'] = null;
  let worstScore = -1;
  let ok = true;
  xs.forEach((x, i) => {
    for (let j = 0; j < x.size; j++) {
      const plus = xs.map((t) => t), minus = xs.map((t) => t);
      const xp = cast(x, 'float64'), xm = cast(x, 'float64');
      xp.data[j] += eps;
      xm.data[j] -= eps;
      plus[i] = xp;
      minus[i] = xm;
      const fp = evalAt(plus), fm = evalAt(minus);
      for (let o = 0; o < nOut; o++) {
        const numeric = (fp.data[o] - fm.data[o]) / (2 * eps);
        const a = analytic[i][o * x.size + j];
        const err = Math.abs(a - numeric);
        const score = err / (atol + rtol * Math.abs(numeric));
        if (err > maxAbsError || Number.isNaN(err)) maxAbsError = Number.isNaN(err) ? Infinity : err;
        if (!(score <= 1)) ok = false;
        if (score > worstScore || Number.isNaN(score)) {
          worstScore = Number.isNaN(score) ? Infinity : score;
          worst = { input: i, index: j, output: o, analytic: a, numeric, error: err };
        }
      }
    }
  });
  return { ok, maxAbsError, worst };
}
