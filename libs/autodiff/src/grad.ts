import { Tensor } from '@descent/core-tensor';
import { Var, variable } from './var.js';

export type ScalarFn = (...args: Var[]) => Var;

/** f's value and its gradient with respect to every argument; f must return a single-element Var. */
export function valueAndGrad(f: ScalarFn): (...args: Tensor[]) => { value: number; grads: Tensor[] } {
  return (...args) => {
    const vars = args.map((a, i) => {
      if (!(a instanceof Tensor)) throw new TypeError(`valueAndGrad: argument ${i} is not a Tensor`);
      return variable(a);
    });
    const out = f(...vars);
    if (!(out instanceof Var) || out.value.size !== 1) {
      throw new Error(`valueAndGrad: f must return a Var with one element, got ${out instanceof Var ? `shape [${out.shape.join(', ')}]` : typeof out}`);
    }
    if (out.requiresGrad) out.backward();
    return {
      value: out.item(),
      grads: vars.map((v) => v.grad ?? new Tensor(new (v.dtype === 'float32' ? Float32Array : Float64Array)(v.value.size), v.shape)),
    };
  };
}

/** The gradient function of a scalar function: grad(f)(...tensors) → one gradient per argument. */
export function grad(f: ScalarFn): (...args: Tensor[]) => Tensor[] {
  const vg = valueAndGrad(f);
  return (...args) => vg(...args).grads;
}
