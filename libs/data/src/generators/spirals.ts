import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels, TAU } from './common.js';

/** Smallest radius used, so the two spirals do not meet at the origin. */
export const SPIRAL_MIN_RADIUS = 0.05;

/**
 * Two interleaved spirals. A point at radius r in [0.05, 1) has angle r·turns·2π, plus π for
 * class 1, so the arms wind `turns` times and are half a turn apart. Gaussian noise (std `noise`)
 * is added to both coordinates.
 */
export function generateSpirals(n: number, noise: number, rng: Rng, turns: number): Dataset {
  const labels = balancedLabels(rng, n, 2);
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const r = rng.uniform(SPIRAL_MIN_RADIUS, 1);
    const a = r * turns * TAU + labels[i] * Math.PI;
    x[2 * i] = r * Math.cos(a) + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * i + 1] = r * Math.sin(a) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return classificationDataset({
    name: 'spirals', task: 'binary', x, features: 2, labels,
    classNames: ['spiral A', 'spiral B'], featureNames: ['x1', 'x2'],
  });
}
