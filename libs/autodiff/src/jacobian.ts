import { Tensor, OptionError, TensorError, allocate, cast, describeValue } from '@descent/core-tensor';
import { Var, variable } from './var.js';

// Derivatives of whole functions, PyTorch's torch.autograd.functional style.

function checkInput(owner: string, x: unknown, i: number): Tensor {
  if (!(x instanceof Tensor)) throw new TensorError(owner, `must be a Tensor, got ${describeValue(x)}`, { option: 'inputs', element: i, value: x });
  return x;
}

/**
 * The Jacobian of f at x, as torch.autograd.functional.jacobian: shape f(x).shape ++ x.shape, entry
 * [i..., j...] = ∂f(x)[i...] / ∂x[j...]. Reverse mode: one forward pass, then one backward per output
 * element. With several inputs, one Jacobian per input. An output that does not depend on an input gives zeros.
 */
export function jacobian(f: (x: Var) => Var, x: Tensor): Tensor;
export function jacobian(f: (...xs: Var[]) => Var, xs: readonly Tensor[]): Tensor[];
export function jacobian(f: (...xs: Var[]) => Var, input: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  const many = Array.isArray(input);
  const inputs = (many ? input : [input]).map((x, i) => checkInput('jacobian', x, i));
  const vars = inputs.map((x) => variable(x));
  const out = f(...vars);
  if (!(out instanceof Var)) throw new TensorError('jacobian', `must return an autodiff Var, got ${describeValue(out)}`, { option: 'f', value: out });
  const m = out.value.size;
  const jac = inputs.map((x) => allocate(out.dtype, m * x.size, 'jacobian', [m, x.size]));
  if (out.requiresGrad) {
    for (let i = 0; i < m; i++) {
      const seed = new Tensor(allocate(out.dtype, m), out.shape);
      seed.data[i] = 1;
      vars.forEach((v) => v.zeroGrad());
      out.backward(seed, { retainGraph: i < m - 1 });
      vars.forEach((v, k) => {
        if (v.grad) jac[k].set(v.grad.data, i * inputs[k].size);
      });
    }
  }
  const result = jac.map((d, k) => new Tensor(d, [...out.shape, ...inputs[k].shape]));
  return many ? result : result[0];
}

export interface HessianOptions {
  /** Finite-difference step for the gradient, relative to max(1, |x_j|) (default ∛ε ≈ 6e-6, optimal for central differences). */
  h?: number;
}

/**
 * The Hessian of a scalar f at x (a vector), [n, n], by central differences of the exact autodiff gradient:
 * H[:, j] ≈ (∇f(x + h eⱼ) − ∇f(x − h eⱼ)) / 2h, then symmetrised. Our autodiff is first-order, so second
 * derivatives come this way (error O(h²) plus rounding, about 1e-9 relative in float64): what Newton's
 * method needs on a small problem, and why it is impractical with many parameters (n gradients per Hessian).
 */
export function hessian(f: (x: Var) => Var, x: Tensor, options: HessianOptions = {}): Tensor {
  checkInput('hessian', x, 0);
  if (x.rank !== 1) throw new TensorError('hessian', `must be a vector, got shape [${x.shape.join(', ')}]`, { option: 'x', value: x.shape });
  const h = options.h ?? Math.cbrt(Number.EPSILON);
  if (!(h > 0) || !Number.isFinite(h)) throw new OptionError('hessian', 'h', `must be a positive number, got ${describeValue(h)}`, { value: h });
  const x64 = cast(x, 'float64');
  const n = x64.size;
  const gradAt = (p: Float64Array): Float64Array => {
    const v = variable(new Tensor(p, [n]));
    const y = f(v);
    if (!(y instanceof Var) || y.value.size !== 1) throw new TensorError('hessian', `must return one value, got ${y instanceof Var ? `shape [${y.shape.join(', ')}]` : describeValue(y)}`, { option: 'f' });
    if (y.requiresGrad) y.backward();
    return v.grad ? Float64Array.from(v.grad.data) : new Float64Array(n);
  };
  const H = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const step = h * Math.max(1, Math.abs(x64.data[j]));
    const plus = Float64Array.from(x64.data), minus = Float64Array.from(x64.data);
    plus[j] += step;
    minus[j] -= step;
    const gp = gradAt(plus), gm = gradAt(minus);
    const width = plus[j] - minus[j]; // the step as represented, not as intended
    for (let i = 0; i < n; i++) H[i * n + j] = (gp[i] - gm[i]) / width;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = s;
      H[j * n + i] = s;
    }
  }
  return cast(new Tensor(H, [n, n]), x.dtype);
}
