import type { Var } from '@descent/autodiff';
import { BaseModule, type Module, isModule, type ModuleInput, asInput } from './module.js';

/** Modules applied in order; parameter names are prefixed with the module index ("0.weight"), as in PyTorch. */
export class Sequential extends BaseModule {
  readonly modules: readonly Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!isModule(m)) throw new Error(`Sequential: argument ${i} is not a module (got ${m === null ? 'null' : typeof m})`);
    });
    this.modules = Object.freeze([...modules]);
  }

  forward(input: ModuleInput): Var {
    const x = asInput(input, 'Sequential');
    let h = x;
    for (let i = 0; i < this.modules.length; i++) h = this.modules[i].forward(h);
    return h;
  }

  override namedParameters(): [string, Var][] {
    const out: [string, Var][] = [];
    this.modules.forEach((m, i) => {
      for (const [n, p] of m.namedParameters()) out.push([`${i}.${n}`, p]);
    });
    return out;
  }

  override train(on = true): this {
    this.training = on;
    for (const m of this.modules) m.train(on);
    return this;
  }

  get length(): number {
    return this.modules.length;
  }

  override toString(): string {
    return `Sequential(\n${this.modules.map((m, i) => `  (${i}) ${String(m)}`).join('\n')}\n)`;
  }
}
