import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels, TAU } from './common.js';

/** Radius of the circle the blob centers sit on. */
export const BLOB_RADIUS = 1.5;

/** Center of class c of k: evenly spaced on a circle of radius 1.5, class 0 at the top. */
export function blobCenter(c: number, k: number): [number, number] {
  const a = Math.PI / 2 + (TAU * c) / k;
  return [BLOB_RADIUS * Math.cos(a), BLOB_RADIUS * Math.sin(a)];
}

/** k isotropic Gaussian blobs in 2-D (std `noise` around each center), one class per blob. */
export function generateBlobs(n: number, noise: number, rng: Rng, k: number): Dataset {
  const labels = balancedLabels(rng, n, k);
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = blobCenter(labels[i], k);
    x[2 * i] = cx + (noise > 0 ? rng.normal(0, noise) : 0);
    x[2 * i + 1] = cy + (noise > 0 ? rng.normal(0, noise) : 0);
  }
  const classNames = Array.from({ length: k }, (_, c) => `blob ${c}`);
  return classificationDataset({
    name: 'blobs', task: 'multiclass', x, features: 2, labels, classNames, featureNames: ['x1', 'x2'],
  });
}
