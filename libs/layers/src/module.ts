import { Var, lift } from '@descent/autodiff';
import { Tensor, TensorError, describeValue } from '@descent/core-tensor';
import { type StateDict, loadParameters, saveParameters } from './state-dict.js';

/** What forward() takes: a Var, or a plain Tensor of data (wrapped as a constant), as PyTorch's model(x). */
export type ModuleInput = Var | Tensor;

/** A network part: maps a batch to a Var and owns (possibly no) trainable parameters. */
export interface Module {
  /** true in training mode (dropout active), false after eval(). New modules start in training mode, as in PyTorch. */
  readonly training: boolean;
  forward(x: ModuleInput): Var;
  parameters(): Var[];
  /** Parameters with dotted names, e.g. "weight" or, inside a Sequential, "0.weight". */
  namedParameters(): [string, Var][];
  train(on?: boolean): this;
  eval(): this;
  /** Forget accumulated gradients on every parameter. */
  zeroGrad(): void;
  stateDict(): StateDict;
  loadStateDict(sd: StateDict): void;
  /** A short human-readable description, e.g. "Linear(2 → 8)". */
  toString(): string;
}

/** Shared plumbing: modes, parameter lists and state dicts, derived from namedParameters(). */
export abstract class BaseModule implements Module {
  training = true;

  abstract forward(x: ModuleInput): Var;

  namedParameters(): [string, Var][] {
    return [];
  }
  parameters(): Var[] {
    return this.namedParameters().map(([, v]) => v);
  }
  train(on = true): this {
    this.training = on;
    return this;
  }
  eval(): this {
    return this.train(false);
  }
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }
  stateDict(): StateDict {
    return saveParameters(this.namedParameters());
  }
  loadStateDict(sd: StateDict): void {
    loadParameters(this.namedParameters(), sd);
  }
}

export function isModule(x: unknown): x is Module {
  return (
    !!x &&
    typeof x === 'object' &&
    typeof (x as Module).forward === 'function' &&
    typeof (x as Module).namedParameters === 'function' &&
    typeof (x as Module).train === 'function'
  );
}

/** Total number of scalar parameters. */
export function countParameters(m: Module): number {
  return m.parameters().reduce((n, p) => n + p.value.size, 0);
}

/** A module's input as a Var; anything else is refused naming the module and how to make a tensor. */
export function asInput(x: unknown, who: string): Var {
  if (x instanceof Var) return x;
  if (x instanceof Tensor) return lift(x);
  const how = Array.isArray(x) ? `got a nested array: make a tensor first, e.g. model.forward(tensor(${describeValue(x, 24)}))` : `got ${x === null ? 'null' : typeof x} ${describeValue(x, 30)}`;
  throw new TensorError(`${who}.forward`, `expected a Tensor or an autodiff Var, ${how}`, { value: x });
}
