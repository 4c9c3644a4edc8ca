import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels, TAU } from './common.js';

/**
 * Two concentric circles: class 0 on the outer circle (radius 1), class 1 on the inner circle
 * (radius `factor`), angles uniform, plus Gaussian noise (std `noise`) on both coordinates.
 */
export function generateCircles(n: number, noise: number, rng: Rng, factor: number): Dataset {
  const labels = balancedLabels(rng, n, 2);
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const r = labels[i] === 0 ? 1 : factor;
    const a = rng.uniform(0, TAU);
    x[2 * i] = r * Math.cos(a) + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * i + 1] = r * Math.sin(a) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return classificationDataset({
    name: 'circles', task: 'binary', x, features: 2, labels,
    classNames: ['outer', 'inner'], featureNames: ['x1', 'x2'],
  });
}
