import { describe, expect, it } from 'vitest';
import { Tensor } from '@descent/core-tensor';
import { Linear, Sequential, buildModel } from '@descent/layers';
import { makeDataset } from '@descent/data';
import { evaluate, fitSync, predict, predictGrid } from './index.js';
import { line, mlp } from '../test/helpers.js';

describe('predictGrid', () => {
  // out = x - y (one logit), so class 1 lies below the diagonal.
  const model = new Sequential(new Linear(2, 1, { dtype: 'float64', weight: new Tensor(Float64Array.from([1, -1]), [1, 2]), biasValue: new Tensor(Float64Array.from([0]), [1]) }));

  it('evaluates the model at cell centres, row-major with rows along y', () => {
    const g = predictGrid(model, { xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, { x: 4, y: 2 });
    expect(Array.from(g.xs)).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(g.ys)).toEqual([0.5, 1.5]);
    expect(g.outputs).toBe(1);
    expect(Array.from(g.values)).toEqual([0, 1, 2, 3, -1, 0, 1, 2]);
    expect(g.classes).toBeNull();
  });

  it('turns logits into probabilities and classes when given the loss', () => {
    const g = predictGrid(model, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 2, { loss: 'bceWithLogits' });
    // cells: (-.5,-.5) (.5,-.5) (-.5,.5) (.5,.5) → logits 0, 1, -1, 0
    expect(Array.from(g.classes!)).toEqual([0, 1, 0, 0]);
    expect(g.probability![1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(g.probability![0]).toBe(0.5);
  });

  it('argmax and softmax confidence for multiclass outputs', () => {
    const m = new Sequential(new Linear(2, 3, { dtype: 'float64', weight: new Tensor(Float64Array.from([1, 0, 0, 1, 0, 0]), [3, 2]), biasValue: new Tensor(Float64Array.from([0, 0, 0.5]), [3]) }));
    const g = predictGrid(m, { xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, 2, { loss: 'crossEntropy' });
    expect(Array.from(g.classes!)).toEqual([2, 0, 1, 0]);
    const z = [1, 1, 0.5];
    expect(g.probability![3]).toBeCloseTo(Math.exp(1) / z.reduce((s, v) => s + Math.exp(v), 0), 12);
  });

  it('rejects bad bounds, resolutions and non-2-D models', () => {
    expect(() => predictGrid(model, { xMin: 1, xMax: 0, yMin: 0, yMax: 1 }, 4)).toThrow(/xMax > xMin/);
    expect(() => predictGrid(model, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 0)).toThrow(/resolution \(width\) must be an integer/);
    const m3 = buildModel({ input: 3, layers: [{ type: 'dense', units: 1 }] });
    expect(() => predictGrid(m3, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 4)).toThrow(/takes 3 input features; a grid needs exactly 2/);
  });
});

describe('evaluate', () => {
  it('gives loss and accuracy on a dataset, matching the run record', () => {
    const data = makeDataset('blobs', { n: 90, seed: 2, k: 3 });
    const model = buildModel({ input: 2, ...mlp(8, 3) }, { seed: 0 });
    const r = fitSync(model, data, { loss: 'crossEntropy', optimizer: { name: 'adam', options: { lr: 0.05 } }, epochs: 30 });
    const ev = evaluate(model, data, { loss: 'crossEntropy' });
    expect(ev.samples).toBe(90);
    expect(ev.accuracy).toBe(r.final.trainAccuracy);
    expect(ev.accuracy).toBeGreaterThan(0.9);
    expect(ev.loss).toBeLessThan(r.epochs[0].trainLoss!);
  });

  it('regression has no accuracy; predict restores the training mode', () => {
    const m = buildModel({ input: 1, ...mlp(3) });
    expect(evaluate(m, line(5), { loss: 'mse' }).accuracy).toBeNull();
    expect(m.training).toBe(true);
    predict(m, new Tensor(Float64Array.from([1]), [1, 1]));
    expect(m.training).toBe(true);
  });
});
