import { Rng, Tensor, cast, type DType } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import type { Var } from '@descent/autodiff';
import { BaseModule, type ModuleInput, asInput } from './module.js';
import { type InitSpec, initTensor, linearBiasBound, uniform } from './init.js';

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32; use float64 for gradient checks and parity). */
  dtype?: DType;
  /** Weight initializer (default: PyTorch's, U(−1/√in, 1/√in)). */
  init?: InitSpec;
  /** Bias initializer (default: PyTorch's, U(−1/√in, 1/√in)). */
  biasInit?: InitSpec;
  /** Draw from this generator (shared across layers) or from a fresh Rng(seed); seed defaults to 0. */
  rng?: Rng;
  seed?: number;
  /** Explicit initial values (weight [out, in], bias [out]); copied, and they override init. */
  weight?: Tensor;
  biasValue?: Tensor;
}

function checkFeatures(what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`Linear: ${what} must be a positive integer, got ${JSON.stringify(n)}`);
  return n;
}

function own(what: string, t: Tensor, shape: readonly number[], dtype: DType): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`Linear: ${what} must be a Tensor`);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new Error(`Linear: ${what} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return cast(t, dtype); // always a copy: the layer owns its parameters
}

/** A dense layer y = x·Wᵀ + b in PyTorch's layout: weight [out, in], bias [out]. */
export class Linear extends BaseModule {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Var;
  readonly bias: Var | null;

  constructor(inFeatures: number, outFeatures: number, o: LinearOptions = {}) {
    super();
    this.inFeatures = checkFeatures('in (input features)', inFeatures);
    this.outFeatures = checkFeatures('out (output features)', outFeatures);
    const dtype = o.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`Linear: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
    const rng = o.rng ?? new Rng(o.seed ?? 0);
    const wShape = [outFeatures, inFeatures];
    // Weight first, then bias, from one stream: the same seed always gives the same layer.
    const w = o.weight ? own('weight', o.weight, wShape, dtype) : initTensor(o.init ?? 'default', wShape, { rng, dtype });
    this.weight = A.variable(w, { name: 'weight' });
    if (o.bias === false) {
      if (o.biasValue) throw new Error('Linear: biasValue given but bias is false');
      this.bias = null;
    } else {
      const bound = linearBiasBound(inFeatures);
      const b = o.biasValue
        ? own('bias', o.biasValue, [outFeatures], dtype)
        : o.biasInit
          ? initTensor(o.biasInit, [outFeatures], { rng, dtype })
          : uniform([outFeatures], -bound, bound, { rng, dtype });
      this.bias = A.variable(b, { name: 'bias' });
    }
  }

  forward(input: ModuleInput): Var {
    const x = asInput(input, 'Linear');
    return this.bias ? A.linear(x, this.weight, this.bias) : A.linear(x, this.weight);
  }

  override namedParameters(): [string, Var][] {
    return this.bias ? [['weight', this.weight], ['bias', this.bias]] : [['weight', this.weight]];
  }

  override toString(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures}${this.bias ? '' : ', no bias'})`;
  }
}
