import type { Rng } from '@descent/core-tensor';

/**
 * Balanced class labels in a random order: every class gets floor(n/k) or ceil(n/k) rows, so class
 * balance never depends on luck, while rows are not grouped by class.
 */
export function balancedLabels(rng: Rng, n: number, k: number): Int32Array {
  const perm = rng.permutation(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = perm[i] % k;
  return labels;
}

export const TAU = 2 * Math.PI;
