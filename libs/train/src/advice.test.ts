import { describe, expect, it } from 'vitest';
import { adviseRun, fitRunSync, type AdviceEpoch } from './index.js';

const layer = (i: number, weight: number) => ({ layer: i, name: `Linear ${i}`, weight, bias: weight / 10 });
const epoch = (e: number, trainLoss: number, norms: number[] = [0.1, 0.1]): AdviceEpoch => ({ epoch: e, trainLoss, gradNorms: norms.map((w, i) => layer(i, w)) });

describe('adviseRun', () => {
  it('vanishing gradients: first layers below 1e-4 while the last learns', () => {
    const a = adviseRun([epoch(1, 0.7, [6.8e-6, 2e-5, 3e-3, 0.21])]);
    expect(a.map((x) => x.id)).toEqual(['vanishing-gradients']);
    expect(a[0].message).toBe("gradient norms of the first 2 layers are below 1.0e-4 (layer 1: 6.8e-6) while the last layer's is 0.21: vanishing gradients; try ReLU or fewer sigmoid layers");
    // Converged (everything tiny) or healthy nets get no note.
    expect(adviseRun([epoch(1, 0.01, [1e-6, 1e-6, 2e-6])])).toEqual([]);
    expect(adviseRun([epoch(1, 0.5, [0.05, 0.2])])).toEqual([]);
  });

  it('learning rate too high: the loss rose 1000× within 3 epochs', () => {
    const a = adviseRun([epoch(1, 0.7), epoch(2, 5), epoch(3, 900), epoch(4, 2e4)]);
    expect(a).toEqual([{ id: 'lr-too-high', epoch: 4, message: 'the loss rose 2.9e4× in 3 epochs (to 2.0e4 in epoch 4): learning rate too high' }]);
    expect(adviseRun([epoch(1, 0.7), epoch(2, 5), epoch(3, 60)])).toEqual([]); // only 86×
    // Overflow after finite epochs is the same blow-up; a loss that was never finite says nothing about lr.
    expect(adviseRun([epoch(1, 0.7), epoch(2, 40), epoch(3, Infinity), epoch(4, NaN)])).toEqual([{ id: 'lr-too-high', epoch: 3, message: 'the loss became Infinity in epoch 3 (it was 40): learning rate too high' }]);
    expect(adviseRun([epoch(1, NaN), epoch(2, NaN)])).toEqual([]);
    // An exploding run's first layer can read 0 (dead ReLUs) beside a huge last layer: only the lr note.
    expect(adviseRun([epoch(1, 0.7, [1e-3, 0.1]), epoch(2, 5e3, [0, 6e13])]).map((a) => a.id)).toEqual(['lr-too-high']);
    expect(adviseRun([epoch(1, 0.7, [0, 0.2])])).toEqual([]); // dead units, not vanishing
    expect(adviseRun([epoch(1, 0.7), epoch(2, 9e2)])[0].message).toContain('in 1 epoch (to');
  });

  it('plateau: no improvement of the best loss for 10 epochs, unless a plateau schedule already watches it', () => {
    const flat = [epoch(1, 1), epoch(2, 0.5), ...Array.from({ length: 11 }, (_, i) => epoch(i + 3, 0.4999))];
    expect(adviseRun(flat).map((x) => x.message)).toEqual(['the loss has not improved for 11 epochs (best 0.5 in epoch 2): a plateau; a schedule such as reduce-on-plateau may help']);
    expect(adviseRun(flat, { plateauScheduled: true })).toEqual([]);
    expect(adviseRun(flat.slice(0, 11))).toEqual([]);
    // A noisy descent: a lucky low at epoch 12, above it since, but the average still falls: no plateau.
    const noisy = Array.from({ length: 30 }, (_, i) => epoch(i + 1, 1 - 0.02 * i + (i === 11 ? -0.5 : 0) + (i % 2 ? 0.05 : 0)));
    expect(adviseRun(noisy)).toEqual([]);
    // The same noise around a flat line is a plateau.
    const flatNoisy = Array.from({ length: 30 }, (_, i) => epoch(i + 1, i < 3 ? 1 - 0.1 * i : 0.5 + (i % 2 ? 0.05 : 0)));
    expect(adviseRun(flatNoisy).map((a) => a.id)).toEqual(['plateau']);
  });

  it("a real 6-layer sigmoid net on SGD shows the lecture's vanishing gradients", () => {
    const layers = [...Array.from({ length: 5 }, () => [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'sigmoid' }]).flat(), { type: 'dense', units: 1 }];
    const r = fitRunSync({ data: { preset: 'circles', options: { n: 200 }, testFraction: 0.2, seed: 1 }, model: { layers: layers as never }, loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 0.1 } }, epochs: 3, seed: 1 });
    const notes = adviseRun(r.epochs);
    expect(notes.map((n) => n.id)).toContain('vanishing-gradients');
  });
});
