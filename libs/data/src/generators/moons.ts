import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels } from './common.js';

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 on the upper arc
 * (cos t, sin t), class 1 on the lower arc (1 − cos t, 0.5 − sin t), t uniform in [0, π],
 * plus Gaussian noise (std `noise`) on both coordinates.
 */
export function generateMoons(n: number, noise: number, rng: Rng): Dataset {
  const labels = balancedLabels(rng, n, 2);
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const t = rng.uniform(0, Math.PI);
    const c = Math.cos(t);
    const s = Math.sin(t);
    const px = labels[i] === 0 ? c : 1 - c;
    const py = labels[i] === 0 ? s : 0.5 - s;
    x[2 * i] = px + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * i + 1] = py + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return classificationDataset({
    name: 'moons', task: 'binary', x, features: 2, labels,
    classNames: ['upper moon', 'lower moon'], featureNames: ['x1', 'x2'],
  });
}
