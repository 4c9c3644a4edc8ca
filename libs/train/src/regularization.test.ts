import { describe, expect, it } from 'vitest';
import { formatPath } from '@descent/core-tensor';
import { fitRunSync, parseRunRecord, runSpecProblems, serializeRunRecord, type RunSpec } from './index.js';

const spec = (extra: Partial<RunSpec> = {}): RunSpec => ({
  seed: 2,
  data: { preset: 'moons', options: { n: 120, noise: 0.1 }, testFraction: 0.25 },
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'sgd', options: { lr: 0.1 } },
  epochs: 5,
  batch: { mode: 'full' },
  shuffle: false,
  ...extra,
});
const paths = (s: unknown) => runSpecProblems(s).map((e) => [formatPath(e.path), e.reason]);

describe('regularization as a training setting', () => {
  it('is validated at its fields, and L2 with the optimizer weightDecay is refused', () => {
    expect(paths(spec({ regularization: { type: 'l2', rate: 0.01 } }))).toEqual([]);
    expect(paths(spec({ regularization: null }))).toEqual([]);
    expect(paths(spec({ regularization: { type: 'l3', rate: -1 } as never }))).toEqual([
      ['regularization.type', "must be 'l1' or 'l2', got \"l3\""],
      ['regularization.rate', 'must be a finite number at least 0, got -1'],
    ]);
    const both = paths(spec({ regularization: { type: 'l2', rate: 0.01 }, optimizer: { name: 'sgd', options: { lr: 0.1, weightDecay: 0.02 } } }));
    expect(both).toEqual([['regularization.type', expect.stringMatching(/^must not be l2 while the optimizer's weight decay is on: sgd's weightDecay 0.02 is already an L2 penalty .*L2 with rate 0.01/)]]);
    const adamw = paths(spec({ regularization: { type: 'l2', rate: 0.01 }, optimizer: { name: 'adamw', options: { lr: 0.01, weightDecay: 0.01 } } }));
    expect(adamw[0][1]).toMatch(/decoupled/);
    // L1 beside weight decay is a different penalty (elastic net): allowed.
    expect(paths(spec({ regularization: { type: 'l1', rate: 0.01 }, optimizer: { name: 'sgd', options: { lr: 0.1, weightDecay: 0.02 } } }))).toEqual([]);
  });

  it('one SGD step with L2 rate λ moves the weights exactly as weight_decay 2λ does (PyTorch semantics)', () => {
    // The L2 gradient 2λw is weight_decay = 2λ on the weights; weight decay also shrinks the biases, the penalty does not.
    const a = fitRunSync(spec({ epochs: 1, regularization: { type: 'l2', rate: 0.05 }, dtype: 'float64' }));
    const b = fitRunSync(spec({ epochs: 1, optimizer: { name: 'sgd', options: { lr: 0.1, weightDecay: 0.1 } }, dtype: 'float64' }));
    const c = fitRunSync(spec({ epochs: 1, dtype: 'float64' }));
    a.parameters!.forEach((p, i) => {
      (p.weight.flat() as number[]).forEach((w, j) => expect(w).toBeCloseTo(b.parameters![i].weight.flat()[j] as number, 14));
      expect(p.bias).toEqual(c.parameters![i].bias); // the biases are not penalized
    });
  });

  it('records the data loss and the penalty apart; the penalty shrinks the weights', () => {
    const plain = fitRunSync(spec({ epochs: 30 }));
    const l2 = fitRunSync(spec({ epochs: 30, regularization: { type: 'l2', rate: 0.05 } }));
    const l1 = fitRunSync(spec({ epochs: 30, regularization: { type: 'l1', rate: 0.01 } }));
    expect(plain.epochs[0].penalty).toBeUndefined();
    expect(plain.config.regularization).toBeUndefined();
    expect(l2.config.regularization).toEqual({ type: 'l2', rate: 0.05 });
    const sq = (r: typeof plain) => r.parameters!.flatMap((p) => p.weight.flat() as number[]).reduce((s, w) => s + w * w, 0);
    const ab = (r: typeof plain) => r.parameters!.flatMap((p) => p.weight.flat() as number[]).reduce((s, w) => s + Math.abs(w), 0);
    expect(l2.epochs.at(-1)!.penalty!).toBeCloseTo(0.05 * sq(l2), 4);
    expect(l1.epochs.at(-1)!.penalty!).toBeCloseTo(0.01 * ab(l1), 4);
    expect(sq(l2)).toBeLessThan(sq(plain));
    // The record round-trips with the new fields.
    expect(parseRunRecord(serializeRunRecord(l2)).epochs[3].penalty).toBe(l2.epochs[3].penalty);
  });
});
