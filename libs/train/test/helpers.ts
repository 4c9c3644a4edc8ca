// Small datasets and specs shared by the tests (not part of the public API).
import { makeDataset, trainTestSplit, regressionDataset, type Dataset } from '@descent/data';
import type { ActivationName, ModelSpec } from '@descent/layers';

export const xorSplit = () => trainTestSplit(makeDataset('xor', { n: 120, noise: 0.05, seed: 7 }), { testFraction: 0.25, seed: 7 });

export const mlp = (hidden = 8, out = 1, act: ActivationName = 'tanh'): ModelSpec => ({
  layers: [{ type: 'dense', units: hidden }, { type: 'activation', fn: act }, { type: 'dense', units: out }],
});

/** n rows of y = 2x + 1 (one feature), in order. */
export function line(n: number): Dataset {
  const x = Float64Array.from({ length: n }, (_, i) => i / n);
  return regressionDataset({ name: 'line', x, features: 1, y: x.map((v) => 2 * v + 1), outputs: 1, featureNames: ['x'], targetNames: ['y'] });
}

/** Strip what legitimately differs between two identical runs: wall-clock timings. */
export function withoutTimings<T extends { timings: unknown; epochs: { wallMs: number }[] }>(r: T): unknown {
  return { ...r, timings: null, epochs: r.epochs.map((e) => ({ ...e, wallMs: 0 })) };
}
