import { DescentError, OptionError, ShapeError, Tensor, cast, describeValue, tensor, full, type NestedArray } from '@descent/core-tensor';
import { Var, lift, type VarLike } from '@descent/autodiff';

export type Reduction = 'mean' | 'sum';

/** Float targets: a Var (may take a gradient), a Tensor, or nested arrays. */
export type Target = Var | Tensor | NestedArray;
/** Class indices 0..K−1, one per row. */
export type ClassTarget = Int32Array | readonly number[] | ArrayLike<number> | Tensor;

export interface ReductionOptions {
  /** 'mean' (default) or 'sum'. */
  reduction?: Reduction;
}

export const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function checkReduction(name: string, r: unknown): Reduction {
  if (r === undefined) return 'mean';
  if (r !== 'mean' && r !== 'sum') throw new OptionError(name, 'reduction', `must be 'mean' or 'sum', got ${describeValue(r)}`, { value: r });
  return r;
}

export function outputVar(name: string, output: VarLike): Var {
  if (!(output instanceof Var) && !(output instanceof Tensor)) throw new OptionError(name, 'output', `must be a Var or Tensor, got ${output === null ? 'null' : typeof output}`, { value: output });
  return lift(output);
}

/** The target as a Var of the output's dtype, with exactly the output's shape (no broadcasting, unlike a silent PyTorch warning). */
export function targetVar(name: string, target: Target, out: Var): Var {
  let y: Var;
  if (target instanceof Var) y = target;
  else if (target instanceof Tensor) y = lift(target.dtype === out.dtype ? target : cast(target, out.dtype));
  else if (Array.isArray(target) || typeof target === 'number') {
    try {
      y = lift(tensor(target, out.dtype));
    } catch (e) {
      // A ragged or non-number nested array is this loss's target problem, not the tensor() call's.
      if (e instanceof DescentError) throw new OptionError(name, 'target', `is not a valid nested number array: ${e.reason}`, { value: target, cause: e });
      throw e;
    }
  }
  else throw new OptionError(name, 'target', `must be a Var, Tensor or nested number array, got ${target === null ? 'null' : typeof target}`, { value: target });
  if (y.shape.length !== out.shape.length || y.shape.some((d, i) => d !== out.shape[i])) {
    throw new ShapeError(name, `output shape ${fmt(out.shape)} and target shape ${fmt(y.shape)} differ`);
  }
  return y;
}

export function scalarOf(value: number, like: Var): Tensor {
  return full([], value, like.dtype);
}
