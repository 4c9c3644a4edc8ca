import { Tensor } from '@descent/core-tensor';
import type { LoadedData } from '@descent/data';
import type { Module } from '@descent/layers';
import { predict, predictGrid, type FeatureMap, type LossSpec } from '@descent/train';
import type { Prediction } from './protocol.js';

// What the model predicts over the input plane (2-D classification: a decision boundary grid) or along the
// input line (1-D regression: the fitted curve), for drawing.

export const GRID = 96;
const CURVE_POINTS = 200;

export type Bounds = { x0: number; x1: number; y0: number; y1: number };

/** The data's bounding box with a margin, so the boundary extends a little past the points. */
export function boundsOf(d: LoadedData): Bounds {
  const dim = d.features;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of [d.train, d.test]) {
    if (!s) continue;
    const x = s.x.data, n = s.x.shape[0];
    for (let i = 0; i < n; i++) {
      const a = Number(x[i * dim]);
      x0 = Math.min(x0, a);
      x1 = Math.max(x1, a);
      if (dim > 1) {
        const b = Number(x[i * dim + 1]);
        y0 = Math.min(y0, b);
        y1 = Math.max(y1, b);
      }
    }
  }
  const px = (x1 - x0) * 0.08 || 1, py = (y1 - y0) * 0.08 || 1;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

/** `features` (the run's computed inputs, if any) maps the plane's points to what the model takes. */
export function predictionOf(model: Module, d: LoadedData, loss: LossSpec, bounds: Bounds, epoch: number, features: FeatureMap | null = null): Prediction | null {
  if (d.features === 2 && d.task !== 'regression') {
    const g = predictGrid(model, { xMin: bounds.x0, xMax: bounds.x1, yMin: bounds.y0, yMax: bounds.y1 }, GRID, { loss, features });
    const n = GRID * GRID;
    const value = new Float32Array(n), confidence = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const p = g.probability ? g.probability[i] : 0.5;
      value[i] = g.outputs === 1 ? p : (g.classes?.[i] ?? 0);
      confidence[i] = p;
    }
    return { kind: 'grid', epoch, size: GRID, ...bounds, value, confidence };
  }
  if (d.features === 1) {
    const xs = new Float64Array(CURVE_POINTS);
    for (let i = 0; i < CURVE_POINTS; i++) xs[i] = bounds.x0 + (i / (CURVE_POINTS - 1)) * (bounds.x1 - bounds.x0);
    const line = new Tensor(xs, [CURVE_POINTS, 1]);
    const out = predict(model, features ? features(line) : line);
    const k = out.shape[1] ?? 1;
    return { kind: 'curve', epoch, x: Float32Array.from(xs), y: Float32Array.from({ length: CURVE_POINTS }, (_, i) => Number(out.data[i * k])) };
  }
  return null;
}
