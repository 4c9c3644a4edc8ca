import { describe, expect, it } from 'vitest';
import { OptionError, tensor } from '@descent/core-tensor';
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
    const fields = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        const d = e as OptionError;
        expect(d).toBeInstanceOf(OptionError);
        return { owner: d.owner, option: d.option, reason: d.reason };
      }
      throw new Error('expected an error');
    };
    expect(fields(() => createLoss('kl_div'))).toMatchObject({ owner: 'loss', option: 'name', reason: expect.stringMatching(/must be one of mse.*got "kl_div"/) });
    expect(fields(() => createLoss('__proto__'))).toMatchObject({ owner: 'loss', option: 'name' });
    expect(fields(() => createLoss('mse', { delta: 1 }))).toEqual({ owner: 'mse', option: 'delta', reason: 'is not an option of mse; valid options: reduction' });
    expect(fields(() => createLoss('huber', { beta: 1 }))).toMatchObject({ owner: 'huber', option: 'beta', reason: expect.stringMatching(/valid options: reduction, delta/) });
    expect(fields(() => createLoss('mse', { reduction: 'avg' as never }))).toEqual({ owner: 'mse', option: 'reduction', reason: `must be one of 'mean', 'sum', got "avg"` });
    expect(fields(() => createLoss('smooth_l1', { beta: -2 }))).toMatchObject({ owner: 'smoothL1', option: 'beta', reason: 'must be at least 0, got -2' });
    expect(fields(() => createLoss('huber', { delta: 0 }))).toMatchObject({ option: 'delta', reason: 'must be above 0, got 0' });
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
