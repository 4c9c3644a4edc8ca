import type { LayerSpec, Task } from '@shared/model-spec.js';
import { activationLabels } from './activations.js';
import { lossInfo } from './losses.js';

// Shape inference and "can this model fit?" checks for the builder. Messages are attached to the layer they
// are about, so the UI can show them next to it.

export interface LayerReport {
  id: string;
  inputSize: number;
  outputSize: number;
  params: number;
  error: string | null;
  warning: string | null;
}

export interface ModelReport {
  layers: LayerReport[];
  inputSize: number;
  outputSize: number;
  totalParams: number;
  /** problems not tied to one layer (e.g. an empty model) */
  errors: string[];
  valid: boolean;
}

export const MAX_UNITS = 4096;

export function analyzeModel(
  layers: LayerSpec[],
  io: { inputDim: number; outputDim: number; task: Task; datasetLabel: string },
  loss?: string,
): ModelReport {
  let size = io.inputDim;
  const reports: LayerReport[] = layers.map((l) => {
    const r: LayerReport = { id: l.id, inputSize: size, outputSize: size, params: 0, error: null, warning: null };
    if (l.kind === 'dense') {
      if (!Number.isInteger(l.units) || l.units < 1 || l.units > MAX_UNITS) {
        r.error = `Units must be a whole number from 1 to ${MAX_UNITS}, got ${l.units}.`;
      } else {
        r.outputSize = l.units;
        r.params = size * l.units + l.units;
      }
    } else if (!(l.rate >= 0 && l.rate < 1)) {
      r.error = `Dropout rate must be in [0, 1), got ${l.rate}.`;
    }
    size = r.outputSize;
    return r;
  });
  const errors: string[] = [];
  const denseIdx = layers.map((l, i) => (l.kind === 'dense' ? i : -1)).filter((i) => i >= 0);
  if (denseIdx.length === 0) {
    errors.push('Add at least one Dense layer: the last Dense layer produces the output.');
  } else {
    const last = layers.length - 1;
    if (layers[last].kind === 'dropout') {
      reports[last].error ??= 'Dropout cannot be the last layer: the output must come from a Dense layer.';
    }
    const outIdx = denseIdx[denseIdx.length - 1];
    const out = layers[outIdx] as Extract<LayerSpec, { kind: 'dense' }>;
    const r = reports[outIdx];
    if (!r.error && out.units !== io.outputDim) {
      const why =
        io.task === 'binary'
          ? 'one logit for a binary target'
          : io.task === 'multiclass'
            ? `one score per class`
            : 'one value per target';
      r.error = `Output layer has ${out.units} unit${out.units === 1 ? '' : 's'}, but ${io.datasetLabel} needs ${io.outputDim} (${why}).`;
    }
    if (!r.error && loss) {
      const info = lossInfo(loss);
      if (info.logits && out.activation !== 'identity')
        r.warning = `${activationLabels[out.activation]} limits the output; ${info.label} expects raw scores — use Identity here.`;
    }
  }
  const total = reports.reduce((s, r) => s + r.params, 0);
  return {
    layers: reports,
    inputSize: io.inputDim,
    outputSize: size,
    totalParams: total,
    errors,
    valid: errors.length === 0 && reports.every((r) => !r.error),
  };
}
