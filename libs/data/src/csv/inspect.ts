import type { Task } from '../dataset.js';
import { OptionError, describeValue } from '@descent/core-tensor';
import { readTable, parseNumber } from './table.js';
import { inferTask } from './classes.js';

export interface CsvColumnSummary {
  readonly name: string;
  /** Every non-empty value is a finite decimal number (and there is at least one). */
  readonly numeric: boolean;
  /** Distinct non-empty values, counted up to 1001 (1001 means "more than 1000"). */
  readonly distinct: number;
  /** Rows where this column is empty. */
  readonly empty: number;
  /** The task this column suggests as a target (see `inferTask`). */
  readonly suggestedTask: Task;
}

export interface CsvInspection {
  /** The field delimiter (given, or detected among , ; tab and |). */
  readonly delimiter: string;
  readonly header: readonly string[];
  /** The first `maxRows` data rows as raw strings. */
  readonly rows: readonly (readonly string[])[];
  /** Number of non-blank data rows. */
  readonly rowCount: number;
  /** Data rows whose field count differs from the header's (parseCsv would reject them). */
  readonly malformedRows: number;
  readonly columns: readonly CsvColumnSummary[];
  /** Names of the numeric columns, in header order: candidate features. */
  readonly numericColumns: readonly string[];
  /** The last column, the usual place of the target (null for a one-column file). */
  readonly suggestedTarget: string | null;
}

const DISTINCT_CAP = 1001;

/**
 * A lenient first look at a CSV for a column chooser: header, first rows and a per-column guess.
 * Only a missing/invalid header (empty file, empty or duplicate names) throws a CsvError; junk rows
 * are counted, not rejected — `parseCsv` does the strict check.
 */
export function inspectCsv(text: string, options: { maxRows?: number; delimiter?: string } = {}): CsvInspection {
  const { maxRows = 10, delimiter } = options;
  if (!Number.isInteger(maxRows) || maxRows < 0) throw new OptionError('inspectCsv', 'maxRows', `must be a non-negative integer, got ${describeValue(maxRows)}`, { value: maxRows });
  const { header, rows, delimiter: used } = readTable(text, delimiter);
  const sound = rows.filter((r) => !r.quoteError && r.fields.length === header.length);
  const columns = header.map((name, j): CsvColumnSummary => {
    const values = sound.map((r) => r.fields[j]);
    const nonEmpty = values.filter((v) => v.trim() !== '');
    const distinct = new Set<string>();
    for (const v of nonEmpty) {
      if (distinct.size >= DISTINCT_CAP) break;
      distinct.add(v.trim());
    }
    return {
      name,
      numeric: nonEmpty.length > 0 && nonEmpty.every((v) => parseNumber(v).ok),
      distinct: distinct.size,
      empty: values.length - nonEmpty.length,
      suggestedTask: inferTask(nonEmpty),
    };
  });
  return {
    delimiter: used,
    header,
    rows: rows.slice(0, maxRows).map((r) => r.fields),
    rowCount: rows.length,
    malformedRows: rows.length - sound.length,
    columns,
    numericColumns: columns.filter((c) => c.numeric).map((c) => c.name),
    suggestedTarget: header.length > 1 ? header[header.length - 1] : null,
  };
}
