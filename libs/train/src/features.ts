import { OptionError, Tensor, describeValue, isDescentError, type PathKey } from '@descent/core-tensor';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS, ExpressionError, numericFunction, parseExpression } from '@descent/autodiff';
import { mapFeatureRows, mapFeatures, type FeatureColumn, type LoadedData } from '@descent/data';

// A run's computed input features (RunSpec.features): typed expressions in the data's inputs, e.g.
// ['x1^2', 'x2^2'] or ['r = sqrt(x1^2 + x2^2)']. They are parsed with @descent/autodiff's expression parser
// (never evaluated as JavaScript) and applied with @descent/data's mapFeatures. This lives here and not in
// @descent/data because the lint tiers let data depend on core-tensor only; train may use both.

/** Expressions in the input names, one per model input. Missing or null: the inputs as they are. */
export type FeatureSpec = readonly string[];

/** At most this many computed features (a wider input layer is a CSV's job). */
export const MAX_FEATURES = 32;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The names an expression may use for the data's inputs: x1, x2, ... by position, and each column name that
 * is an identifier (a CSV's `petal_length`); a column name shadows a positional one. Functions and constants
 * (sin, pi, e) keep their meaning.
 */
export function inputVariables(featureNames: readonly string[]): Map<string, number> {
  const vars = new Map<string, number>();
  featureNames.forEach((_, i) => vars.set(`x${i + 1}`, i));
  featureNames.forEach((n, i) => {
    if (IDENTIFIER.test(n) && !(n in EXPRESSION_FUNCTIONS) && !(n in EXPRESSION_CONSTANTS)) vars.set(n, i);
  });
  return vars;
}

/** One feature expression as a column over the inputs `featureNames`; throws its ExpressionError (position, length). */
export function compileFeature(source: string, featureNames: readonly string[]): FeatureColumn {
  const vars = inputVariables(featureNames);
  const names = [...vars.keys()];
  const parsed = parseExpression(source, { variables: names });
  const used = parsed.variables;
  const fn = numericFunction(parsed.ast, used);
  const index = used.map((v) => vars.get(v)!);
  const args = new Array<number>(used.length);
  return {
    name: parsed.name ?? source.replace(/\s+/g, ''),
    value: (row) => {
      for (let i = 0; i < index.length; i++) args[i] = row[index[i]];
      return fn(...args);
    },
  };
}

/**
 * Every problem with `features` as OptionErrors at `['features', i]` (the ExpressionError, with its position
 * and length, is the `cause`). Without the inputs' names (the data did not load) only the structure is checked.
 */
export function featureProblems(features: unknown, featureNames: readonly string[] | null, at: readonly PathKey[] = ['features']): OptionError[] {
  if (features === undefined || features === null) return [];
  const err = (path: PathKey[], reason: string, value: unknown, cause?: unknown) => new OptionError('features', path.length ? String(path[path.length - 1]) : null, reason, { value, path: [...at, ...path], cause });
  if (!Array.isArray(features)) return [err([], `must be a list of expressions in the inputs, e.g. ["x1^2", "x2^2"], got ${describeValue(features)}`, features)];
  if (features.length === 0) return [err([], 'must list at least one feature (leave it out to use the inputs as they are)', features)];
  if (features.length > MAX_FEATURES) return [err([], `lists ${features.length} features, more than ${MAX_FEATURES}`, features.length)];
  const out: OptionError[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, i) => {
    if (typeof f !== 'string') return out.push(err([i], `must be an expression (text), got ${describeValue(f)}`, f));
    if (!featureNames) return;
    try {
      const c = compileFeature(f, featureNames);
      if (seen.has(c.name)) out.push(err([i], `repeats feature ${seen.get(c.name)! + 1} (${c.name})`, f));
      seen.set(c.name, i);
    } catch (e) {
      if (e instanceof ExpressionError) out.push(err([i], e.reason, f, e));
      else throw e;
    }
  });
  return out;
}

/** The columns of a valid feature list (throws the first problem). */
export function compileFeatures(features: FeatureSpec, featureNames: readonly string[]): FeatureColumn[] {
  const problems = featureProblems(features, featureNames);
  if (problems.length) throw problems[0];
  return features.map((f) => compileFeature(f, featureNames));
}

/** Maps raw input rows (the data's inputs, e.g. a prediction grid) to the model's inputs. */
export type FeatureMap = (x: Tensor) => Tensor;

/**
 * The loaded data with every set mapped through the features (the model's inputs), and the map itself for
 * new points (a decision-boundary grid). A value that is not finite is an OptionError at `features`.
 */
export function applyFeatures(loaded: LoadedData, features: FeatureSpec): { data: LoadedData; map: FeatureMap } {
  const columns = compileFeatures(features, loaded.all.featureNames);
  const refuse = (e: unknown): never => {
    if (isDescentError(e)) throw new OptionError('features', e.element === null ? null : String(e.element), e.reason, { path: e.element === null ? ['features'] : ['features', e.element], value: e.value, cause: e });
    throw e;
  };
  try {
    const data: LoadedData = {
      ...loaded,
      train: mapFeatures(loaded.train, columns),
      test: loaded.test ? mapFeatures(loaded.test, columns) : null,
      all: mapFeatures(loaded.all, columns),
      features: columns.length,
    };
    return { data, map: (x) => mapFeatureRows(x, columns, 'features') };
  } catch (e) {
    return refuse(e);
  }
}
