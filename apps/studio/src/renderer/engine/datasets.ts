import { Rng } from '@descent/core-tensor';
import type { DataConfig, Task } from '@shared/model-spec.js';

// Adapter for @descent/data (presets, CSV parser, train/test split). Switch to the library's exports when
// libs/data/src/index.ts provides them; the shapes below are what the studio needs from it.

export interface PresetInfo {
  id: string;
  label: string;
  task: Task;
  inputDim: number;
  classes: number; // 0 for regression
  description: string;
}

export const PRESETS: PresetInfo[] = [
  { id: 'circles', label: 'Circles', task: 'binary', inputDim: 2, classes: 2, description: 'A disc inside a ring: not linearly separable.' },
  { id: 'xor', label: 'XOR', task: 'binary', inputDim: 2, classes: 2, description: 'Four quadrants, opposite corners share a class.' },
  { id: 'moons', label: 'Two moons', task: 'binary', inputDim: 2, classes: 2, description: 'Two interleaving half circles.' },
  { id: 'gaussians', label: 'Gaussian blobs', task: 'binary', inputDim: 2, classes: 2, description: 'Two Gaussian clusters: linearly separable.' },
  { id: 'spiral', label: 'Spiral (3 classes)', task: 'multiclass', inputDim: 2, classes: 3, description: 'Three interleaved spiral arms.' },
  { id: 'sine', label: 'Sine wave', task: 'regression', inputDim: 1, classes: 0, description: 'y = sin(x) on [-π, π] plus noise.' },
  { id: 'linear', label: 'Linear', task: 'regression', inputDim: 1, classes: 0, description: 'y = 0.8x + 0.3 plus noise.' },
  { id: 'cubic', label: 'Cubic', task: 'regression', inputDim: 1, classes: 0, description: 'y = x³ − x plus noise.' },
];

export function presetInfo(id: string): PresetInfo {
  const p = PRESETS.find((q) => q.id === id);
  if (!p) throw new Error(`Unknown dataset preset "${id}" (known: ${PRESETS.map((q) => q.id).join(', ')})`);
  return p;
}

/** Row-major samples: x has n·inputDim values; y has n values (label, class index or regression target). */
export interface Dataset {
  task: Task;
  inputDim: number;
  outputDim: number;
  classes: number;
  n: number;
  x: Float64Array;
  y: Float64Array;
  featureNames: string[];
  targetName: string;
}

export interface Split {
  train: Dataset;
  test: Dataset;
}

function generatePreset(id: string, n: number, noise: number, seed: number): Dataset {
  const info = presetInfo(id);
  const rng = new Rng(seed);
  const x = new Float64Array(n * info.inputDim);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    let label = 0;
    switch (id) {
      case 'circles': {
        label = i % 2;
        const r = label === 1 ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1);
        const t = rng.uniform(0, 2 * Math.PI);
        a = r * Math.cos(t) + rng.normal(0, noise * 0.3);
        b = r * Math.sin(t) + rng.normal(0, noise * 0.3);
        break;
      }
      case 'xor': {
        a = rng.uniform(-1, 1);
        b = rng.uniform(-1, 1);
        label = a * b >= 0 ? 1 : 0;
        a += rng.normal(0, noise * 0.3);
        b += rng.normal(0, noise * 0.3);
        break;
      }
      case 'moons': {
        label = i % 2;
        const t = rng.uniform(0, Math.PI);
        a = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
        b = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
        a = (a - 0.5) * 0.9 + rng.normal(0, noise * 0.3);
        b = (b - 0.25) * 0.9 + rng.normal(0, noise * 0.3);
        break;
      }
      case 'gaussians': {
        label = i % 2;
        const c = label === 1 ? 0.45 : -0.45;
        a = c + rng.normal(0, 0.15 + noise * 0.3);
        b = c + rng.normal(0, 0.15 + noise * 0.3);
        break;
      }
      case 'spiral': {
        label = i % 3;
        const r = rng.uniform(0.05, 1);
        const t = label * ((2 * Math.PI) / 3) + r * 4 + rng.normal(0, 0.15 + noise);
        a = r * Math.cos(t);
        b = r * Math.sin(t);
        break;
      }
      case 'sine': {
        a = rng.uniform(-Math.PI, Math.PI);
        label = Math.sin(a) + rng.normal(0, noise * 0.5);
        break;
      }
      case 'linear': {
        a = rng.uniform(-1, 1);
        label = 0.8 * a + 0.3 + rng.normal(0, noise * 0.5);
        break;
      }
      case 'cubic': {
        a = rng.uniform(-1.5, 1.5);
        label = a * a * a - a + rng.normal(0, noise * 0.5);
        break;
      }
    }
    x[i * info.inputDim] = a;
    if (info.inputDim > 1) x[i * info.inputDim + 1] = b;
    y[i] = label;
  }
  return {
    task: info.task,
    inputDim: info.inputDim,
    outputDim: outputDimFor(info.task, info.classes),
    classes: info.classes,
    n,
    x,
    y,
    featureNames: info.inputDim === 1 ? ['x'] : ['x₁', 'x₂'],
    targetName: info.task === 'regression' ? 'y' : 'class',
  };
}

export function outputDimFor(task: Task, classes: number): number {
  return task === 'multiclass' ? classes : 1;
}

/** The shape a model must have for this data configuration, without generating samples. */
export function dataShape(cfg: DataConfig): { inputDim: number; outputDim: number; task: Task; classes: number } {
  if (cfg.source === 'csv' && cfg.csv) {
    const classes = cfg.csv.task === 'regression' ? 0 : countClasses(cfg.csv.table.rows.map((r) => r[cfg.csv!.target]));
    return { inputDim: cfg.csv.features.length, outputDim: outputDimFor(cfg.csv.task, classes), task: cfg.csv.task, classes };
  }
  const p = presetInfo(cfg.preset);
  return { inputDim: p.inputDim, outputDim: outputDimFor(p.task, p.classes), task: p.task, classes: p.classes };
}

function countClasses(values: number[]): number {
  return new Set(values).size;
}

function fromCsv(cfg: NonNullable<DataConfig['csv']>): Dataset {
  const { table, features, target, task } = cfg;
  const n = table.rows.length;
  const x = new Float64Array(n * features.length);
  const y = new Float64Array(n);
  // Class labels are mapped to 0..K-1 in sorted order so any integer coding works.
  const labels = [...new Set(table.rows.map((r) => r[target]))].sort((a, b) => a - b);
  const index = new Map(labels.map((l, i) => [l, i]));
  table.rows.forEach((row, i) => {
    features.forEach((f, j) => (x[i * features.length + j] = row[f]));
    y[i] = task === 'regression' ? row[target] : index.get(row[target])!;
  });
  const classes = task === 'regression' ? 0 : labels.length;
  return {
    task,
    inputDim: features.length,
    outputDim: outputDimFor(task, classes),
    classes,
    n,
    x,
    y,
    featureNames: features.map((f) => table.headers[f]),
    targetName: table.headers[target],
  };
}

export function makeDataset(cfg: DataConfig): Dataset {
  if (cfg.source === 'csv') {
    if (!cfg.csv) throw new Error('CSV data source has no table');
    return fromCsv(cfg.csv);
  }
  return generatePreset(cfg.preset, cfg.samples, cfg.noise, cfg.seed);
}

function subset(d: Dataset, idx: ArrayLike<number>): Dataset {
  const x = new Float64Array(idx.length * d.inputDim);
  const y = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const s = idx[i];
    for (let j = 0; j < d.inputDim; j++) x[i * d.inputDim + j] = d.x[s * d.inputDim + j];
    y[i] = d.y[s];
  }
  return { ...d, n: idx.length, x, y };
}

/** Seeded shuffle, then the first (1 - testFraction) go to train. */
export function trainTestSplit(d: Dataset, testFraction: number, seed: number): Split {
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`testFraction must be in [0, 1), got ${testFraction}`);
  const perm = new Rng(seed + 7919).permutation(d.n);
  const nTest = Math.round(d.n * testFraction);
  const nTrain = d.n - nTest;
  if (nTrain < 1) throw new Error(`train split is empty (${d.n} samples, testFraction ${testFraction})`);
  return { train: subset(d, perm.subarray(0, nTrain)), test: subset(d, perm.subarray(nTrain)) };
}

export function makeSplit(cfg: DataConfig): Split {
  return trainTestSplit(makeDataset(cfg), cfg.testFraction, cfg.seed);
}

// ---------------------------------------------------------------------------------------------- CSV

export interface ParsedCsv {
  headers: string[];
  rows: number[][];
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Parse a numeric CSV with a header row. Errors name the line and column so a person can fix the file. */
export function parseCsv(text: string, maxRows = 100_000): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new Error('The file is empty.');
  const headers = splitCsvLine(lines[0]);
  if (headers.length < 2) throw new Error('Line 1: expected a header row with at least 2 comma-separated columns (features and a target).');
  const dup = headers.find((h, i) => headers.indexOf(h) !== i);
  if (dup !== undefined) throw new Error(`Line 1: column name "${dup}" appears twice.`);
  if (headers.every((h) => h !== '' && Number.isFinite(Number(h))))
    throw new Error('Line 1: the first row must name the columns, but it contains only numbers.');
  const rows: number[][] = [];
  for (let li = 1; li < lines.length; li++) {
    if (lines[li].trim() === '') continue;
    let cells: string[];
    try {
      cells = splitCsvLine(lines[li]);
    } catch (e) {
      throw new Error(`Line ${li + 1}: ${(e as Error).message}.`);
    }
    if (cells.length !== headers.length)
      throw new Error(`Line ${li + 1}: expected ${headers.length} values (like the header) but found ${cells.length}.`);
    const row = cells.map((c, ci) => {
      const v = c === '' ? NaN : Number(c);
      if (!Number.isFinite(v)) throw new Error(`Line ${li + 1}, column "${headers[ci]}": "${c}" is not a number.`);
      return v;
    });
    rows.push(row);
    if (rows.length > maxRows) throw new Error(`The file has more than ${maxRows} rows.`);
  }
  if (rows.length < 4) throw new Error(`The file has ${rows.length} data row(s); at least 4 are needed to train and test.`);
  return { headers, rows };
}

/** Few distinct integer values → classification; otherwise regression. */
export function guessTask(values: number[]): Task {
  const distinct = new Set(values);
  const integers = values.every((v) => Number.isInteger(v));
  if (integers && distinct.size === 2) return 'binary';
  if (integers && distinct.size > 2 && distinct.size <= 10) return 'multiclass';
  return 'regression';
}
