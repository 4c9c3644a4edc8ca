import type { LayerSpec as LibLayerSpec, ModelSpec } from '@descent/layers';
import type { LayerSpec } from '@shared/model-spec.js';

/** The builder's layer stack as a @descent/layers model spec: Dense → Linear (+ its activation), Dropout. */
export function toModelSpec(layers: LayerSpec[], input: number): ModelSpec {
  const out: LibLayerSpec[] = [];
  for (const l of layers) {
    if (l.kind === 'dense') {
      out.push({ type: 'dense', units: l.units });
      if (l.activation !== 'identity') out.push({ type: 'activation', fn: l.activation });
    } else out.push({ type: 'dropout', p: l.rate });
  }
  return { input, layers: out };
}
