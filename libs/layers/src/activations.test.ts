import { describe, expect, it } from 'vitest';
import { Tensor, tensor, fromArray, Rng } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { ACTIVATION_NAMES, Activation, activationFn, activationName, resolveActivation, ELU, LeakyReLU, Softplus, Softmax } from './index.js';

const at = (name: string, xs: number[], options?: Record<string, number>): number[] =>
  Array.from(activationFn(name, options)(A.constant(tensor(xs, 'float64'))).value.data);

const sig = (z: number): number => 1 / (1 + Math.exp(-z));

describe('activation forward values (hand-computed)', () => {
  it('sigmoid, tanh, relu, identity', () => {
    expect(at('sigmoid', [0, 2, -3])).toEqual([0.5, sig(2), sig(-3)].map((v) => expect.closeTo(v, 15)));
    expect(at('tanh', [0, 0.5, -1])).toEqual([0, Math.tanh(0.5), Math.tanh(-1)].map((v) => expect.closeTo(v, 15)));
    expect(at('relu', [-2, 0, 3.5])).toEqual([0, 0, 3.5]);
    expect(at('identity', [-2, 0, 3.5])).toEqual([-2, 0, 3.5]);
  });

  it('leakyRelu, elu with their options (snake_case name accepted)', () => {
    expect(at('leaky_relu', [-2, 3], { negativeSlope: 0.1 })).toEqual([expect.closeTo(-0.2, 15), 3]);
    expect(at('leakyRelu', [-2])).toEqual([expect.closeTo(-0.02, 15)]); // default 0.01
    expect(at('elu', [-1, 2], { alpha: 0.7 })).toEqual([expect.closeTo(0.7 * (Math.exp(-1) - 1), 15), 2]);
  });

  it('softplus honours beta and threshold', () => {
    // beta·z = 2 <= 20: log(1 + e^2)/2; beta·z = 30 > 20: linear.
    expect(at('softplus', [1, 15], { beta: 2, threshold: 20 })).toEqual([expect.closeTo(Math.log(1 + Math.exp(2)) / 2, 14), 15]);
    expect(at('softplus', [0])).toEqual([expect.closeTo(Math.log(2), 15)]);
  });

  it('gelu is the exact erf form, silu is z·sigmoid(z)', () => {
    // Φ(1) = 0.8413447460685429, Φ(-1) = 0.15865525393145707 (standard normal CDF).
    expect(at('gelu', [1, -1, 0])).toEqual([expect.closeTo(0.8413447460685429, 14), expect.closeTo(-0.15865525393145707, 14), 0]);
    expect(at('silu', [1, -2])).toEqual([expect.closeTo(sig(1), 15), expect.closeTo(-2 * sig(-2), 15)]);
  });

  it('softmax and logSoftmax work per row', () => {
    const x = A.constant(tensor([[1, 2, 3], [0, 0, 0]], 'float64'));
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const s = e[0] + e[1] + e[2];
    const y = activationFn('softmax')(x).value;
    expect(Array.from(y.data)).toEqual([...e.map((v) => v / s), 1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 15)));
    const ly = activationFn('log_softmax')(x).value;
    expect(Array.from(ly.data)).toEqual([1, 2, 3].map((v) => expect.closeTo(v - Math.log(s), 14)).concat(Array(3).fill(expect.closeTo(-Math.log(3), 14))));
  });
});

describe('activation gradients (gradcheck, float64)', () => {
  // Random inputs kept away from the kinks at 0 and from softplus's threshold.
  const rng = new Rng(7);
  const input = (): Tensor => {
    const v = Array.from({ length: 12 }, () => {
      const u = rng.uniform(0.1, 2.5);
      return rng.next() < 0.5 ? -u : u;
    });
    return fromArray(v, [3, 4], 'float64');
  };
  const cases: [string, Record<string, number>?][] = [
    ['sigmoid'], ['tanh'], ['relu'], ['leakyRelu', { negativeSlope: 0.05 }], ['elu', { alpha: 0.7 }],
    ['softplus', { beta: 2, threshold: 3 }], ['gelu'], ['silu'], ['softmax'], ['logSoftmax'], ['identity'],
  ];
  it('covers every activation', () => {
    expect(cases.map(([n]) => n).sort()).toEqual([...ACTIVATION_NAMES].sort());
  });
  it.each(cases)('%s', (name, options) => {
    const f = activationFn(name, options);
    const r = A.gradcheck((x) => f(x), [input()], { atol: 1e-7, rtol: 1e-6 });
    expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  });
});

describe('float32 path', () => {
  it.each(ACTIVATION_NAMES.map((n) => [n]))('%s runs in float32 and matches float64', (name) => {
    const v = [[-1.5, -0.2, 0.3, 2]];
    const y32 = activationFn(name)(A.variable(tensor(v, 'float32')));
    const y64 = activationFn(name)(A.variable(tensor(v, 'float64')));
    expect(y32.dtype).toBe('float32');
    y32.value.data.forEach((a, i) => expect(a).toBeCloseTo(y64.value.data[i], 5));
    A.sum(y32).backward();
  });
});

describe('activation modules and validation', () => {
  it('modules carry their options and have no parameters', () => {
    const m = new LeakyReLU(0.2);
    expect(m.name).toBe('leakyRelu');
    expect(m.options).toEqual({ negativeSlope: 0.2 });
    expect(m.parameters()).toEqual([]);
    expect(Array.from(m.forward(A.constant(tensor([-1, 1], 'float64'))).value.data)).toEqual([-0.2, 1]);
    expect(new ELU().options).toEqual({ alpha: 1 });
    expect(new Softplus(2, 10).toString()).toBe('softplus(beta=2, threshold=10)');
    expect(new Softmax().options).toEqual({ dim: -1 });
    expect(new Activation('log_softmax').name).toBe('logSoftmax');
  });

  it('names and options are validated', () => {
    expect(activationName('leaky_relu')).toBe('leakyRelu');
    expect(activationName('mish')).toBeUndefined();
    expect(() => resolveActivation('mish')).toThrow(/activation: fn must be one of sigmoid.*got "mish"/);
    expect(() => resolveActivation('__proto__')).toThrow(/fn must be one of/);
    expect(() => resolveActivation('elu', { alpah: 1 })).toThrow(/elu: alpah is not an option of elu; valid options: alpha/);
    expect(() => resolveActivation('relu', { alpha: 1 })).toThrow(/relu: alpha is not an option of relu; valid options: \(none\)/);
    expect(() => resolveActivation('elu', { alpha: 'x' })).toThrow(/elu: alpha must be a finite number, got "x"/);
    expect(() => resolveActivation('softplus', { beta: 0 })).toThrow(/softplus: beta must be a finite non-zero number, got 0/);
    expect(resolveActivation('leaky_relu', { negative_slope: 0.3 }).options).toEqual({ negativeSlope: 0.3 });
  });
});
