import { DescentError, OptionError, describeValue, type PathKey } from '@descent/core-tensor';
import { CsvError, dataSpecProblems, loadData, type DataSpec, type LoadDataOptions, type LoadedData } from '@descent/data';
import { planModel, type ModelSpec } from '@descent/layers';
import { lossInfo, lossName } from '@descent/losses';
import { isOptimizerName, momentumKindOf } from '@descent/optimizers';
import { TRAINING_KEYS, fitOptionProblems, type FitOptions, type TrainingSpec } from './options.js';
import { compileBoundaryFunction } from './boundary-function.js';
import { applyFeatures, featureProblems, type FeatureMap, type FeatureSpec } from './features.js';

// A whole run as one JSON document: the data, the model and how to train it. The Studio builds, posts to its
// worker and saves exactly this; a CLI spec file is this; prepareRun turns it into fit()'s arguments.

export interface RunSpec extends TrainingSpec {
  data: DataSpec;
  /** The model; `input` may be left out (it is the data's feature count). */
  model: ModelSpec;
  /**
   * Computed input features, expressions in the data's inputs (x1, x2, ... or identifier column names), e.g.
   * ['x1^2', 'x2^2']: the model takes one input per feature. Missing or null: the inputs as they are.
   */
  features?: FeatureSpec | null;
}

export const RUN_SPEC_KEYS: readonly string[] = ['data', 'model', 'features', ...TRAINING_KEYS];

export interface SpecContext extends LoadDataOptions {
  /** The data already loaded for this spec (the Studio caches it); loaded from the spec otherwise. */
  data?: LoadedData;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A data-loading failure as an OptionError at the data spec (a CSV problem keeps its line in the reason). */
function dataError(e: unknown): OptionError {
  if (e instanceof OptionError) return e.path.length && e.path[0] === 'data' ? e : e.at(['data']);
  if (e instanceof CsvError) {
    // One line, as every OptionError: the problems joined by '; ' (the CsvError in `cause` keeps them apart).
    const more = e.totalProblems > e.problems.length ? `; and ${e.totalProblems - e.problems.length} more` : '';
    return new OptionError('data', 'csv', `${e.problems.map((p) => p.message).join('; ')}${more}`, { path: ['data', 'csv'], cause: e });
  }
  if (e instanceof DescentError) return new OptionError(e.owner, 'data', e.reason, { path: ['data'], cause: e });
  throw e;
}

/**
 * Every problem with a run spec, each an OptionError whose `path` is the field: the structure of data, model
 * and training options, and what only shows with the data loaded (input and output widths, one-cycle steps,
 * metrics that need a test set). The Studio marks its fields from this list; the CLI prints the first.
 */
export function runSpecProblems(spec: unknown, ctx: SpecContext = {}): OptionError[] {
  if (!isObject(spec)) return [new OptionError('spec', null, `must be an object { data, model, loss, optimizer, epochs, ... }, got ${describeValue(spec)}`, { value: spec })];
  const problems: OptionError[] = [];
  for (const k of Object.keys(spec)) {
    if (!RUN_SPEC_KEYS.includes(k)) problems.push(new OptionError('spec', k, `is not a field of a run spec; valid fields: ${RUN_SPEC_KEYS.join(', ')}`, { value: spec[k], path: [k] }));
  }
  problems.push(...dataSpecProblems(spec.data, ['data']));
  // Unknown keys are reported once, above; the training options are the known rest.
  const training = Object.fromEntries(Object.entries(spec).filter(([k]) => (TRAINING_KEYS as readonly string[]).includes(k)));
  if (spec.model === undefined) problems.push(new OptionError('spec', 'model', 'is required: { layers: [...] }', { path: ['model'] }));

  let loaded: LoadedData | null = ctx.data ?? null;
  if (!loaded && problems.length === 0) {
    try {
      // A seed that is not one (2^53, -1, 1.5) is reported below with the training options; the data is loaded with 0.
      const seed = typeof spec.seed === 'number' && Number.isSafeInteger(spec.seed) && spec.seed >= 0 ? spec.seed : 0;
      loaded = loadData(spec.data as DataSpec, { compileFunction: (f) => compileBoundaryFunction(f), ...ctx, seed });
    } catch (e) {
      problems.push(dataError(e));
    }
  }
  // The model sees the computed features: check them against the inputs' names, then use the mapped data.
  const featureErrors = featureProblems(spec.features, loaded ? loaded.all.featureNames : null);
  problems.push(...featureErrors);
  if (loaded && Array.isArray(spec.features) && featureErrors.length === 0) {
    try {
      loaded = applyFeatures(loaded, spec.features as string[]).data;
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      problems.push(e);
      loaded = null;
    }
  }
  const opt = isObject(spec.optimizer) && isOptimizerName(spec.optimizer.name) ? spec.optimizer.name : null;
  problems.push(
    ...fitOptionProblems(training, {
      trainSize: loaded?.train.x.shape[0],
      hasTest: loaded ? loaded.test !== null : undefined,
      task: loaded?.task,
      momentumKind: opt ? momentumKindOf(opt) : undefined,
    }),
  );

  if (spec.model !== undefined) {
    const model = isObject(spec.model) ? spec.model : { layers: spec.model };
    try {
      // Without the data (it failed to load) the width is unknown: check the layers against a stand-in width.
      const first = Array.isArray((model as { layers?: unknown }).layers) ? ((model as { layers: { in?: unknown }[] }).layers[0] ?? {}) : {};
      const width = loaded ? loaded.features : typeof first.in === 'number' ? first.in : 1;
      const withInput = (model as { input?: unknown }).input === undefined ? { ...model, input: width } : model;
      const { plans } = planModel(withInput);
      if (loaded) {
        if (plans[0].in !== loaded.features) {
          const what = Array.isArray(spec.features) ? `${loaded.features} computed feature${loaded.features === 1 ? '' : 's'}` : `${loaded.features} features`;
          problems.push(new OptionError('model', 'input', `is ${plans[0].in} but the data has ${what}`, { path: ['model', 'input'], value: plans[0].in }));
        }
        problems.push(...outputProblems(spec, plans, loaded));
      }
    } catch (e) {
      if (e instanceof OptionError) problems.push(e.at(['model']));
      else throw e;
    }
  }
  return problems;
}

/** The last dense layer must give what the loss needs: one output per class, or one per target column. */
function outputProblems(spec: Record<string, unknown>, plans: ReturnType<typeof planModel>['plans'], data: LoadedData): OptionError[] {
  const lossSpec = spec.loss;
  const name = lossName(typeof lossSpec === 'string' ? lossSpec : isObject(lossSpec) ? lossSpec.name : undefined);
  if (!name) return [];
  const info = lossInfo(name);
  const lastDense = plans.map((p, i) => (p.type === 'dense' ? i : -1)).filter((i) => i >= 0).pop();
  const out = plans[plans.length - 1].out;
  const at: PathKey[] = lastDense === undefined ? ['model', 'layers'] : ['model', 'layers', lastDense, 'units'];
  if (info.target === 'classes') {
    if (data.task === 'regression') return [new OptionError('fit', 'loss', `${name} needs class labels, but the data is a regression task`, { path: typeof lossSpec === 'string' ? ['loss'] : ['loss', 'name'], value: name })];
    if (out !== data.classes) return [new OptionError('model', 'units', `must be ${data.classes}: ${name} needs one output per class, and the data has ${data.classes} classes (the model outputs ${out})`, { path: at, value: out })];
    return [];
  }
  // bce takes probabilities: raw scores would only be refused by the loss in the middle of training.
  const last = plans[plans.length - 1];
  if (info.expects === 'probabilities' && !(last.type === 'activation' && (last.fn === 'sigmoid' || last.fn === 'softmax'))) {
    return [new OptionError('model', 'layers', `must end with a sigmoid (or softmax) activation: ${name} takes probabilities in [0, 1]; or use bceWithLogits on the raw scores`, { path: ['model', 'layers'], value: last.type === 'activation' ? last.fn : last.type })];
  }
  const cols = data.train.y.shape[1] ?? 1;
  if (out !== cols) {
    const why = data.task === 'multiclass' ? `${cols} one-hot columns for ${data.classes} classes` : data.task === 'binary' ? 'one value per sample (the 0/1 target)' : `${cols} target column${cols === 1 ? '' : 's'}`;
    return [new OptionError('model', 'units', `must be ${cols}: ${name} compares the output with ${why} (the model outputs ${out})`, { path: at, value: out })];
  }
  return [];
}

export interface PreparedRun {
  model: ModelSpec;
  /** What the model trains on: the loaded data mapped through the features, if any. */
  data: { train: LoadedData['train']; test: LoadedData['test'] };
  /** The data as loaded, before the features (previews and grids are drawn in these inputs). */
  loaded: LoadedData;
  /** Raw input rows → the model's inputs (null without features): apply it to new points before predicting. */
  features: FeatureMap | null;
  options: FitOptions;
}

/** A valid spec as fit()'s arguments (throws the first problem). The record keeps the spec and the data source. */
export function prepareRun(spec: RunSpec, ctx: SpecContext = {}): PreparedRun {
  const problems = runSpecProblems(spec, ctx);
  if (problems.length) throw problems[0];
  const loaded = ctx.data ?? loadData(spec.data, { compileFunction: (f) => compileBoundaryFunction(f), ...ctx, seed: spec.seed ?? 0 });
  const { data, model, features, ...training } = spec;
  const mapped = features ? applyFeatures(loaded, features) : null;
  const inputs = mapped?.data ?? loaded;
  // The record's data source keeps the features, so Compare and a re-run see what the model took as input.
  const source = { ...('csv' in data ? { ...data, csv: { ...data.csv, text: undefined } } : data), ...(features ? { features: [...features] } : {}) };
  return {
    model: { ...model, input: model.input ?? inputs.features },
    data: { train: inputs.train, test: inputs.test },
    loaded,
    features: mapped?.map ?? null,
    options: { ...training, dataSource: JSON.parse(JSON.stringify(source)) },
  };
}
