import { OptionError, describeValue, full, type DType } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import type { Var } from '@descent/autodiff';

function check(name: string, params: readonly Var[], lambda: number): void {
  if (!Array.isArray(params) || params.some((p) => !(p instanceof A.Var))) throw new OptionError(name, 'params', 'must be an array of Vars', { value: params });
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) throw new OptionError(name, 'lambda', `must be a non-negative finite number, got ${describeValue(lambda)}`, { value: lambda });
}

function total(params: readonly Var[], term: (p: Var) => Var, lambda: number, dtype: DType): Var {
  if (params.length === 0) return A.constant(full([], 0, dtype));
  let s = A.sum(term(params[0]));
  for (let i = 1; i < params.length; i++) s = A.add(s, A.sum(term(params[i])));
  return A.mul(s, lambda);
}

/** λ·Σ|p| over every element of every parameter (gradient λ·sign(p)); add it to a loss. */
export function l1Regularization(params: readonly Var[], lambda: number): Var {
  check('l1Regularization', params, lambda);
  return total(params, A.abs, lambda, params[0]?.dtype ?? 'float32');
}

/** λ·Σp² over every element of every parameter (gradient 2λ·p; PyTorch's weight_decay wd matches λ = wd/2). */
export function l2Regularization(params: readonly Var[], lambda: number): Var {
  check('l2Regularization', params, lambda);
  return total(params, A.square, lambda, params[0]?.dtype ?? 'float32');
}
