import { describe, expect, it } from 'vitest';
import { DATASET_IDS, DATASET_PRESETS, getPreset, makeDataset, MAX_SAMPLES } from './index.js';

describe('dataset registry', () => {
  it('lists every preset once with consistent metadata', () => {
    expect(DATASET_IDS).toEqual(['xor', 'circles', 'spirals', 'moons', 'blobs', 'linear', 'sine', 'digits', 'iris']);
    for (const p of DATASET_PRESETS) {
      expect(p.title.length).toBeGreaterThan(0);
      for (const spec of p.parameters) {
        expect(spec.min).toBeLessThanOrEqual(spec.default);
        expect(spec.default).toBeLessThanOrEqual(spec.max);
      }
      if (p.synthetic) {
        expect(p.parameters.find((s) => s.name === 'n')?.default).toBe(p.defaultN);
        expect(p.parameters.find((s) => s.name === 'noise')?.default).toBe(p.defaultNoise);
      }
      const ds = makeDataset(p.id);
      expect(ds.x.shape).toEqual([p.defaultN, p.inputDim]);
      expect(ds.y.shape).toEqual([p.defaultN, p.outputDim]);
    }
  });

  it('uses parameter defaults and honours overrides', () => {
    expect(makeDataset('blobs', { k: 6, n: 12 }).y.shape).toEqual([12, 6]);
    expect(makeDataset('blobs', { n: 12 }).numClasses).toBe(getPreset('blobs').parameters.find((s) => s.name === 'k')!.default);
  });

  it('rejects an unknown id, listing the valid ones', () => {
    expect(() => makeDataset('swissroll')).toThrow(/dataset: preset must be one of xor, circles, spirals, moons, blobs, linear, sine, digits, iris, got "swissroll"/);
    expect(() => getPreset('nope')).toThrow(/preset must be one of/);
  });

  it.each([0, -3, 2.5, NaN, Infinity, '10' as unknown as number])('rejects n = %s', (n) => {
    expect(() => makeDataset('moons', { n })).toThrow(/moons: n must be (an integer|at least 1), got/);
  });

  it('caps n', () => {
    expect(() => makeDataset('moons', { n: MAX_SAMPLES + 1 })).toThrow(/n must be at most 100000/);
  });

  it.each([-0.1, NaN, Infinity, -Infinity])('rejects noise = %s', (noise) => {
    expect(() => makeDataset('xor', { noise })).toThrow(/xor: noise must be (a finite number|at least 0), got/);
  });

  it('rejects out-of-range and unknown parameters, and non-integer seeds', () => {
    expect(() => makeDataset('blobs', { k: 1 })).toThrow(/blobs: k must be at least 2, got 1/);
    expect(() => makeDataset('blobs', { k: 2.5 })).toThrow(/k must be an integer, got 2.5/);
    expect(() => makeDataset('circles', { factor: 1.5 })).toThrow(/factor must be at most 0.9, got 1.5/);
    expect(() => makeDataset('xor', { noise: 3 })).toThrow(/noise must be at most 2, got 3/);
    expect(() => makeDataset('xor', { turns: 2 })).toThrow(/turns is not an option of xor; valid options: seed, n, noise/);
    expect(() => makeDataset('xor', { seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => makeDataset('iris', { n: 100 })).toThrow(/n is not an option of iris \(Iris is a fixed data set of 150 rows\)/);
    // undefined values count as absent
    expect(makeDataset('xor', { n: undefined, noise: undefined }).x.shape).toEqual([200, 2]);
  });
});
