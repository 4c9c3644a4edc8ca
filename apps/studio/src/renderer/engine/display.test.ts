import { describe, expect, it } from 'vitest';
import { discretize, epochsPerSecond, rateLabel } from './display.js';
import type { Prediction } from '../worker/protocol.js';

const grid = (value: number[], confidence: number[]): Prediction => ({ kind: 'grid', epoch: 3, size: 2, x0: 0, x1: 1, y0: 0, y1: 1, value: Float32Array.from(value), confidence: Float32Array.from(confidence) });

describe('display switches', () => {
  it('discretize: binary probabilities become 0/1 regions; multiclass keeps the class at full confidence', () => {
    const b = discretize(grid([0.2, 0.51, 0.9, 0.5], [0.2, 0.51, 0.9, 0.5]));
    expect(b.kind === 'grid' && [Array.from(b.value), Array.from(b.confidence)]).toEqual([[0, 1, 1, 0], [0, 1, 1, 0]]);
    const m = discretize(grid([0, 2, 1, 2], [0.4, 0.9, 0.5, 0.6]));
    expect(m.kind === 'grid' && [Array.from(m.value), Array.from(m.confidence)]).toEqual([[0, 2, 1, 2], [1, 1, 1, 1]]);
    const curve: Prediction = { kind: 'curve', epoch: 1, x: new Float32Array(1), y: new Float32Array(1) };
    expect(discretize(curve)).toBe(curve);
  });
  it('epochs per second over active time, from the last epochs', () => {
    expect(epochsPerSecond([{ epoch: 1, wallMs: 10 }])).toBeNull();
    const rows = Array.from({ length: 30 }, (_, i) => ({ epoch: i + 1, wallMs: (i + 1) * 20 }));
    expect(epochsPerSecond(rows)).toBeCloseTo(50, 10);
    expect(rateLabel(1234)).toBe('1.2k');
    expect(rateLabel(42.25)).toBe('42.3');
    expect(rateLabel(null)).toBe('—');
  });
});
