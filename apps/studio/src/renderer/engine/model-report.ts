import type { LayerSpec } from '@descent/layers';

// Widths and parameter counts of the builder's stack, for display next to each card. Whether the model is
// valid is the library's call (runSpecProblems); this only walks the widths, skipping what it cannot read.

export interface LayerInfoLine {
  inputSize: number;
  outputSize: number;
  params: number;
}

export function modelReport(layers: readonly LayerSpec[], input: number): { layers: LayerInfoLine[]; output: number; params: number } {
  let width = input;
  const out = layers.map((l) => {
    const line = { inputSize: width, outputSize: width, params: 0 };
    if (l.type === 'dense') {
      const units = l.units ?? l.out;
      if (typeof units === 'number' && Number.isInteger(units) && units > 0) {
        line.outputSize = units;
        line.params = width * units + (l.useBias === false ? 0 : units);
      }
    }
    width = line.outputSize;
    return line;
  });
  return { layers: out, output: width, params: out.reduce((s, l) => s + l.params, 0) };
}
