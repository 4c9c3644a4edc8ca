import type { Tensor, TypedArray } from '@descent/core-tensor';

/**
 * State of one transformation. Everything an optimizer remembers between steps lives here, in a shape
 * that is uniform across transformations so it can be serialized generically (see state-dict.ts):
 * - `count`: number of updates applied so far (PyTorch's `step`; the first update sees count = 1 after increment),
 * - `scalars`: named numbers (e.g. NAdam's running momentum product),
 * - `buffers`: named per-parameter arrays, `buffers[name][i]` aligned with `params[i]` and with its dtype,
 * - `inner`: the states of sub-transformations (used by `chain`).
 */
export interface TransformState {
  count: number;
  scalars: Record<string, number>;
  buffers: Record<string, TypedArray[]>;
  inner?: TransformState[];
}

/**
 * An Optax-style gradient transformation, in place for speed. `init` allocates every buffer once;
 * `update` receives `updates` holding the gradients and overwrites them with the transformed values
 * (after a full chain: the deltas to add to the parameters), mutating `state` in place. No allocation
 * happens in `update`. Option objects passed to the factories are read at every update, so mutating
 * them (as `Optimizer.setOption` does) takes effect on the next step.
 */
export interface GradientTransformation<S = TransformState> {
  readonly name: string;
  init(params: readonly Tensor[]): S;
  update(updates: readonly Tensor[], state: S, params: readonly Tensor[]): void;
}

/** A learning rate as a constant, a function of the 0-based update index (a schedule), or a live `{ lr }` object. */
export type LearningRate = number | ((step: number) => number) | { readonly lr: number };

export function emptyState(): TransformState {
  return { count: 0, scalars: {}, buffers: {} };
}

/** A zero-filled array of the same dtype and length as `a`. */
export function zerosLike(a: TypedArray, fill = 0): TypedArray {
  const out = a instanceof Float32Array ? new Float32Array(a.length) : new Float64Array(a.length);
  if (fill !== 0) out.fill(fill);
  return out;
}

/** One buffer per parameter, shaped like it, filled with `fill`. */
export function buffersLike(params: readonly Tensor[], fill = 0): TypedArray[] {
  return params.map((p) => zerosLike(p.data, fill));
}

/** p += u for every parameter (the Optax `apply_updates`, in place). */
export function applyUpdates(params: readonly Tensor[], updates: readonly Tensor[]): void {
  if (params.length !== updates.length) {
    throw new Error(`applyUpdates: ${params.length} params but ${updates.length} updates`);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i].data;
    const u = updates[i].data;
    if (p.length !== u.length) throw new Error(`applyUpdates: param ${i} has ${p.length} elements, update has ${u.length}`);
    for (let j = 0; j < p.length; j++) p[j] += u[j];
  }
}
