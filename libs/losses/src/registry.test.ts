import { describe, expect, it } from 'vitest';
import { tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { LOSS_NAMES, createLoss, huber, isLossName, l1Regularization, l2Regularization, lossInfo, lossName } from './index.js';

describe('createLoss', () => {
  it('accepts camelCase and the fixtures\' snake_case', () => {
    expect(lossName('smooth_l1')).toBe('smoothL1');
    expect(lossName('bce_with_logits')).toBe('bceWithLogits');
    expect(lossName('cross_entropy')).toBe('crossEntropy');
    expect(isLossName('kl_div')).toBe(false);
    for (const n of LOSS_NAMES) expect(createLoss(n).info.name).toBe(n);
    expect(lossInfo('cross_entropy').target).toBe('classes');
    expect(lossInfo('mse').target).toBe('values');
  });

  it('passes options through', () => {
    const o = A.variable(tensor([[0, 3]], 'float64'));
    const f = createLoss('huber', { delta: 0.5, reduction: 'sum' });
    expect(f(o, [[1, 0]]).item()).toBe(huber(o, [[1, 0]], { delta: 0.5, reduction: 'sum' }).item());
    expect(f.options).toEqual({ delta: 0.5, reduction: 'sum' });
    expect(createLoss('cross_entropy', { reduction: 'sum' })(o, [1]).item()).toBeCloseTo(Math.log(1 + Math.exp(-3)), 14);
  });

  it('rejects unknown names and options', () => {
    expect(() => createLoss('kl_div')).toThrow(/unknown loss "kl_div"/);
    expect(() => createLoss('mse', { delta: 1 })).toThrow(/loss mse: unknown option "delta" \(expected reduction\)/);
    expect(() => createLoss('huber', { beta: 1 })).toThrow(/loss huber: unknown option "beta" \(expected reduction, delta\)/);
    expect(() => createLoss('mse', { reduction: 'avg' as never })).toThrow(/reduction must be 'mean' or 'sum', got "avg"/);
    expect(() => createLoss('smooth_l1', { beta: -2 })).toThrow(/beta must be a non-negative finite number/);
  });
});

describe('regularization', () => {
  const w = (): A.Var[] => [A.variable(tensor([[1, -2]], 'float64')), A.variable(tensor([0.5], 'float64'))];
  it('l1: λ·Σ|p|, gradient λ·sign(p)', () => {
    const ps = w();
    const r = l1Regularization(ps, 0.1);
    expect(r.item()).toBeCloseTo(0.35, 15);
    r.backward();
    expect(Array.from(ps[0].grad!.data)).toEqual([0.1, -0.1]);
    expect(Array.from(ps[1].grad!.data)).toEqual([0.1]);
  });
  it('l2: λ·Σp², gradient 2λ·p', () => {
    const ps = w();
    const r = l2Regularization(ps, 0.1);
    expect(r.item()).toBeCloseTo(0.525, 15);
    r.backward();
    expect(Array.from(ps[0].grad!.data)).toEqual([0.2, -0.4].map((v) => expect.closeTo(v, 15)));
  });
  it('validates', () => {
    expect(l2Regularization([], 0.1).item()).toBe(0);
    expect(() => l2Regularization(w(), -1)).toThrow(/lambda must be a non-negative finite number, got -1/);
    expect(() => l1Regularization([1] as never, 1)).toThrow(/params must be an array of Vars/);
  });
});
