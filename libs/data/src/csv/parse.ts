import { OptionError, describeValue } from '@descent/core-tensor';
import type { Dataset, Task } from '../dataset.js';
import { classificationDataset, regressionDataset } from '../dataset.js';
import { CsvError, ProblemList, fileProblem, quoteCell } from './errors.js';
import { readTable, parseNumber, type RawRow } from './table.js';
import { MAX_CLASSES, classKeys, inferTask, isNumericColumn, sortedClasses } from './classes.js';

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

  const available = `available columns: ${quoteList(header)}`;
  const missing = [o.targetColumn, ...(o.featureColumns ?? [])].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CsvError([fileProblem('missing-column', `no column named ${quoteList([...new Set(missing)])}; ${available}`, headerLine)]);
  }
  const featureColumns = o.featureColumns ?? header.filter((h) => h !== o.targetColumn);
  if (featureColumns.includes(o.targetColumn)) {
    throw new OptionError('parseCsv', 'featureColumns', `lists ${quoteCell(o.targetColumn)}, the target column: a column cannot be both the target and a feature`, { value: o.targetColumn });
  }
  if (featureColumns.length === 0) throw new OptionError('parseCsv', 'featureColumns', 'is empty: the file has only the target column', { value: featureColumns });
  const featureIdx = featureColumns.map((c) => header.indexOf(c));
  const targetIdx = header.indexOf(o.targetColumn);

  // Pass 1: rows with sound structure give the target values the task is inferred from.
  const structureError = (row: RawRow): string | null =>
    row.quoteError ? row.quoteError.toLowerCase()
      : row.fields.length !== header.length ? `expected ${header.length} fields, got ${row.fields.length}` : null;
  const targets = rows.filter((r) => structureError(r) === null).map((r) => r.fields[targetIdx]);
  const task = o.task ?? inferTask(targets);
  // An inferred class column of numbers (0/1 with a stray "abc") reports the text cell instead of counting it as a class.
  const numericTargets = o.task === undefined && isNumericColumn(targets);

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
    } else {
      // A class label may be any text, but never empty, NaN or ±Infinity (nor text among numbers, when inferred).
      const r = parseNumber(raw);
      if (!r.ok && (r.reason !== 'non-numeric' || numericTargets)) {
        const why = r.reason === 'non-numeric' ? ' (the other target values are numbers)' : '';
        problems.add({ line: row.line, reason: r.reason, column: col, value: raw, text: `${numberText(r.reason, raw, col)}${why}` });
      }
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
  const col = quoteCell(o.targetColumn);
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

/** Column names or class labels in a message: each cut short, at most `max` of them. */
function quoteList(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).map(quoteCell).join(', ');
  return names.length > max ? `${shown}, … (${names.length} in all)` : shown;
}

const preview = (names: readonly string[]): string => quoteList(names, 5);

function numberText(reason: 'empty-value' | 'non-numeric' | 'non-finite', raw: string, col: string): string {
  const c = quoteCell(col);
  if (reason === 'empty-value') return `empty value in column ${c}`;
  if (reason === 'non-finite') return `non-finite value ${quoteCell(raw.trim())} in column ${c}`;
  return `non-numeric value ${quoteCell(raw.trim())} in column ${c}`;
}

function checkOptions(options: ParseCsvOptions) {
  const fail = (option: string | null, reason: string, value: unknown): never => {
    throw new OptionError('parseCsv', option, reason, { value });
  };
  if (!options || typeof options !== 'object') fail(null, `options with a targetColumn are required, got ${describeValue(options)}`, options);
  const { targetColumn, featureColumns, task, labels = 'onehot', name = 'csv', delimiter, maxErrors = 10 } = options;
  if (typeof targetColumn !== 'string' || targetColumn === '') fail('targetColumn', `must be a column name, got ${describeValue(targetColumn)}`, targetColumn);
  if (featureColumns !== undefined) {
    if (!Array.isArray(featureColumns) || featureColumns.some((c) => typeof c !== 'string')) {
      fail('featureColumns', `must be an array of column names, got ${describeValue(featureColumns)}`, featureColumns);
    }
    const dup = featureColumns!.find((c, i) => featureColumns!.indexOf(c) !== i);
    if (dup !== undefined) fail('featureColumns', `lists ${quoteCell(dup)} twice`, featureColumns);
  }
  if (task !== undefined && !TASKS.includes(task)) fail('task', `must be one of ${TASKS.join(', ')}, got ${describeValue(task)}`, task);
  if (labels !== 'onehot' && labels !== 'index') fail('labels', `must be 'onehot' or 'index', got ${describeValue(labels)}`, labels);
  if (typeof name !== 'string') fail('name', `must be a string, got ${describeValue(name)}`, name);
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')) {
    fail('delimiter', `must be one character other than a quote or newline, got ${describeValue(delimiter)}`, delimiter);
  }
  if (!Number.isInteger(maxErrors) || maxErrors < 1) fail('maxErrors', `must be a positive integer, got ${describeValue(maxErrors)}`, maxErrors);
  return { targetColumn, featureColumns, task, labels, name, delimiter, maxErrors };
}
