import { describe, expect, it } from 'vitest';
import { DescentError, Rng, fromArray, tensor, type Tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { bce, bceWithLogits, createLoss, crossEntropy, huber, l1, l2Regularization, mse, nll, smoothL1 } from './index.js';

const O = [[0.5, -1.0], [2.0, 0.25]];
const Y = [[0.0, 1.0], [1.5, 1.0]];
// r = O − Y = [0.5, −2, 0.5, −0.75]
const o64 = (v: number[][] = O): A.Var => A.variable(tensor(v, 'float64'));

describe('element-wise losses: hand-computed values', () => {
  it('mse: mean over B·K, sum', () => {
    const s = 0.25 + 4 + 0.25 + 0.5625;
    expect(mse(o64(), Y, { reduction: 'sum' }).item()).toBeCloseTo(s, 15);
    expect(mse(o64(), Y).item()).toBeCloseTo(s / 4, 15);
  });
  it('l1', () => {
    expect(l1(o64(), Y, { reduction: 'sum' }).item()).toBeCloseTo(3.75, 15);
    expect(l1(o64(), Y).item()).toBeCloseTo(3.75 / 4, 15);
  });
  it('huber (delta 1): quadratic inside, linear outside', () => {
    // 0.125, 1·(2 − 0.5) = 1.5, 0.125, 0.28125
    expect(huber(o64(), Y, { reduction: 'sum' }).item()).toBeCloseTo(0.125 + 1.5 + 0.125 + 0.28125, 15);
    // delta 0.6: 0.125, 0.6·(2 − 0.3) = 1.02, 0.125, 0.6·(0.75 − 0.3) = 0.27
    expect(huber(o64(), Y, { delta: 0.6 }).item()).toBeCloseTo((0.125 + 1.02 + 0.125 + 0.27) / 4, 15);
  });
  it('smoothL1 (beta 0.6) differs from huber by the 1/beta scaling', () => {
    // 0.5·0.25/0.6, 2 − 0.3, same, 0.75 − 0.3
    const s = 0.125 / 0.6 + 1.7 + 0.125 / 0.6 + 0.45;
    expect(smoothL1(o64(), Y, { beta: 0.6, reduction: 'sum' }).item()).toBeCloseTo(s, 14);
    expect(smoothL1(o64(), Y, { beta: 0 }).item()).toBeCloseTo(3.75 / 4, 15); // beta 0 is L1
  });
  it('bce with soft targets and the −100 clamp', () => {
    const p = [[0.2, 0.9]], y = [[0, 0.3]];
    const want = -Math.log(0.8) - (0.3 * Math.log(0.9) + 0.7 * Math.log(0.1));
    expect(bce(o64(p), y, { reduction: 'sum' }).item()).toBeCloseTo(want, 14);
    expect(bce(o64([[0, 1]]), [[1, 0]], { reduction: 'sum' }).item()).toBe(200);
    expect(bce(o64([[0, 1]]), [[0, 1]]).item()).toBe(0);
  });
  it('bceWithLogits matches −[y log σ(o) + (1−y) log(1−σ(o))] and stays finite for large logits', () => {
    const z = [[0.3, -2]], y = [[1, 0.25]];
    const s = (v: number): number => 1 / (1 + Math.exp(-v));
    const want = -Math.log(s(0.3)) - (0.25 * Math.log(s(-2)) + 0.75 * Math.log(1 - s(-2)));
    expect(bceWithLogits(o64(z), y, { reduction: 'sum' }).item()).toBeCloseTo(want, 14);
    expect(bceWithLogits(o64([[1000, -1000]]), [[0, 1]], { reduction: 'sum' }).item()).toBeCloseTo(2000, 10);
  });
});

describe('class losses: hand-computed values', () => {
  const Z = [[1, 2, 3], [0, 0, 0]];
  it('crossEntropy: logsumexp − logit of the class; mean over rows', () => {
    const lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const r0 = lse0 - 1, r1 = Math.log(3);
    expect(crossEntropy(o64(Z), [0, 2], { reduction: 'sum' }).item()).toBeCloseTo(r0 + r1, 14);
    expect(crossEntropy(o64(Z), new Int32Array([0, 2])).item()).toBeCloseTo((r0 + r1) / 2, 14);
    expect(crossEntropy(o64([[1000, 0]]), [1]).item()).toBeCloseTo(1000, 10);
  });
  it('nll: −logprob of the class', () => {
    expect(nll(o64([[-0.1, -2.5], [-1.2, -0.4]]), [1, 0], { reduction: 'sum' }).item()).toBeCloseTo(3.7, 15);
    expect(nll(o64([[-0.1, -2.5], [-1.2, -0.4]]), [1, 0]).item()).toBeCloseTo(1.85, 15);
  });
  it('crossEntropy equals nll ∘ logSoftmax (values and gradients)', () => {
    const a = o64(Z), b = o64(Z);
    const ce = crossEntropy(a, [1, 2]);
    const viaNll = nll(A.logSoftmax(b, 1), [1, 2]);
    expect(ce.item()).toBeCloseTo(viaNll.item(), 14);
    ce.backward();
    viaNll.backward();
    a.grad!.data.forEach((g, i) => expect(g).toBeCloseTo(b.grad!.data[i], 14));
  });
  it('crossEntropy gradient is (softmax − onehot)/B', () => {
    const a = o64([[0, 0]]);
    crossEntropy(a, [0]).backward();
    expect(Array.from(a.grad!.data)).toEqual([-0.5, 0.5]);
  });
});

describe('gradients (gradcheck, float64)', () => {
  const rng = new Rng(3);
  const rand = (lo: number, hi: number): Tensor => fromArray(Array.from({ length: 6 }, () => rng.uniform(lo, hi)), [2, 3], 'float64');
  // Residuals stay away from the kinks at 0 and at delta / beta.
  const out = fromArray([0.9, -1.3, 0.2, 2.4, -0.05, 0.7], [2, 3], 'float64');
  const tgt = fromArray([0.1, 0.4, -0.6, 0.5, 0.35, -0.9], [2, 3], 'float64');
  const cases: [string, (o: A.Var, y: A.Var) => A.Var][] = [
    ['mse mean', (o, y) => mse(o, y)],
    ['mse sum', (o, y) => mse(o, y, { reduction: 'sum' })],
    ['l1', (o, y) => l1(o, y)],
    ['huber', (o, y) => huber(o, y, { delta: 0.6, reduction: 'sum' })],
    ['smoothL1', (o, y) => smoothL1(o, y, { beta: 0.6 })],
    ['bceWithLogits', (o, y) => bceWithLogits(o, y, { reduction: 'sum' })],
  ];
  it.each(cases)('%s (output and target)', (_n, f) => {
    const r = A.gradcheck(f, [out, tgt], { atol: 1e-7, rtol: 1e-6 });
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
  it('bce (output and soft target)', () => {
    const r = A.gradcheck((o, y) => bce(o, y), [rand(0.05, 0.95), rand(0, 1)], { atol: 1e-7, rtol: 1e-6 });
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
  it.each([['mean'], ['sum']] as const)('crossEntropy and nll (%s)', (reduction) => {
    const z = rand(-2, 2);
    expect(A.gradcheck((o) => crossEntropy(o, [2, 0], { reduction }), [z]).ok).toBe(true);
    expect(A.gradcheck((o) => nll(o, [1, 1], { reduction }), [z]).ok).toBe(true);
  });
  it('the upstream gradient scales the result', () => {
    const a = o64();
    A.mul(mse(a, Y), 3).backward();
    expect(Array.from(a.grad!.data)).toEqual([0.5, -2, 0.5, -0.75].map((r) => expect.closeTo((3 * 2 * r) / 4, 15)));
  });
});

describe('float32 path', () => {
  it('every loss runs in float32 with float32 gradients', () => {
    const mk = (): A.Var => A.variable(tensor([[0.2, 0.7], [0.6, 0.1]], 'float32'));
    const fns: ((o: A.Var) => A.Var)[] = [
      (o) => mse(o, [[0, 1], [1, 0]]),
      (o) => l1(o, [[0, 1], [1, 0]]),
      (o) => huber(o, [[0, 1], [1, 0]]),
      (o) => smoothL1(o, [[0, 1], [1, 0]]),
      (o) => bce(o, [[0, 1], [1, 0]]),
      (o) => bceWithLogits(o, [[0, 1], [1, 0]]),
      (o) => crossEntropy(o, [1, 0]),
      (o) => nll(o, [1, 0]),
    ];
    for (const f of fns) {
      const o = mk();
      const l = f(o);
      expect(l.dtype).toBe('float32');
      expect(Number.isFinite(l.item())).toBe(true);
      l.backward();
      expect(o.grad!.dtype).toBe('float32');
    }
    expect(mse(mk(), [[0, 1], [1, 0]]).item()).toBeCloseTo((0.04 + 0.09 + 0.16 + 0.01) / 4, 6);
  });
});

describe('validation', () => {
  it('shape mismatch names both shapes', () => {
    expect(() => mse(o64(), [1, 2])).toThrow(/mse: output shape \[2, 2\] and target shape \[2\] differ/);
    expect(() => bceWithLogits(o64(), tensor([[1, 2, 3]]))).toThrow(/output shape \[2, 2\] and target shape \[1, 3\] differ/);
  });
  it('class indices are checked', () => {
    expect(() => crossEntropy(o64(), [0, 2])).toThrow(/crossEntropy: target\[1\] = 2 is out of range for 2 classes/);
    expect(() => nll(o64(), [0, -1])).toThrow(/target\[1\] = -1 is out of range/);
    expect(() => nll(o64(), [0.5, 1])).toThrow(/target\[0\] = 0.5 is not an integer class index/);
    expect(() => crossEntropy(o64(), [0])).toThrow(/output shape \[2, 2\] has 2 rows but target has 1 class indices/);
    expect(() => crossEntropy(A.variable(tensor([1, 2], 'float64')), [0])).toThrow(/output must be \[batch, classes\], got shape \[2\]/);
  });
  it('options and inputs are checked', () => {
    expect(() => mse(o64(), Y, { reduction: 'none' as never })).toThrow(/mse: reduction must be 'mean' or 'sum', got "none"/);
    expect(() => huber(o64(), Y, { delta: 0 })).toThrow(/huber: delta must be a positive finite number/);
    expect(() => smoothL1(o64(), Y, { beta: -1 })).toThrow(/smoothL1: beta must be a non-negative/);
    expect(() => bce(o64([[1.5]]), [[1]])).toThrow(/bce: every output must be a probability in \[0, 1\], got 1.5/);
    expect(() => mse(null as never, Y)).toThrow(/output must be a Var or Tensor/);
  });
});

describe('training smoke test', () => {
  it('cross-entropy goes down with manual SGD on a linear classifier', () => {
    const x = A.constant(tensor([[1, 0], [0, 1], [1, 1], [-1, -1]], 'float64'));
    const y = [0, 1, 1, 0];
    const w = A.variable(tensor([[0.1, -0.2], [0.05, 0.1]], 'float64'));
    const b = A.variable(tensor([0, 0], 'float64'));
    const first = crossEntropy(A.linear(x, w, b), y).item();
    let last = first;
    for (let i = 0; i < 100; i++) {
      w.zeroGrad();
      b.zeroGrad();
      const l = crossEntropy(A.linear(x, w, b), y);
      l.backward();
      last = l.item();
      for (const p of [w, b]) p.grad!.data.forEach((g, j) => (p.value.data[j] -= 0.5 * g));
    }
    expect(last).toBeLessThan(first * 0.5);
  });
});

describe('every refused input is a DescentError naming the loss', () => {
  it('targets, shapes, options and outputs', () => {
    const [t, A2, mse2, ce, bce2] = [tensor, A, mse, crossEntropy, bce];
    const out = A2.variable(t([[0.1, 0.2], [0.3, 0.4]], 'float64'));
    const cases: [() => unknown, RegExp][] = [
      [() => mse2(out, [[1, 2], [3]] as never), /^mse: target is not a valid nested number array: ragged nested array/],
      [() => mse2(out, [['a', 'b'], ['c', 'd']] as never), /^mse: target is not a valid nested number array: element \[0\]\[0\] is "a"/],
      [() => mse2(out, t([1, 2, 3])), /^mse: output shape \[2, 2\] and target shape \[3\] differ/],
      [() => mse2(null as never, [1]), /^mse: output must be a Var or Tensor/],
      [() => ce(out, [0, NaN]), /^crossEntropy: target\[1\] = NaN is not an integer class index/],
      [() => ce(out, null as never), /^crossEntropy: target must be class indices/],
      [() => bce2(A2.variable(t([[2]], 'float64')), [[1]]), /^bce: every output must be a probability/],
      [() => createLoss('mse', { reduction: 'none' as never })(out, [[0, 0], [0, 0]]), /^mse: reduction must be one of 'mean', 'sum'/],
      [() => l2Regularization([1] as never, 1), /^l2Regularization: params must be an array of Vars/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(DescentError);
      expect(fn).toThrow(message);
    }
  });
});
