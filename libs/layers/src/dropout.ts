import { Rng, Tensor, allocate } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import type { Var } from '@descent/autodiff';
import { BaseModule, type ModuleInput, asInput } from './module.js';

export interface DropoutOptions {
  rng?: Rng;
  /** Seed for a fresh generator when no rng is given (default 0). */
  seed?: number;
}

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are
 * scaled by 1/(1−p), so eval mode (identity) needs no rescaling. Masks come from a seeded generator.
 */
export class Dropout extends BaseModule {
  readonly p: number;
  private readonly rng: Rng;

  constructor(p = 0.5, o: DropoutOptions = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`Dropout: p must be a probability in [0, 1], got ${JSON.stringify(p)}`);
    this.p = p;
    this.rng = o.rng ?? new Rng(o.seed ?? 0);
  }

  forward(input: ModuleInput): Var {
    const x = asInput(input, 'Dropout');
    if (!this.training || this.p === 0) return x;
    const n = x.value.size;
    const mask = allocate(x.dtype, n);
    if (this.p < 1) {
      const keep = 1 / (1 - this.p);
      for (let i = 0; i < n; i++) mask[i] = this.rng.next() < this.p ? 0 : keep;
    }
    return A.mul(x, new Tensor(mask, x.shape));
  }

  override toString(): string {
    return `Dropout(p=${this.p})`;
  }
}
