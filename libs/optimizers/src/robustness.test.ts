import { describe, expect, it } from 'vitest';
import { OptionError, Tensor } from '@descent/core-tensor';
import { createOptimizer } from './index.js';

describe('centered RMSprop', () => {
  it('stays finite when rounding makes v − gavg² a hair negative (found by the fuzz suite; PyTorch gives NaN there)', () => {
    // float32, alpha 0.016, the same gradient every step: v → g² and gavg → g, and after 5 steps
    // fround(v) − fround(gavg)² = −3.5e-8, whose square root was NaN.
    const p = new Tensor(Float32Array.from([1]), [1]);
    const g = new Tensor(Float32Array.from([-1.005112886428833]), [1]);
    const opt = createOptimizer('rmsprop', { lr: 0.04, alpha: 0.016, eps: 0.02, centered: true });
    for (let k = 0; k < 8; k++) {
      opt.step([p], [g]);
      expect(Number.isFinite(p.data[0]), `step ${k}: ${p.data[0]}`).toBe(true);
    }
  });
});

describe('step with bad grads', () => {
  it('a missing or non-tensor gradient (or parameter) is an OptionError naming its index, not a TypeError', () => {
    const p = new Tensor(Float64Array.from([1, 2]), [2]);
    const opt = createOptimizer('sgd', { lr: 0.1 });
    expect(() => opt.step([p], [undefined as never])).toThrow(/^sgd\.step: grads\[0\] must be a Tensor, got undefined$/);
    expect(() => opt.step([p], [null as never])).toThrow(OptionError);
    expect(() => opt.step([p], [[1, 2] as never])).toThrow(/^sgd\.step: grads\[0\] must be a Tensor, got \[1, 2\]$/);
    expect(() => opt.step(null as never, [])).toThrow(/^sgd\.step: params must be an array of Tensors, got null$/);
    expect(() => opt.step([{} as never], [p])).toThrow(/^sgd\.step: params\[0\] must be a Tensor/);
  });
});
