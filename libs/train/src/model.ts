import { OptionError, describeValue, type DType } from '@descent/core-tensor';
import { Activation, Dropout, Linear, Sequential, buildModel, countParameters, isModule, planModel, type LayerSpec, type Module, type ModelSpec } from '@descent/layers';

/** What fit() trains: a built module, or a JSON model spec that fit() builds with the run's seed and dtype. */
export type ModelInput = Module | ModelSpec | LayerSpec[];

export interface PreparedModel {
  model: Module;
  /** The spec as given (when the model came as a spec), or a description walked from the module. */
  layers: Record<string, unknown>[];
  input: number | null;
  parameterCount: number;
  dtype: DType;
}

/** JSON description of a built module (dense sizes, activations, dropout), for the run record. */
export function describeModule(m: Module): Record<string, unknown>[] {
  if (m instanceof Sequential) return m.modules.flatMap(describeModule);
  if (m instanceof Linear) return [{ type: 'dense', in: m.inFeatures, out: m.outFeatures, useBias: m.bias !== null }];
  if (m instanceof Activation) return [{ type: 'activation', fn: m.name, ...(Object.keys(m.options).length ? { options: { ...m.options } } : {}) }];
  if (m instanceof Dropout) return [{ type: 'dropout', p: m.p }];
  return [{ type: 'module', label: String(m) }];
}

function dtypeOf(m: Module): DType | undefined {
  return m.parameters()[0]?.dtype;
}

/**
 * Build (spec) or adopt (module) the model; a module's dtype must agree with the requested one. A spec without
 * `input` (and without `in` on its first dense layer) gets the dataset's feature count.
 */
export function prepareModel(input: ModelInput, seed: number, dtype: DType | undefined, features: number): PreparedModel {
  if (isModule(input)) {
    const own = dtypeOf(input);
    if (dtype !== undefined && own !== undefined && own !== dtype) {
      throw new OptionError('fit', 'dtype', `is '${dtype}' but the model's parameters are '${own}'; build the model with dtype '${dtype}' or pass its spec`, { value: dtype });
    }
    return { model: input, layers: describeModule(input), input: null, parameterCount: countParameters(input), dtype: own ?? dtype ?? 'float32' };
  }
  let spec: ModelSpec = Array.isArray(input) ? { layers: input } : (input as ModelSpec);
  if (!spec || typeof spec !== 'object') throw new OptionError('fit', 'model', `must be a Module or a model spec { layers: [...] }, got ${describeValue(spec)}`, { value: spec });
  const first = Array.isArray(spec.layers) ? (spec.layers[0] as { type?: string; in?: unknown; weight?: unknown } | undefined) : undefined;
  if (spec.input === undefined && !(first?.type === 'dense' && (first.in !== undefined || first.weight !== undefined))) spec = { ...spec, input: features };
  const { input: inputWidth } = planModel(spec); // validates, with messages naming the layer
  const d = dtype ?? 'float32';
  const model = buildModel(spec, { seed, dtype: d });
  return {
    model,
    layers: JSON.parse(JSON.stringify(spec.layers)) as Record<string, unknown>[],
    input: inputWidth,
    parameterCount: countParameters(model),
    dtype: d,
  };
}
