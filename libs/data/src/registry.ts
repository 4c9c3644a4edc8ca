import { OptionError, Rng, checkOption, describeValue, type OptionMeta } from '@descent/core-tensor';
import type { Dataset, Task } from './dataset.js';
import { generateXor } from './generators/xor.js';
import { generateCircles } from './generators/circles.js';
import { generateSpirals } from './generators/spirals.js';
import { generateMoons } from './generators/moons.js';
import { generateBlobs } from './generators/blobs.js';
import { generateLinear, generateSine } from './generators/regression.js';
import { loadIris } from './iris.js';
import { generateDigits } from './generators/digits.js';

export type DatasetId = 'xor' | 'circles' | 'spirals' | 'moons' | 'blobs' | 'linear' | 'sine' | 'iris' | 'digits';

/** One numeric option of a preset (the shared OptionMeta, plus a label and a form step); `makeDataset` rejects values outside [min, max]. */
export interface ParameterSpec extends OptionMeta {
  readonly kind: 'number' | 'integer';
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly integer: boolean;
}

export interface DatasetPreset {
  readonly id: DatasetId;
  readonly title: string;
  readonly description: string;
  readonly task: Task;
  /** Number of features (columns of x). */
  readonly inputDim: number;
  /** Columns of y = model outputs: 1 for binary and regression, k for multiclass (for the default parameters; blobs uses k). */
  readonly outputDim: number;
  readonly defaultN: number;
  /** null when the data set has no noise option (Iris). */
  readonly defaultNoise: number | null;
  /** Every option `makeDataset` accepts besides `seed` (n and noise included when supported). */
  readonly parameters: readonly ParameterSpec[];
  /** False for fixed data (Iris): n and noise are not options. */
  readonly synthetic: boolean;
}

/** Options for `makeDataset`: n, noise, seed and the preset's own parameters (e.g. `k` for blobs). */
export interface MakeDatasetOptions {
  n?: number;
  noise?: number;
  /** Integer seed (default 0); the same seed gives the same data in Node and browsers. */
  seed?: number;
  [parameter: string]: number | undefined;
}

/** Largest n a generator accepts (keeps an accidental 1e9 from freezing a tab). */
export const MAX_SAMPLES = 100_000;

type Param = Omit<ParameterSpec, 'kind'>;
const param = (p: Param): ParameterSpec => ({ ...p, kind: p.integer ? 'integer' : 'number' });
const nSpec = (def: number): ParameterSpec => param({
  name: 'n', label: 'Samples', description: 'Number of samples', default: def, min: 1, max: MAX_SAMPLES, step: 1, integer: true,
});
const noiseSpec = (def: number, max: number): ParameterSpec => param({
  name: 'noise', label: 'Noise', description: 'Standard deviation of the Gaussian noise', default: def, min: 0, max, step: 0.01, integer: false,
});
/** The generator seed, an option of every preset. */
export const SEED_OPTION: OptionMeta = { name: 'seed', kind: 'integer', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: 'Seed of the generator: the same seed gives the same data everywhere.' };

interface Entry {
  preset: DatasetPreset;
  make(n: number, noise: number, rng: Rng, p: Record<string, number>): Dataset;
}

function synthetic(
  base: Omit<DatasetPreset, 'parameters' | 'synthetic'>,
  extra: Param[],
  make: Entry['make'],
): Entry {
  const parameters = [nSpec(base.defaultN), noiseSpec(base.defaultNoise ?? 0, 2), ...extra.map(param)];
  return { preset: { ...base, parameters, synthetic: true }, make };
}

const ENTRIES: readonly Entry[] = [
  synthetic(
    { id: 'xor', title: 'XOR', description: 'Label 1 where the signs of x1 and x2 differ; not linearly separable.', task: 'binary', inputDim: 2, outputDim: 1, defaultN: 200, defaultNoise: 0.1 },
    [],
    (n, noise, rng) => generateXor(n, noise, rng),
  ),
  synthetic(
    { id: 'circles', title: 'Circles', description: 'An inner circle (class 1) inside an outer ring (class 0).', task: 'binary', inputDim: 2, outputDim: 1, defaultN: 200, defaultNoise: 0.05 },
    [{ name: 'factor', label: 'Inner radius', description: 'Radius of the inner circle (outer radius is 1)', default: 0.5, min: 0.1, max: 0.9, step: 0.05, integer: false }],
    (n, noise, rng, p) => generateCircles(n, noise, rng, p.factor),
  ),
  synthetic(
    { id: 'spirals', title: 'Two spirals', description: 'Two interleaved spiral arms, half a turn apart.', task: 'binary', inputDim: 2, outputDim: 1, defaultN: 300, defaultNoise: 0.02 },
    [{ name: 'turns', label: 'Turns', description: 'How many times each arm winds around the origin', default: 1.5, min: 0.25, max: 4, step: 0.25, integer: false }],
    (n, noise, rng, p) => generateSpirals(n, noise, rng, p.turns),
  ),
  synthetic(
    { id: 'moons', title: 'Moons', description: 'Two interleaving half circles.', task: 'binary', inputDim: 2, outputDim: 1, defaultN: 200, defaultNoise: 0.1 },
    [],
    (n, noise, rng) => generateMoons(n, noise, rng),
  ),
  synthetic(
    { id: 'blobs', title: 'Gaussian blobs', description: 'k Gaussian clusters, one class each, centers on a circle of radius 1.5.', task: 'multiclass', inputDim: 2, outputDim: 3, defaultN: 300, defaultNoise: 0.35 },
    [{ name: 'k', label: 'Classes', description: 'Number of blobs (classes)', default: 3, min: 2, max: 8, step: 1, integer: true }],
    (n, noise, rng, p) => generateBlobs(n, noise, rng, p.k),
  ),
  synthetic(
    { id: 'linear', title: 'Linear regression', description: 'y = slope·x + intercept + noise, x in [-1, 1].', task: 'regression', inputDim: 1, outputDim: 1, defaultN: 100, defaultNoise: 0.1 },
    [
      { name: 'slope', label: 'Slope', description: 'True slope', default: 2, min: -5, max: 5, step: 0.1, integer: false },
      { name: 'intercept', label: 'Intercept', description: 'True intercept', default: 0.5, min: -5, max: 5, step: 0.1, integer: false },
    ],
    (n, noise, rng, p) => generateLinear(n, noise, rng, p.slope, p.intercept),
  ),
  synthetic(
    { id: 'sine', title: 'Sine regression', description: 'y = sin(frequency·x) + noise, x in [-π, π].', task: 'regression', inputDim: 1, outputDim: 1, defaultN: 200, defaultNoise: 0.1 },
    [{ name: 'frequency', label: 'Frequency', description: 'Angular frequency of the sine', default: 1, min: 0.25, max: 5, step: 0.25, integer: false }],
    (n, noise, rng, p) => generateSine(n, noise, rng, p.frequency),
  ),
  synthetic(
    {
      id: 'digits', title: 'Digits (8×8)', description: 'Handwriting-like digits 0–9 as 8×8 grey images (64 pixel features): an MNIST-style task that trains in seconds.',
      task: 'multiclass', inputDim: 64, outputDim: 10, defaultN: 1000, defaultNoise: 0.25,
    },
    [],
    (n, noise, rng) => generateDigits(n, noise, rng),
  ),
  {
    preset: {
      id: 'iris', title: 'Iris', description: "Fisher's Iris flowers: 4 measurements (cm), 3 species, 150 rows.",
      task: 'multiclass', inputDim: 4, outputDim: 3, defaultN: 150, defaultNoise: null, parameters: [], synthetic: false,
    },
    make: () => loadIris(),
  },
];

/** All presets, in display order. */
export const DATASET_PRESETS: readonly DatasetPreset[] = ENTRIES.map((e) => e.preset);

export const DATASET_IDS: readonly DatasetId[] = DATASET_PRESETS.map((p) => p.id);

function entryFor(id: string): Entry {
  const e = ENTRIES.find((x) => x.preset.id === id);
  if (!e) throw new OptionError('dataset', 'preset', `must be one of ${DATASET_IDS.join(', ')}, got ${describeValue(id)}`, { value: id });
  return e;
}

/** Metadata of one preset (throws for an unknown id, listing the valid ones). */
export function getPreset(id: string): DatasetPreset {
  return entryFor(id).preset;
}

/**
 * Builds preset `id`. Missing options take the preset defaults; every option is validated
 * (n a positive integer, noise finite and >= 0, each value within its ParameterSpec range) and an
 * option the preset does not have is an error.
 */
export function makeDataset(id: DatasetId | string, options: MakeDatasetOptions = {}): Dataset {
  const { preset, make } = entryFor(id);
  const owner = preset.id;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new OptionError(owner, null, `options must be an object, got ${describeValue(options)}`, { value: options });
  const metas: readonly OptionMeta[] = [SEED_OPTION, ...preset.parameters];
  for (const key of Object.keys(options)) {
    if (options[key] === undefined) continue;
    if (!metas.some((m) => m.name === key)) {
      const why = !preset.synthetic && (key === 'n' || key === 'noise') ? ` (${preset.title} is a fixed data set of ${preset.defaultN} rows)` : '';
      throw new OptionError(owner, key, `is not an option of ${owner}${why}; valid options: ${metas.map((m) => m.name).join(', ')}`, { value: options[key] });
    }
  }
  const values: Record<string, number> = {};
  for (const m of metas) {
    const raw = options[m.name];
    values[m.name] = raw === undefined ? (m.default as number) : (checkOption(owner, m, raw) as number);
  }
  return make(values.n ?? preset.defaultN, values.noise ?? 0, new Rng(values.seed), values);
}

type GenOptions<P extends string = never> = { n?: number; noise?: number; seed?: number } & { [K in P]?: number };

/** XOR (binary, 2 features); see `makeDataset('xor')`. */
export const makeXor = (o: GenOptions = {}): Dataset => makeDataset('xor', o);
/** Concentric circles (binary, 2 features); `factor` = inner radius. */
export const makeCircles = (o: GenOptions<'factor'> = {}): Dataset => makeDataset('circles', o);
/** Two spirals (binary, 2 features); `turns` = windings per arm. */
export const makeSpirals = (o: GenOptions<'turns'> = {}): Dataset => makeDataset('spirals', o);
/** Two moons (binary, 2 features). */
export const makeMoons = (o: GenOptions = {}): Dataset => makeDataset('moons', o);
/** k Gaussian blobs (multiclass, 2 features, one-hot y). */
export const makeBlobs = (o: GenOptions<'k'> = {}): Dataset => makeDataset('blobs', o);
/** 1-D linear regression. */
export const makeLinear = (o: GenOptions<'slope' | 'intercept'> = {}): Dataset => makeDataset('linear', o);
/** 1-D sine regression. */
export const makeSine = (o: GenOptions<'frequency'> = {}): Dataset => makeDataset('sine', o);
