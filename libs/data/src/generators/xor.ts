import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels } from './common.js';

/** Gap kept between the axes and the points when noise is 0, so every point sits clearly inside its quadrant. */
export const XOR_MARGIN = 0.05;

/**
 * XOR: points in [-1, 1]², label 1 when the signs of x1 and x2 differ (quadrants II and IV),
 * label 0 in quadrants I and III. Gaussian noise (std `noise`) is added to both coordinates.
 */
export function generateXor(n: number, noise: number, rng: Rng): Dataset {
  const labels = balancedLabels(rng, n, 2);
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const sx = rng.next() < 0.5 ? 1 : -1;
    const sy = labels[i] === 1 ? -sx : sx;
    x[2 * i] = sx * rng.uniform(XOR_MARGIN, 1) + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * i + 1] = sy * rng.uniform(XOR_MARGIN, 1) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return classificationDataset({
    name: 'xor', task: 'binary', x, features: 2, labels,
    classNames: ['same sign', 'different sign'], featureNames: ['x1', 'x2'],
  });
}
