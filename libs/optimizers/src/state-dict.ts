import { OptionError } from '@descent/core-tensor';
import type { TypedArray } from '@descent/core-tensor';
import type { OptimizerName, OptionValue } from './options.js';
import type { TransformState } from './transform.js';

/** A TransformState with buffers as plain number arrays (JSON-serializable). */
export interface SerializedTransformState {
  count: number;
  scalars: Record<string, number>;
  buffers: Record<string, number[][]>;
  inner?: SerializedTransformState[];
}

/** What Optimizer.stateDict() returns: plain JSON data. */
export interface OptimizerStateDict {
  format: 'descent-optimizer/1';
  optimizer: OptimizerName;
  /** Number of steps taken. */
  step: number;
  /** Hyperparameters (complete option set) at the time of saving. */
  options: Record<string, OptionValue>;
  clip: { maxNorm: number | null; value: number | null };
  /** Element count of each parameter, or null before the first step. */
  sizes: number[] | null;
  state: SerializedTransformState | null;
}

export function serializeState(s: TransformState): SerializedTransformState {
  const buffers: Record<string, number[][]> = {};
  for (const [k, arrs] of Object.entries(s.buffers)) buffers[k] = arrs.map((a) => Array.from(a));
  const out: SerializedTransformState = { count: s.count, scalars: { ...s.scalars }, buffers };
  if (s.inner) out.inner = s.inner.map(serializeState);
  return out;
}

const keys = (o: object): string => Object.keys(o).sort().join(', ');

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Copy serialized values into `template` (a freshly initialized state of the same transformation),
 * checking that every name, count and length matches. Throws naming the path of the first mismatch.
 */
export function restoreState(template: TransformState, data: unknown, path = 'state'): void {
  if (!isRecord(data)) throw new OptionError('loadStateDict', null, `${path} must be an object`);
  if (typeof data.count !== 'number' || !Number.isInteger(data.count) || data.count < 0) {
    throw new OptionError('loadStateDict', null, `${path}.count must be a non-negative integer, got ${String(data.count)}`);
  }
  const scalars = data.scalars;
  const buffers = data.buffers;
  if (!isRecord(scalars) || keys(scalars) !== keys(template.scalars)) {
    throw new OptionError('loadStateDict', null, `${path}.scalars must have the names [${keys(template.scalars)}], got [${isRecord(scalars) ? keys(scalars) : String(scalars)}]`);
  }
  if (!isRecord(buffers) || keys(buffers) !== keys(template.buffers)) {
    throw new OptionError('loadStateDict', null, `${path}.buffers must have the names [${keys(template.buffers)}], got [${isRecord(buffers) ? keys(buffers) : String(buffers)}]`);
  }
  for (const k of Object.keys(template.scalars)) {
    const v = scalars[k];
    if (typeof v !== 'number') throw new OptionError('loadStateDict', null, `${path}.scalars.${k} must be a number, got ${String(v)}`);
  }
  for (const k of Object.keys(template.buffers)) {
    const want: TypedArray[] = template.buffers[k];
    const got = buffers[k];
    if (!Array.isArray(got) || got.length !== want.length) {
      throw new OptionError('loadStateDict', null, `${path}.buffers.${k} must hold ${want.length} arrays, got ${Array.isArray(got) ? got.length : String(got)}`);
    }
    for (let i = 0; i < want.length; i++) {
      const arr: unknown = got[i];
      if (!Array.isArray(arr) || arr.length !== want[i].length) {
        throw new OptionError('loadStateDict', null, `${path}.buffers.${k}[${i}] must have length ${want[i].length}, got ${Array.isArray(arr) ? arr.length : String(arr)}`);
      }
      for (let j = 0; j < arr.length; j++) {
        if (typeof arr[j] !== 'number') throw new OptionError('loadStateDict', null, `${path}.buffers.${k}[${i}][${j}] must be a number, got ${String(arr[j])}`);
      }
    }
  }
  const innerT = template.inner;
  const innerD = data.inner;
  if (innerT) {
    if (!Array.isArray(innerD) || innerD.length !== innerT.length) {
      throw new OptionError('loadStateDict', null, `${path}.inner must hold ${innerT.length} states, got ${Array.isArray(innerD) ? innerD.length : String(innerD)}`);
    }
    innerT.forEach((t, k) => restoreState(t, innerD[k], `${path}.inner[${k}]`));
  } else if (innerD !== undefined) {
    throw new OptionError('loadStateDict', null, `${path} has inner states but this transformation has none`);
  }
  // Checked: write into the template (a fresh state, so a failed load never touches the live one).
  template.count = data.count;
  for (const k of Object.keys(template.scalars)) template.scalars[k] = scalars[k] as number;
  for (const k of Object.keys(template.buffers)) {
    const got = buffers[k] as number[][];
    template.buffers[k].forEach((a, i) => a.set(got[i]));
  }
}
