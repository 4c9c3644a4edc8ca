import { Rng } from '@descent/core-tensor';
import { regressionDataset, type Dataset } from '../dataset.js';

/** 1-D linear regression: x uniform in [-1, 1], y = slope·x + intercept + N(0, noise²). */
export function generateLinear(n: number, noise: number, rng: Rng, slope: number, intercept: number): Dataset {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform(-1, 1);
    y[i] = slope * x[i] + intercept + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return regressionDataset({ name: 'linear', x, features: 1, y, outputs: 1, featureNames: ['x'], targetNames: ['y'] });
}

/** 1-D sine regression: x uniform in [-π, π], y = sin(frequency·x) + N(0, noise²). */
export function generateSine(n: number, noise: number, rng: Rng, frequency: number): Dataset {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform(-Math.PI, Math.PI);
    y[i] = Math.sin(frequency * x[i]) + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  return regressionDataset({ name: 'sine', x, features: 1, y, outputs: 1, featureNames: ['x'], targetNames: ['y'] });
}
