import type { Dataset, Task } from '../dataset.js';
import { classificationDataset, regressionDataset } from '../dataset.js';
import { describe } from '../validate.js';
import { CsvError, ProblemList, fileProblem } from './errors.js';
import { readTable, parseNumber, type RawRow } from './table.js';
import { MAX_CLASSES, classKeys, inferTask, sortedClasses } from './classes.js';

export interface ParseCsvOptions {
  /** Column holding the target (class label or regression value). */
  targetColumn: string;
  /** Feature columns by name, in this order. Default: every column except the target. */
  featureColumns?: readonly string[];
  /** Default: inferred from the target column (see `inferTask`). */
  task?: Task;
  /** Multiclass target layout: one-hot [n, k] (default) or the class index in one column [n, 1]. */
  labels?: 'onehot' | 'index';
  /** Dataset name (default 'csv'). */
  name?: string;
  /** Field delimiter (default: detected among , ; tab and |). */
  delimiter?: string;
  /** At most this many problems are listed in the thrown CsvError (default 10). */
  maxErrors?: number;
}

const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];

/**
 * Parses CSV text (header row required) into a Dataset. Features must be finite decimal numbers.
 * Class labels map to indices in sorted order (see `sortedClasses`). Nothing is dropped silently:
 * a row with the wrong field count, an empty, non-numeric or non-finite value, or broken quotes
 * makes the whole parse throw a CsvError listing the problems with their line numbers.
 */
export function parseCsv(text: string, options: ParseCsvOptions): Dataset {
  const o = checkOptions(options);
  const table = readTable(text, o.delimiter);
  const { header, headerLine, rows } = table;
  if (rows.length === 0) throw new CsvError([fileProblem('no-data', 'the CSV has a header but no data rows', headerLine)]);

  const available = `available columns: ${header.map((h) => JSON.stringify(h)).join(', ')}`;
  const missing = [o.targetColumn, ...(o.featureColumns ?? [])].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    const list = [...new Set(missing)].map((m) => JSON.stringify(m)).join(', ');
    throw new CsvError([fileProblem('missing-column', `no column named ${list}; ${available}`, headerLine)]);
  }
  const featureColumns = o.featureColumns ?? header.filter((h) => h !== o.targetColumn);
  if (featureColumns.includes(o.targetColumn)) {
    throw new Error(`parseCsv: column ${JSON.stringify(o.targetColumn)} is both the target and a feature`);
  }
  if (featureColumns.length === 0) throw new Error(`parseCsv: no feature columns (the file has only the target column)`);
  const featureIdx = featureColumns.map((c) => header.indexOf(c));
  const targetIdx = header.indexOf(o.targetColumn);

  // Pass 1: rows with sound structure give the target values the task is inferred from.
  const structureError = (row: RawRow): string | null =>
    row.quoteError ? row.quoteError.toLowerCase()
      : row.fields.length !== header.length ? `expected ${header.length} fields, got ${row.fields.length}` : null;
  const targets = rows.filter((r) => structureError(r) === null).map((r) => r.fields[targetIdx]);
  const task = o.task ?? inferTask(targets);

  // Pass 2, in line order so the listed problems read top to bottom.
  const n = rows.length;
  const d = featureColumns.length;
  const x = new Float64Array(n * d);
  const yValues = new Float64Array(n);
  const problems = new ProblemList(o.maxErrors);
  rows.forEach((row, i) => {
    const bad = structureError(row);
    if (bad !== null) {
      problems.add({ line: row.line, reason: row.quoteError ? 'quotes' : 'field-count', text: bad });
      return;
    }
    for (let j = 0; j < d; j++) {
      const col = featureColumns[j];
      const raw = row.fields[featureIdx[j]];
      const r = parseNumber(raw);
      if (r.ok) x[i * d + j] = r.value;
      else problems.add({ line: row.line, reason: r.reason, column: col, value: raw, text: numberText(r.reason, raw, col) });
    }
    const raw = row.fields[targetIdx];
    const col = o.targetColumn;
    if (task === 'regression') {
      const r = parseNumber(raw);
      if (r.ok) yValues[i] = r.value;
      else problems.add({ line: row.line, reason: r.reason, column: col, value: raw, text: numberText(r.reason, raw, col) });
    } else if (raw.trim() === '') {
      problems.add({ line: row.line, reason: 'empty-value', column: col, value: raw, text: numberText('empty-value', raw, col) });
    }
  });
  problems.throwIfAny();

  if (task === 'regression') {
    return regressionDataset({
      name: o.name, x, features: d, y: yValues, outputs: 1, featureNames: featureColumns, targetNames: [o.targetColumn],
    });
  }
  const { keys, numeric } = classKeys(targets);
  const classNames = sortedClasses(keys, numeric);
  const col = JSON.stringify(o.targetColumn);
  if (task === 'binary' && classNames.length !== 2) {
    throw new CsvError([fileProblem('classes', `task 'binary' needs exactly 2 classes in column ${col}, found ${classNames.length}: ${preview(classNames)}`, headerLine)]);
  }
  if (task === 'multiclass' && (classNames.length < 2 || classNames.length > MAX_CLASSES)) {
    throw new CsvError([fileProblem('classes', `task 'multiclass' needs 2 to ${MAX_CLASSES} classes in column ${col}, found ${classNames.length}: ${preview(classNames)}`, headerLine)]);
  }
  const index = new Map(classNames.map((c, k) => [c, k]));
  const labels = Int32Array.from(keys, (k) => index.get(k)!);
  return classificationDataset({
    name: o.name, task, x, features: d, labels, classNames, featureNames: featureColumns, encoding: o.labels,
  });
}

function preview(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
  return names.length > 5 ? `${shown}, …` : shown;
}

function numberText(reason: 'empty-value' | 'non-numeric' | 'non-finite', raw: string, col: string): string {
  const c = JSON.stringify(col);
  if (reason === 'empty-value') return `empty value in column ${c}`;
  if (reason === 'non-finite') return `non-finite value ${JSON.stringify(raw.trim())} in column ${c}`;
  return `non-numeric value ${JSON.stringify(raw.trim())} in column ${c}`;
}

function checkOptions(options: ParseCsvOptions) {
  if (!options || typeof options !== 'object') throw new Error(`parseCsv: options with a targetColumn are required, got ${describe(options)}`);
  const { targetColumn, featureColumns, task, labels = 'onehot', name = 'csv', delimiter, maxErrors = 10 } = options;
  if (typeof targetColumn !== 'string' || targetColumn === '') throw new Error(`parseCsv: targetColumn must be a column name, got ${describe(targetColumn)}`);
  if (featureColumns !== undefined) {
    if (!Array.isArray(featureColumns) || featureColumns.some((c) => typeof c !== 'string')) {
      throw new Error(`parseCsv: featureColumns must be an array of column names, got ${describe(featureColumns)}`);
    }
    const dup = featureColumns.find((c, i) => featureColumns.indexOf(c) !== i);
    if (dup !== undefined) throw new Error(`parseCsv: featureColumns lists ${JSON.stringify(dup)} twice`);
  }
  if (task !== undefined && !TASKS.includes(task)) throw new Error(`parseCsv: task must be one of ${TASKS.join(', ')}, got ${describe(task)}`);
  if (labels !== 'onehot' && labels !== 'index') throw new Error(`parseCsv: labels must be 'onehot' or 'index', got ${describe(labels)}`);
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')) {
    throw new Error(`parseCsv: delimiter must be one character other than a quote or newline, got ${describe(delimiter)}`);
  }
  if (!Number.isInteger(maxErrors) || maxErrors < 1) throw new Error(`parseCsv: maxErrors must be a positive integer, got ${describe(maxErrors)}`);
  return { targetColumn, featureColumns, task, labels, name, delimiter, maxErrors };
}
