import type { Var } from '@descent/autodiff';
import { type StateDict, loadParameters, saveParameters } from './state-dict.js';

/** A network part: maps a batch Var to a Var and owns (possibly no) trainable parameters. */
export interface Module {
  /** true in training mode (dropout active), false after eval(). New modules start in training mode, as in PyTorch. */
  readonly training: boolean;
  forward(x: Var): Var;
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

  abstract forward(x: Var): Var;

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
