import {
  DATASET_PRESETS,
  getPreset,
  inspectCsv,
  makeDataset as libMakeDataset,
  numSamples,
  parseCsv,
  trainTestSplit,
  type CsvInspection,
  type Dataset,
  type Split,
} from '@descent/data';
import type { DataConfig, Task } from '@shared/model-spec.js';

// The studio's view of @descent/data: presets, building the configured dataset and its train/test split,
// CSV inspection (column chooser) and strict parsing (errors with line numbers).

export type { Dataset, Split, CsvInspection };

export interface PresetInfo {
  id: string;
  label: string;
  task: Task;
  inputDim: number;
  classes: number; // 0 for regression
  description: string;
  /** false for fixed data (Iris): no sample count or noise */
  synthetic: boolean;
  defaultN: number;
  defaultNoise: number;
  maxSamples: number;
  maxNoise: number;
}

export const PRESETS: PresetInfo[] = DATASET_PRESETS.map((p) => {
  const n = p.parameters.find((q) => q.name === 'n');
  const noise = p.parameters.find((q) => q.name === 'noise');
  return {
    id: p.id,
    label: p.title,
    task: p.task,
    inputDim: p.inputDim,
    classes: p.task === 'regression' ? 0 : p.task === 'binary' ? 2 : p.outputDim,
    description: p.description,
    synthetic: p.synthetic,
    defaultN: p.defaultN,
    defaultNoise: p.defaultNoise ?? 0,
    maxSamples: Math.min(n?.max ?? p.defaultN, 2000),
    maxNoise: Math.min(noise?.max ?? 0, 1),
  };
});

export function presetInfo(id: string): PresetInfo {
  getPreset(id); // throws naming the valid ids
  return PRESETS.find((p) => p.id === id)!;
}

export function outputDimFor(task: Task, classes: number): number {
  return task === 'multiclass' ? classes : 1;
}

// Parsing a CSV is the only costly step here; the same text is parsed for the shape, the preview and the run.
const csvCache = new Map<string, Dataset>();
function csvDataset(c: NonNullable<DataConfig['csv']>): Dataset {
  const key = JSON.stringify([c.fileName, c.features, c.target, c.task, c.text.length, c.text.slice(0, 200), c.text.slice(-200)]);
  let ds = csvCache.get(key);
  if (!ds) {
    ds = parseCsv(c.text, { targetColumn: c.target, featureColumns: c.features, task: c.task, name: c.fileName });
    if (csvCache.size > 4) csvCache.delete(csvCache.keys().next().value!);
    csvCache.set(key, ds);
  }
  return ds;
}

export function makeDataset(cfg: DataConfig): Dataset {
  if (cfg.source === 'csv') {
    if (!cfg.csv) throw new Error('CSV data source has no file');
    return csvDataset(cfg.csv);
  }
  const p = presetInfo(cfg.preset);
  return p.synthetic ? libMakeDataset(cfg.preset, { n: cfg.samples, noise: cfg.noise, seed: cfg.seed }) : libMakeDataset(cfg.preset, { seed: cfg.seed });
}

/** The shape a model must have for this data configuration. */
export function dataShape(cfg: DataConfig): { inputDim: number; outputDim: number; task: Task; classes: number } {
  if (cfg.source === 'csv' && cfg.csv) {
    const ds = csvDataset(cfg.csv);
    const classes = ds.task === 'regression' ? 0 : (ds.numClasses ?? 2);
    return { inputDim: ds.x.shape[1], outputDim: ds.task === 'regression' ? ds.y.shape[1] : outputDimFor(ds.task, classes), task: ds.task, classes };
  }
  const p = presetInfo(cfg.preset);
  return { inputDim: p.inputDim, outputDim: outputDimFor(p.task, p.classes), task: p.task, classes: p.classes };
}

export function makeSplit(cfg: DataConfig): Split {
  const ds = makeDataset(cfg);
  return trainTestSplit(ds, { testFraction: cfg.testFraction, seed: cfg.seed, stratify: ds.task !== 'regression' });
}

/** Samples of a dataset as flat arrays for charts: features row-major, target = class index or value. */
export interface Points {
  x: Float64Array;
  y: Float64Array;
  n: number;
  dim: number;
}
export function pointsOf(ds: Dataset): Points {
  const n = numSamples(ds);
  const dim = ds.x.shape[1];
  const x = Float64Array.from(ds.x.data as ArrayLike<number>);
  const y = ds.labels ? Float64Array.from(ds.labels) : Float64Array.from({ length: n }, (_, i) => Number(ds.y.data[i * ds.y.shape[1]]));
  return { x, y, n, dim };
}

/** A first look at a CSV for the column chooser; throws with a readable message for an unusable file. */
export function inspect(text: string): CsvInspection {
  return inspectCsv(text, { maxRows: 5 });
}

/** Strict parse with the chosen columns, so errors surface at import time, not when training starts. */
export function checkCsv(c: NonNullable<DataConfig['csv']>): Dataset {
  return csvDataset(c);
}
