import { describe, expect, it } from 'vitest';
import { tensor } from '@descent/core-tensor';
import { createOptimizer, type SerializedTransformState } from './index.js';

// Optimizer.stateBuffer(name): the live buffers a viewer reads (the Optimizer Lab draws SGD's velocity and
// Adam's first moment from it). It must be the very state the next step uses, as stateDict() serializes it.

function serialized(s: SerializedTransformState | null, name: string): number[][] | undefined {
  if (!s) return undefined;
  if (s.buffers[name]) return s.buffers[name];
  for (const inner of s.inner ?? []) {
    const b = serialized(inner, name);
    if (b) return b;
  }
  return undefined;
}

describe('Optimizer.stateBuffer', () => {
  it('is undefined before the first step and for a name no transformation keeps', () => {
    const opt = createOptimizer('sgd', { lr: 0.1, momentum: 0.9 });
    expect(opt.stateBuffer('momentumBuffer')).toBeUndefined();
    opt.step([tensor([1, 2], 'float64')], [tensor([0.5, -1], 'float64')]);
    expect(opt.stateBuffer('expAvg')).toBeUndefined();
    expect(opt.stateBuffer('toString')).toBeUndefined();
  });

  it('SGD momentum: v₁ = g₁, then v ← μv + g (PyTorch), as stateDict has it', () => {
    const opt = createOptimizer('sgd', { lr: 0.1, momentum: 0.9 });
    const p = tensor([1, 2], 'float64');
    opt.step([p], [tensor([0.5, -1], 'float64')]);
    expect(Array.from(opt.stateBuffer('momentumBuffer')![0])).toEqual([0.5, -1]);
    opt.step([p], [tensor([1, 1], 'float64')]);
    expect(Array.from(opt.stateBuffer('momentumBuffer')![0])).toEqual([0.9 * 0.5 + 1, 0.9 * -1 + 1]);
    expect(opt.stateBuffer('momentumBuffer')!.map((a) => Array.from(a))).toEqual(serialized(opt.stateDict().state, 'momentumBuffer'));
  });

  it.each(['adam', 'adamw', 'nadam', 'radam', 'adamax'] as const)('%s: expAvg is the first moment m, one array per parameter', (name) => {
    const opt = createOptimizer(name, { lr: 0.01 });
    const ps = [tensor([1, 2], 'float64'), tensor([3], 'float64')];
    for (let t = 1; t <= 3; t++) opt.step(ps, [tensor([t, -t], 'float64'), tensor([2 * t], 'float64')]);
    const m = opt.stateBuffer('expAvg')!;
    expect(m).toHaveLength(2);
    expect(m.map((a) => Array.from(a))).toEqual(serialized(opt.stateDict().state, 'expAvg'));
    // m = (1 − β₁) Σ β₁^(3−t) g_t for the first coordinate
    const b1 = 0.9;
    expect(m[0][0]).toBeCloseTo((1 - b1) * (b1 * b1 * 1 + b1 * 2 + 3), 12);
  });

  it('is live: it follows the next steps and reset() forgets it', () => {
    const opt = createOptimizer('rmsprop', { lr: 0.01, momentum: 0.5 });
    const p = tensor([1], 'float64');
    opt.step([p], [tensor([1], 'float64')]);
    const view = opt.stateBuffer('squareAvg')!;
    const first = view[0][0];
    opt.step([p], [tensor([2], 'float64')]);
    expect(view[0][0]).not.toBe(first);
    opt.reset();
    expect(opt.stateBuffer('squareAvg')).toBeUndefined();
  });
});
