import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATASET_PRESETS, makeDataset, makeXor, makeCircles, makeSpirals, makeMoons, makeBlobs, makeLinear, makeSine, blobCenter, XOR_MARGIN, SPIRAL_MIN_RADIUS, type Dataset } from './index.js';

const synthetic = DATASET_PRESETS.filter((p) => p.synthetic).map((p) => p.id);

function rows(ds: Dataset): number[][] {
  return ds.x.toArray() as number[][];
}

function counts(ds: Dataset): number[] {
  const c = new Array(ds.numClasses).fill(0);
  for (const l of ds.labels!) c[l]++;
  return c;
}

describe('generators', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(synthetic)('%s is deterministic for a seed and changes with it', (id) => {
    const a = makeDataset(id, { n: 64, seed: 7 });
    const b = makeDataset(id, { n: 64, seed: 7 });
    const c = makeDataset(id, { n: 64, seed: 8 });
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
    expect(Array.from(a.x.data)).not.toEqual(Array.from(c.x.data));
  });

  it.each(synthetic)('%s never calls Math.random', (id) => {
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    makeDataset(id, { n: 50, seed: 1 });
    expect(spy).not.toHaveBeenCalled();
  });

  it.each(synthetic)('%s has float64 x/y of the preset shape', (id) => {
    const preset = DATASET_PRESETS.find((p) => p.id === id)!;
    const ds = makeDataset(id, { n: 33 });
    expect(ds.x.dtype).toBe('float64');
    expect(ds.y.dtype).toBe('float64');
    expect(ds.x.shape).toEqual([33, preset.inputDim]);
    expect(ds.y.shape).toEqual([33, preset.outputDim]);
    expect(ds.task).toBe(preset.task);
    expect(ds.featureNames).toHaveLength(preset.inputDim);
    expect(ds.targetNames).toHaveLength(preset.outputDim);
    expect(makeDataset(id).x.shape[0]).toBe(preset.defaultN);
  });

  it.each(['xor', 'circles', 'spirals', 'moons'])('%s is a balanced binary task with y = labels', (id) => {
    const ds = makeDataset(id, { n: 101, seed: 3 });
    expect(ds.targetEncoding).toBe('binary');
    expect(ds.numClasses).toBe(2);
    expect(ds.classNames).toHaveLength(2);
    expect(counts(ds).sort()).toEqual([50, 51]);
    expect(Array.from(ds.y.data)).toEqual(Array.from(ds.labels!));
    // rows are not grouped by class
    const first = Array.from(ds.labels!.slice(0, 50));
    expect(new Set(first).size).toBe(2);
  });

  it('xor without noise: label 1 exactly in quadrants II and IV, away from the axes', () => {
    const ds = makeXor({ n: 400, noise: 0, seed: 2 });
    rows(ds).forEach(([a, b], i) => {
      expect(Math.abs(a)).toBeGreaterThanOrEqual(XOR_MARGIN);
      expect(Math.abs(b)).toBeGreaterThanOrEqual(XOR_MARGIN);
      expect(Math.abs(a)).toBeLessThanOrEqual(1);
      expect(ds.labels![i]).toBe(a * b < 0 ? 1 : 0);
    });
    // all four quadrants are used
    const quadrants = new Set(rows(ds).map(([a, b]) => `${Math.sign(a)}${Math.sign(b)}`));
    expect(quadrants.size).toBe(4);
  });

  it('circles without noise: outer radius 1 (class 0), inner radius = factor (class 1)', () => {
    const ds = makeCircles({ n: 200, noise: 0, factor: 0.3, seed: 4 });
    rows(ds).forEach(([a, b], i) => {
      expect(Math.hypot(a, b)).toBeCloseTo(ds.labels![i] === 0 ? 1 : 0.3, 12);
    });
  });

  it('spirals without noise: angle = r·turns·2π (+π for class 1)', () => {
    const turns = 2;
    const ds = makeSpirals({ n: 200, noise: 0, turns, seed: 5 });
    rows(ds).forEach(([a, b], i) => {
      const r = Math.hypot(a, b);
      expect(r).toBeGreaterThanOrEqual(SPIRAL_MIN_RADIUS - 1e-12);
      expect(r).toBeLessThan(1);
      const expected = r * turns * 2 * Math.PI + ds.labels![i] * Math.PI;
      const diff = Math.atan2(b, a) - expected;
      // same angle modulo 2π
      expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-9);
    });
  });

  it('moons without noise: class 0 on the unit upper arc, class 1 on the lower arc around (1, 0.5)', () => {
    const ds = makeMoons({ n: 200, noise: 0, seed: 6 });
    rows(ds).forEach(([a, b], i) => {
      if (ds.labels![i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 12);
        expect(b).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 12);
        expect(b).toBeLessThanOrEqual(0.5);
      }
    });
  });

  it('blobs: k classes, one-hot y, noise 0 puts every point on its center, noise is the cluster std', () => {
    const ds = makeBlobs({ n: 50, k: 5, noise: 0, seed: 1 });
    expect(ds.task).toBe('multiclass');
    expect(ds.targetEncoding).toBe('onehot');
    expect(ds.y.shape).toEqual([50, 5]);
    expect(counts(ds)).toEqual([10, 10, 10, 10, 10]);
    rows(ds).forEach(([a, b], i) => {
      const [cx, cy] = blobCenter(ds.labels![i], 5);
      expect(a).toBeCloseTo(cx, 12);
      expect(b).toBeCloseTo(cy, 12);
      const onehot = (ds.y.toArray() as number[][])[i];
      expect(onehot.reduce((s, v) => s + v, 0)).toBe(1);
      expect(onehot[ds.labels![i]]).toBe(1);
    });
    const noisy = makeBlobs({ n: 6000, k: 3, noise: 0.4, seed: 2 });
    let ss = 0;
    rows(noisy).forEach(([a, b], i) => {
      const [cx, cy] = blobCenter(noisy.labels![i], 3);
      ss += (a - cx) ** 2 + (b - cy) ** 2;
    });
    expect(Math.sqrt(ss / (2 * 6000))).toBeCloseTo(0.4, 1);
  });

  it('linear: noise 0 gives y = slope·x + intercept; the residual std follows noise', () => {
    const ds = makeLinear({ n: 100, noise: 0, slope: -3, intercept: 1.5, seed: 9 });
    expect(ds.task).toBe('regression');
    expect(ds.targetEncoding).toBe('values');
    expect(ds.labels).toBeUndefined();
    for (let i = 0; i < 100; i++) {
      const x = ds.x.data[i];
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThan(1);
      expect(ds.y.data[i]).toBeCloseTo(-3 * x + 1.5, 12);
    }
    const noisy = makeLinear({ n: 8000, noise: 0.5, seed: 1 });
    let ss = 0;
    for (let i = 0; i < 8000; i++) ss += (noisy.y.data[i] - (2 * noisy.x.data[i] + 0.5)) ** 2;
    expect(Math.sqrt(ss / 8000)).toBeCloseTo(0.5, 1);
  });

  it('sine: noise 0 gives y = sin(frequency·x) on [-π, π]', () => {
    const ds = makeSine({ n: 100, noise: 0, frequency: 2, seed: 3 });
    for (let i = 0; i < 100; i++) {
      const x = ds.x.data[i];
      expect(Math.abs(x)).toBeLessThanOrEqual(Math.PI);
      expect(ds.y.data[i]).toBeCloseTo(Math.sin(2 * x), 12);
    }
  });

  it('noise moves points off the noiseless geometry', () => {
    const clean = makeCircles({ n: 100, noise: 0, seed: 1 });
    const noisy = makeCircles({ n: 100, noise: 0.1, seed: 1 });
    const off = rows(noisy).filter(([a, b], i) => Math.abs(Math.hypot(a, b) - (noisy.labels![i] === 0 ? 1 : 0.5)) > 1e-6);
    expect(off.length).toBeGreaterThan(90);
    expect(rows(clean).length).toBe(100);
  });
});

describe('digits', () => {
  const nearestMeanAccuracy = (noise: number): number => {
    const train = makeDataset('digits', { n: 2000, seed: 1, noise }), test = makeDataset('digits', { n: 500, seed: 2, noise });
    const f = 64, mean = Array.from({ length: 10 }, () => new Float64Array(f)), count = new Array(10).fill(0);
    train.labels!.forEach((l, i) => {
      count[l]++;
      for (let k = 0; k < f; k++) mean[l][k] += train.x.data[i * f + k] / 200;
    });
    let right = 0;
    test.labels!.forEach((l, i) => {
      const d = mean.map((m) => m.reduce((s, v, k) => s + (test.x.data[i * f + k] - v) ** 2, 0));
      if (d.indexOf(Math.min(...d)) === l) right++;
    });
    expect(count).toEqual(new Array(10).fill(200));
    return right / 500;
  };

  it('are 8×8 grey images in [0, 1], balanced over 0–9, with named pixels', () => {
    const ds = makeDataset('digits', { n: 100, seed: 3 });
    expect(ds.x.shape).toEqual([100, 64]);
    expect(ds.imageShape).toEqual([8, 8]);
    expect(Math.min(...ds.x.data)).toBe(0);
    expect(Math.max(...ds.x.data)).toBe(1);
    expect(counts(ds)).toEqual(new Array(10).fill(10));
    expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(ds.featureNames?.slice(0, 9)).toEqual(['px0_0', 'px0_1', 'px0_2', 'px0_3', 'px0_4', 'px0_5', 'px0_6', 'px0_7', 'px1_0']);
  });

  it('vary per writer: two clean images of one digit differ, and noise makes the task harder but learnable', () => {
    const ds = makeDataset('digits', { n: 20, seed: 4, noise: 0 });
    const of = (label: number) => rows(ds).filter((_, i) => ds.labels![i] === label);
    const [a, b] = of(3);
    expect(a).not.toEqual(b);
    // A nearest-class-mean baseline: high on clean digits, lower with noise, far above chance (10%) at the default.
    const clean = nearestMeanAccuracy(0), usual = nearestMeanAccuracy(0.25), noisy = nearestMeanAccuracy(0.5);
    expect(clean).toBeGreaterThan(0.85);
    expect(usual).toBeLessThan(clean);
    expect(noisy).toBeLessThan(usual);
    expect(noisy).toBeGreaterThan(0.4);
  });
});
