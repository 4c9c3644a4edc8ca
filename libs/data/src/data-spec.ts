import { DescentError, OptionError, describeValue, optionProblems, type OptionMeta, type PathKey } from '@descent/core-tensor';
import { numSamples, type Dataset, type Task } from './dataset.js';
import { parseCsv } from './csv/parse.js';
import { MAX_SAMPLES, SEED_OPTION, getPreset, makeDataset, type DatasetId, type DatasetPreset, type MakeDatasetOptions } from './registry.js';
import { standardize } from './standardize.js';
import { trainTestSplit } from './split.js';
import { generateFunctionBoundary } from './generators/function-boundary.js';

// Where a run's data comes from, as JSON: a generated preset or a CSV (inline text, or a path the caller
// reads), with the train/test split. The Studio, the CLI and library users describe data the same way.

/** A CSV source: `text` inline (the Studio keeps it with the run), or `path` for a caller that reads files (the CLI). */
export interface CsvSource {
  text?: string;
  /** Relative to the spec file (CLI). */
  path?: string;
  /** Shown as the data set's name (default: the path's file name). */
  fileName?: string;
  target: string;
  /** Default: every other column. */
  features?: readonly string[];
  /** Default: inferred from the target column. */
  task?: Task;
  delimiter?: string;
}

interface SplitFields {
  /** Fraction of rows held out for testing, in [0, 1) (default 0.2; 0 = no test set). */
  testFraction?: number;
  /** Scale every feature to mean 0, std 1, fitted on the training rows only (default false). */
  standardize?: boolean;
  /** Seed of the generator and the split (default: the run's seed). A preset's options.seed wins for the generator. */
  seed?: number;
}

/** Points labelled by whether y > f(x), for a typed f in x such as "sin(3*x)", "x^3 - x" or "abs(x)". */
export interface BoundarySource {
  /** The curve, an expression in x (parsed by the caller's compileFunction: @descent/train passes autodiff's parser). */
  f: string;
  /** Default 300. */
  n?: number;
  /** Std of the noise on y before labelling (default 0). */
  noise?: number;
  /** The x range (default −2 to 2). */
  xMin?: number;
  xMax?: number;
}

export type PresetDataSpec = SplitFields & { preset: DatasetId; options?: MakeDatasetOptions };
export type CsvDataSpec = SplitFields & { csv: CsvSource };
export type BoundaryDataSpec = SplitFields & { boundary: BoundarySource };
export type DataSpec = PresetDataSpec | CsvDataSpec | BoundaryDataSpec;

/** The typed curves offered as a family of presets. */
export const BOUNDARY_FUNCTIONS: readonly { f: string; label: string }[] = Object.freeze([
  { f: 'sin(3*x)', label: 'sine' },
  { f: 'x^3 - x', label: 'cubic' },
  { f: 'abs(x) - 0.5', label: '|x|' },
]);

export const SPLIT_OPTIONS: readonly OptionMeta[] = [
  { name: 'testFraction', kind: 'number', default: 0.2, min: 0, max: 1, maxExclusive: true, description: 'Fraction of the rows held out as the test set.' },
  { name: 'standardize', kind: 'boolean', default: false, description: 'Scale each feature to mean 0 and standard deviation 1 (fitted on the training rows).' },
  { name: 'seed', kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, default: 0, description: 'Seed of the data generator and of the train/test split.' },
];

export interface LoadedData {
  train: Dataset;
  /** null when testFraction is 0. */
  test: Dataset | null;
  /** The whole data set before the split (previews). */
  all: Dataset;
  task: Task;
  /** Columns of x (features) the model takes. */
  features: number;
  /** Classes (classification), 0 for regression. */
  classes: number;
}

export interface LoadDataOptions {
  /** The run's seed, used where the spec gives none (default 0). */
  seed?: number;
  /** Reads `csv.path` (the CLI passes one resolving paths against the spec file); without it, paths are refused. */
  readText?: (path: string) => string;
  /** Where the spec sits in a larger one, for error paths (default ['data']). */
  at?: readonly PathKey[];
  /**
   * Compiles a boundary spec's f (text in x) to a function; throws an OptionError for a bad expression.
   * @descent/train passes one built on @descent/autodiff's parser (this package may not depend on it).
   */
  compileFunction?: (source: string) => (x: number) => number;
}

/** Every option a preset takes (seed included), in the shared vocabulary. */
export const presetOptions = (p: DatasetPreset): readonly OptionMeta[] => [SEED_OPTION, ...p.parameters];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const CSV_KEYS = ['text', 'path', 'fileName', 'target', 'features', 'task', 'delimiter'];

/** Structure of a data spec (not the data itself): every problem as an OptionError located under `at`. */
export function dataSpecProblems(spec: unknown, at: readonly PathKey[] = ['data']): OptionError[] {
  const out: OptionError[] = [];
  const err = (option: string | null, reason: string, value?: unknown, path: PathKey[] = option === null ? [] : [option]) =>
    out.push(new OptionError('data', option, reason, { value, path: [...at, ...path] }));
  if (!isObject(spec)) {
    err(null, `must be { preset, options } or { csv: { text | path, target } }, got ${describeValue(spec)}`, spec);
    return out;
  }
  if ('boundary' in spec) return [...out, ...boundaryProblems(spec, at)];
  const hasPreset = 'preset' in spec, hasCsv = 'csv' in spec;
  if (hasPreset === hasCsv) err(null, hasPreset ? 'give either preset or csv, not both' : 'needs a preset, a csv or a boundary source');
  const known = [...SPLIT_OPTIONS.map((m) => m.name), hasCsv ? 'csv' : 'preset', ...(hasCsv ? [] : ['options'])];
  for (const k of Object.keys(spec)) if (!known.includes(k)) err(k, `is not a field of a data spec (expected ${known.join(', ')})`, spec[k]);
  for (const m of SPLIT_OPTIONS) {
    const v = spec[m.name];
    if (v === undefined) continue;
    try {
      checkSplitOption(m, v);
    } catch (e) {
      if (e instanceof OptionError) err(m.name, e.reason, v);
      else throw e;
    }
  }
  if (hasPreset && !hasCsv) {
    let preset: ReturnType<typeof getPreset> | null = null;
    try {
      preset = getPreset(spec.preset as string);
    } catch (e) {
      if (e instanceof OptionError) err('preset', e.reason, spec.preset);
      else throw e;
    }
    if (preset) {
      for (const e of optionProblems(preset.id, presetOptions(preset), spec.options)) {
        if (e.option === null) err('options', e.reason, spec.options);
        else err('options', e.reason, e.value, ['options', e.option]);
      }
    }
  }
  if (hasCsv && !hasPreset) {
    const c = spec.csv;
    if (!isObject(c)) err('csv', `must be { text | path, target, features?, task? }, got ${describeValue(c)}`, c);
    else {
      for (const k of Object.keys(c)) if (!CSV_KEYS.includes(k)) err('csv', `${k} is not a field of a CSV source (expected ${CSV_KEYS.join(', ')})`, c[k], ['csv', k]);
      if (typeof c.target !== 'string' || c.target === '') err('csv', `target must name the target column, got ${describeValue(c.target)}`, c.target, ['csv', 'target']);
      if (c.text === undefined && c.path === undefined) err('csv', 'needs the file: text (its contents) or path', undefined, ['csv', 'text']);
      if (c.text !== undefined && typeof c.text !== 'string') err('csv', `text must be a string, got ${describeValue(c.text)}`, c.text, ['csv', 'text']);
      if (c.path !== undefined && (typeof c.path !== 'string' || c.path === '')) err('csv', `path must be a file path, got ${describeValue(c.path)}`, c.path, ['csv', 'path']);
      if (c.features !== undefined && (!Array.isArray(c.features) || c.features.length === 0 || !c.features.every((f) => typeof f === 'string'))) {
        err('csv', `features must be a non-empty list of column names, got ${describeValue(c.features)}`, c.features, ['csv', 'features']);
      }
      if (c.task !== undefined && !['binary', 'multiclass', 'regression'].includes(c.task as string)) {
        err('csv', `task must be one of 'binary', 'multiclass', 'regression', got ${describeValue(c.task)}`, c.task, ['csv', 'task']);
      }
    }
  }
  return out;
}

const BOUNDARY_KEYS = ['f', 'n', 'noise', 'xMin', 'xMax'];

function boundaryProblems(spec: Record<string, unknown>, at: readonly PathKey[]): OptionError[] {
  const out: OptionError[] = [];
  const err = (path: PathKey[], reason: string, value?: unknown) => out.push(new OptionError('data', String(path[path.length - 1] ?? 'boundary'), reason, { value, path: [...at, ...path] }));
  for (const k of Object.keys(spec)) if (k !== 'boundary' && !SPLIT_OPTIONS.some((m) => m.name === k)) err([k], `is not a field of a boundary data spec (expected boundary, ${SPLIT_OPTIONS.map((m) => m.name).join(', ')})`, spec[k]);
  for (const m of SPLIT_OPTIONS) {
    if (spec[m.name] === undefined) continue;
    try {
      checkSplitOption(m, spec[m.name]);
    } catch (e) {
      if (e instanceof OptionError) err([m.name], e.reason, spec[m.name]);
      else throw e;
    }
  }
  const b = spec.boundary;
  if (!isObject(b)) {
    err(['boundary'], `must be { f: "sin(3*x)", n?, noise?, xMin?, xMax? }, got ${describeValue(b)}`, b);
    return out;
  }
  for (const k of Object.keys(b)) if (!BOUNDARY_KEYS.includes(k)) err(['boundary', k], `is not a field of a boundary source (expected ${BOUNDARY_KEYS.join(', ')})`, b[k]);
  if (typeof b.f !== 'string' || b.f.trim() === '') err(['boundary', 'f'], `must be an expression in x, e.g. "sin(3*x)", got ${describeValue(b.f)}`, b.f);
  if (b.n !== undefined && !(typeof b.n === 'number' && Number.isInteger(b.n) && b.n >= 2 && b.n <= MAX_SAMPLES)) err(['boundary', 'n'], `must be an integer from 2 to ${MAX_SAMPLES}, got ${describeValue(b.n)}`, b.n);
  if (b.noise !== undefined && !(typeof b.noise === 'number' && Number.isFinite(b.noise) && b.noise >= 0)) err(['boundary', 'noise'], `must be a finite number at least 0, got ${describeValue(b.noise)}`, b.noise);
  for (const k of ['xMin', 'xMax'] as const) if (b[k] !== undefined && !(typeof b[k] === 'number' && Number.isFinite(b[k]))) err(['boundary', k], `must be a finite number, got ${describeValue(b[k])}`, b[k]);
  const lo = typeof b.xMin === 'number' ? b.xMin : -2, hi = typeof b.xMax === 'number' ? b.xMax : 2;
  if (!out.some((e) => e.option === 'xMin' || e.option === 'xMax') && !(hi > lo)) err(['boundary', 'xMax'], `must be above xMin (${lo}), got ${describeValue(hi)}`, hi);
  return out;
}

function checkSplitOption(m: OptionMeta, v: unknown): void {
  if (m.kind === 'boolean') {
    if (typeof v !== 'boolean') throw new OptionError('data', m.name, `must be true or false, got ${describeValue(v)}`);
    return;
  }
  const integer = m.kind === 'integer';
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new OptionError('data', m.name, `must be ${integer ? 'an integer' : 'a finite number'}, got ${describeValue(v)}`);
  if (m.min !== undefined && v < m.min) throw new OptionError('data', m.name, `must be at least ${m.min}, got ${describeValue(v)}`);
  if (m.max !== undefined && (m.maxExclusive ? v >= m.max : v > m.max)) throw new OptionError('data', m.name, `must be ${m.maxExclusive ? 'below' : 'at most'} ${m.max}, got ${describeValue(v)}`);
}

/** The data set a spec describes, before splitting. */
export function loadDataset(spec: DataSpec, o: LoadDataOptions = {}): Dataset {
  const at = o.at ?? ['data'];
  const problems = dataSpecProblems(spec, at);
  if (problems.length) throw problems[0];
  const seed = spec.seed ?? o.seed ?? 0;
  if ('preset' in spec) return makeDataset(spec.preset, { seed, ...(spec.options ?? {}) });
  if ('boundary' in spec) {
    const b = spec.boundary;
    if (!o.compileFunction) throw new OptionError('data', 'boundary', 'needs a compileFunction to read f (load it through @descent/train, which parses expressions)', { path: [...at, 'boundary', 'f'] });
    const f = o.compileFunction(b.f);
    try {
      return generateFunctionBoundary(f, { n: b.n ?? 300, noise: b.noise ?? 0, seed, xMin: b.xMin ?? -2, xMax: b.xMax ?? 2, source: b.f });
    } catch (e) {
      if (e instanceof DescentError) throw new OptionError('data', 'f', e.reason, { path: [...at, 'boundary', 'f'], value: b.f, cause: e });
      throw e;
    }
  }
  const c = spec.csv;
  let text = c.text;
  if (text === undefined) {
    if (!o.readText) throw new OptionError('data', 'csv', `refers to the file ${describeValue(c.path)}; give its text here, or load the spec with a file reader`, { path: [...at, 'csv', 'path'] });
    try {
      text = o.readText(c.path!);
    } catch (e) {
      // The reader's own failure (a missing file, no permission) names the field; a DescentError it throws is kept.
      if (e instanceof DescentError) throw e;
      throw new OptionError('data', 'csv', `path ${describeValue(c.path)} cannot be read: ${e instanceof Error ? e.message : String(e)}`, { path: [...at, 'csv', 'path'], value: c.path, cause: e });
    }
    if (typeof text !== 'string') throw new OptionError('data', 'csv', `path ${describeValue(c.path)}: the reader returned ${describeValue(text)}, not text`, { path: [...at, 'csv', 'path'], value: c.path });
  }
  const name = c.fileName ?? c.path?.replace(/^.*[\\/]/, '') ?? 'data.csv';
  return parseCsv(text, { targetColumn: c.target, featureColumns: c.features ? [...c.features] : undefined, task: c.task, delimiter: c.delimiter, name });
}

/** The data a spec describes, split (and standardized) as the spec says: what training uses. */
export function loadData(spec: DataSpec, o: LoadDataOptions = {}): LoadedData {
  const all = loadDataset(spec, o);
  const seed = spec.seed ?? o.seed ?? 0;
  const testFraction = spec.testFraction ?? 0.2;
  let train = all;
  let test: Dataset | null = null;
  if (testFraction > 0) {
    if (numSamples(all) < 2) throw new OptionError('data', 'testFraction', `needs at least 2 rows to split off a test set, but '${all.name}' has ${numSamples(all)}; set it to 0`, { path: [...(o.at ?? ['data']), 'testFraction'] });
    const split = trainTestSplit(all, { testFraction, seed, stratify: all.task !== 'regression' });
    train = split.train;
    test = split.test;
  }
  if (spec.standardize) {
    // Fitted on the training rows only, so nothing about the test rows leaks into training.
    const s = standardize(train);
    train = s.applyDataset(train);
    test = test ? s.applyDataset(test) : null;
  }
  const classes = all.task === 'regression' ? 0 : (all.numClasses ?? 2);
  return { train, test, all, task: all.task, features: all.x.shape[1], classes };
}
