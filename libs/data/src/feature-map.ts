import { DataError, Tensor } from '@descent/core-tensor';
import type { Dataset } from './dataset.js';

// Computed input features, TensorFlow Playground style: the model sees columns computed from each row of the
// original inputs (x₁², sin x₂, x₁x₂, ...) instead of, or beside, the inputs themselves. The transform is a
// plain per-row map, so the same columns apply to the training rows, the test rows and a prediction grid.
// Parsing typed expressions lives in @descent/train (it may use @descent/autodiff's parser; this tier may not).

/** One computed column: its name (shown in previews, the builder and run records) and its value from a row. */
export interface FeatureColumn {
  readonly name: string;
  /** The column's value for one row of the original inputs (read-only; columns in the data's order). */
  readonly value: (row: Float64Array) => number;
}

/** A Playground toggle for 2-D inputs: its expression in the input names x1, x2 and how it is shown. */
export interface PlaneFeature {
  /** The expression, in the input names x1 and x2 (also a valid @descent/autodiff expression). */
  readonly expression: string;
  /** Plain-text label with sub/superscripts, e.g. "x₁²". */
  readonly label: string;
  readonly latex: string;
  readonly value: (row: Float64Array) => number;
}

/** The seven toggles of TensorFlow Playground, in its order. */
export const PLANE_FEATURES: readonly PlaneFeature[] = Object.freeze([
  { expression: 'x1', label: 'x₁', latex: 'x_1', value: (r: Float64Array) => r[0] },
  { expression: 'x2', label: 'x₂', latex: 'x_2', value: (r: Float64Array) => r[1] },
  { expression: 'x1^2', label: 'x₁²', latex: 'x_1^2', value: (r: Float64Array) => r[0] * r[0] },
  { expression: 'x2^2', label: 'x₂²', latex: 'x_2^2', value: (r: Float64Array) => r[1] * r[1] },
  { expression: 'x1*x2', label: 'x₁x₂', latex: 'x_1 x_2', value: (r: Float64Array) => r[0] * r[1] },
  { expression: 'sin(x1)', label: 'sin x₁', latex: '\\sin x_1', value: (r: Float64Array) => Math.sin(r[0]) },
  { expression: 'sin(x2)', label: 'sin x₂', latex: '\\sin x_2', value: (r: Float64Array) => Math.sin(r[1]) },
]);

/**
 * The columns applied to every row of `x` ([rows, inputs]): a float64 [rows, columns] tensor. A value that is
 * not finite (log of a negative input, a division by zero) is refused with the row and the column, since a
 * NaN input would only show up later as a diverged run.
 */
export function mapFeatureRows(x: Tensor, columns: readonly FeatureColumn[], where = 'mapFeatures'): Tensor {
  if (x.shape.length !== 2) throw new DataError(where, `x must be [rows, inputs], got shape [${x.shape.join(', ')}]`);
  if (columns.length === 0) throw new DataError(where, 'needs at least one feature column', { option: 'features' });
  const [n, d] = x.shape;
  const k = columns.length;
  const out = new Float64Array(n * k);
  const row = new Float64Array(d);
  const src = x.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = src[i * d + j];
    for (let c = 0; c < k; c++) {
      const v = columns[c].value(row);
      if (!Number.isFinite(v)) {
        throw new DataError(where, `feature ${columns[c].name} is ${v} at row ${i + 1} (inputs ${Array.from(row).join(', ')}); use an expression defined for every input`, { option: 'features', element: c, value: v });
      }
      out[i * k + c] = v;
    }
  }
  return new Tensor(out, [n, k]);
}

/** The dataset with `x` replaced by the computed columns (targets, labels and class names unchanged). */
export function mapFeatures(ds: Dataset, columns: readonly FeatureColumn[]): Dataset {
  if (ds.imageShape) throw new DataError('mapFeatures', `dataset '${ds.name}' is images (${ds.imageShape.join('×')} pixels); computed features are for tabular inputs`, { option: 'features' });
  const x = mapFeatureRows(ds.x, columns);
  return { ...ds, x, featureNames: columns.map((c) => c.name) };
}
