import type { Tensor } from '@descent/core-tensor';
import { type GradientTransformation, type TransformState, emptyState } from '../transform.js';

/** Apply transformations in order; the state holds one inner state per transformation. */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  return {
    name: `chain(${transforms.map((t) => t.name).join(', ')})`,
    init(params: readonly Tensor[]): TransformState {
      return { ...emptyState(), inner: transforms.map((t) => t.init(params)) };
    },
    update(updates, state, params): void {
      const inner = state.inner;
      if (!inner || inner.length !== transforms.length) {
        throw new Error(`chain: state has ${inner?.length ?? 0} inner states, expected ${transforms.length}`);
      }
      for (let k = 0; k < transforms.length; k++) transforms[k].update(updates, inner[k], params);
      state.count++;
    },
  };
}
