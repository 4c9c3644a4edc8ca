import { describe, expect, it } from 'vitest';
import { Rng, type Tensor } from '@descent/core-tensor';
import { init, calculateGain, fans, initTensor, Linear } from './index.js';

const stats = (t: Tensor): { min: number; max: number; mean: number; std: number } => {
  const d = Array.from(t.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { min: Math.min(...d), max: Math.max(...d), mean, std };
};

describe('initializers', () => {
  it('constant fills', () => {
    expect(Array.from(init.zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(init.ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(init.constant([2], 0.25, { dtype: 'float64' }).data)).toEqual([0.25, 0.25]);
    expect(init.ones([2], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('fans and gains follow PyTorch', () => {
    expect(fans([5, 3])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(fans([4, 3, 2, 2])).toEqual({ fanIn: 12, fanOut: 16 });
    expect(() => fans([3])).toThrow(/at least 2 dimensions/);
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / (1 + 1e-4)), 15);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(() => calculateGain('mish' as never)).toThrow(/unknown nonlinearity "mish"/);
  });

  it('uniform-type initializers stay inside their bounds and fill them', () => {
    const shape = [200, 50];
    const cases: [Tensor, number][] = [
      [init.uniform(shape, -0.3, 0.3, { seed: 1 }), 0.3],
      [init.xavierUniform(shape, 1, { seed: 2 }), Math.sqrt(6 / 250)],
      [init.xavierUniform(shape, 2, { seed: 2 }), 2 * Math.sqrt(6 / 250)],
      [init.kaimingUniform(shape, { nonlinearity: 'relu' }, { seed: 3 }), Math.sqrt(2) * Math.sqrt(3 / 50)],
      [init.kaimingUniform(shape, { nonlinearity: 'relu', mode: 'fanOut' }, { seed: 3 }), Math.sqrt(2) * Math.sqrt(3 / 200)],
      [init.linearDefault(shape, { seed: 4 }), 1 / Math.sqrt(50)],
    ];
    for (const [t, b] of cases) {
      const s = stats(t);
      expect(s.min).toBeGreaterThanOrEqual(-b);
      expect(s.max).toBeLessThanOrEqual(b);
      expect(s.max).toBeGreaterThan(0.98 * b);
      expect(s.min).toBeLessThan(-0.98 * b);
      expect(Math.abs(s.mean)).toBeLessThan(0.05 * b);
      expect(s.std).toBeCloseTo(b / Math.sqrt(3), 2); // variance of U(−b, b) is b²/3
    }
  });

  it('normal-type initializers have the requested std', () => {
    const shape = [300, 100];
    const cases: [Tensor, number, number][] = [
      [init.normal(shape, 1, 0.5, { seed: 1 }), 1, 0.5],
      [init.xavierNormal(shape, 1, { seed: 2 }), 0, Math.sqrt(2 / 400)],
      [init.kaimingNormal(shape, { nonlinearity: 'relu' }, { seed: 3 }), 0, Math.sqrt(2 / 100)],
    ];
    for (const [t, mean, std] of cases) {
      const s = stats(t);
      expect(Math.abs(s.mean - mean)).toBeLessThan(0.02 * std + 1e-3);
      expect(Math.abs(s.std - std) / std).toBeLessThan(0.02);
    }
  });

  it('is deterministic per seed and continues a shared rng', () => {
    const a = init.xavierUniform([4, 3], 1, { seed: 9 });
    const b = init.xavierUniform([4, 3], 1, { seed: 9 });
    const c = init.xavierUniform([4, 3], 1, { seed: 10 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    const rng = new Rng(5);
    const first = init.normal([3], 0, 1, { rng });
    const second = init.normal([3], 0, 1, { rng });
    expect(Array.from(first.data)).not.toEqual(Array.from(second.data));
  });

  it('initTensor validates specs', () => {
    expect(Array.from(initTensor({ type: 'constant', value: 2 }, [2]).data)).toEqual([2, 2]);
    expect(initTensor('kaimingNormal', [3, 2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(() => initTensor('glorot' as never, [2, 2])).toThrow(/unknown initializer "glorot"/);
    expect(() => initTensor({ type: 'uniform', lo: 1 } as never, [2, 2])).toThrow(/init: uniform: unknown option "lo"/);
    expect(() => init.uniform([2], 1, 0)).toThrow(/low \(1\) must be <= high \(0\)/);
    expect(() => init.normal([2], 0, -1)).toThrow(/std must be >= 0/);
  });
});

describe('Linear default init', () => {
  it('weight and bias in U(−1/√in, 1/√in), seeded', () => {
    const l = new Linear(16, 64, { seed: 3 });
    const b = 1 / 4;
    for (const p of [l.weight, l.bias!]) {
      const s = stats(p.value);
      expect(s.min).toBeGreaterThanOrEqual(-b);
      expect(s.max).toBeLessThanOrEqual(b);
      expect(s.max - s.min).toBeGreaterThan(1.5 * b);
    }
    const same = new Linear(16, 64, { seed: 3 });
    expect(Array.from(same.weight.value.data)).toEqual(Array.from(l.weight.value.data));
    expect(Array.from(same.bias!.value.data)).toEqual(Array.from(l.bias!.value.data));
    expect(Array.from(new Linear(16, 64, { seed: 4 }).weight.value.data)).not.toEqual(Array.from(l.weight.value.data));
  });

  it('custom initializers', () => {
    const l = new Linear(3, 2, { init: 'zeros', biasInit: { type: 'constant', value: 0.5 }, dtype: 'float64' });
    expect(Array.from(l.weight.value.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(l.bias!.value.data)).toEqual([0.5, 0.5]);
  });
});
