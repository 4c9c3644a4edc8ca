import { DataError, Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';

// Function-boundary data (TensorFlow Playground issue #252): points in the plane labelled by whether they lie
// above a curve y = f(x). The function comes in compiled (the caller parses the typed text; this tier only
// samples), so any curve works: sin(3x), x^3 − x, |x|.

export interface FunctionBoundaryOptions {
  n: number;
  /** Std of the Gaussian noise added to y before labelling: points near the curve get mixed labels. */
  noise: number;
  seed: number;
  xMin: number;
  xMax: number;
  /** The curve as typed, kept as the data set's name. */
  source?: string;
}

/** Points sampled over [xMin, xMax] × [the curve's range, widened by half its span]; label 1 when y > f(x). */
export function generateFunctionBoundary(f: (x: number) => number, o: FunctionBoundaryOptions): Dataset {
  const rng = new Rng(o.seed);
  // The y range follows the curve so both classes are present whatever f's scale.
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i <= 200; i++) {
    const x = o.xMin + ((o.xMax - o.xMin) * i) / 200;
    const y = f(x);
    if (!Number.isFinite(y)) throw new DataError('functionBoundary', `f(${x.toPrecision(4)}) is ${y}: the curve must be finite on [${o.xMin}, ${o.xMax}]`, { option: 'f', value: y });
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  const pad = Math.max((hi - lo) / 2, 0.5);
  const yMin = lo - pad, yMax = hi + pad;
  const x = new Float64Array(o.n * 2);
  const labels = new Int32Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const a = rng.uniform(o.xMin, o.xMax);
    const b = rng.uniform(yMin, yMax);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    labels[i] = b + (o.noise > 0 ? rng.normal(0, o.noise) : 0) > f(a) ? 1 : 0;
  }
  return classificationDataset({ name: o.source ? `y > ${o.source}` : 'function boundary', task: 'binary', x, features: 2, labels, classNames: ['below', 'above'], featureNames: ['x1', 'x2'] });
}
