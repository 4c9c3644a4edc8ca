import { describe, expect, it } from 'vitest';
import { DATASET_IDS, DATASET_PRESETS, getPreset, makeDataset, MAX_SAMPLES } from './index.js';

describe('dataset registry', () => {
  it('lists every preset once with consistent metadata', () => {
    expect(DATASET_IDS).toEqual(['xor', 'circles', 'spirals', 'moons', 'blobs', 'linear', 'sine', 'iris']);
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
    expect(() => makeDataset('swissroll')).toThrow(/unknown dataset id "swissroll"; valid ids: xor, circles, spirals, moons, blobs, linear, sine, iris/);
    expect(() => getPreset('nope')).toThrow(/valid ids/);
  });

  it.each([0, -3, 2.5, NaN, Infinity, '10' as unknown as number])('rejects n = %s', (n) => {
    expect(() => makeDataset('moons', { n })).toThrow(/n must be a positive integer/);
  });

  it('caps n', () => {
    expect(() => makeDataset('moons', { n: MAX_SAMPLES + 1 })).toThrow(/n must be at most 100000/);
  });

  it.each([-0.1, NaN, Infinity, -Infinity])('rejects noise = %s', (noise) => {
    expect(() => makeDataset('xor', { noise })).toThrow(/noise must be a finite number >= 0/);
  });

  it('rejects out-of-range and unknown parameters, and non-integer seeds', () => {
    expect(() => makeDataset('blobs', { k: 1 })).toThrow(/k must be between 2 and 8, got 1/);
    expect(() => makeDataset('blobs', { k: 2.5 })).toThrow(/k must be a positive integer/);
    expect(() => makeDataset('circles', { factor: 1.5 })).toThrow(/factor must be between 0.1 and 0.9/);
    expect(() => makeDataset('xor', { noise: 3 })).toThrow(/noise must be between 0 and 2/);
    expect(() => makeDataset('xor', { turns: 2 })).toThrow(/unknown option 'turns'; supported options: seed, n, noise/);
    expect(() => makeDataset('xor', { seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => makeDataset('iris', { n: 100 })).toThrow(/unknown option 'n' \(Iris is a fixed data set of 150 rows\)/);
    // undefined values count as absent
    expect(makeDataset('xor', { n: undefined, noise: undefined }).x.shape).toEqual([200, 2]);
  });
});
