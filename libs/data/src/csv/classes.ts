import type { Task } from '../dataset.js';
import { parseNumber } from './table.js';

/** Above this many distinct values a target is almost surely not a class column (e.g. an id or a measurement). */
export const MAX_CLASSES = 1000;

/**
 * Class keys of raw target strings. When every value is a number the key is the number's canonical
 * text ('1.0' and '1' are the same class) so classes sort numerically; otherwise the trimmed text.
 */
export function classKeys(values: readonly string[]): { keys: string[]; numeric: boolean } {
  const numeric = values.length > 0 && values.every((v) => parseNumber(v).ok);
  const keys = values.map((v) => (numeric ? String(Number(v.trim())) : v.trim()));
  return { keys, numeric };
}

/**
 * Class names in SORTED order (numeric order for numeric labels, otherwise by UTF-16 code units,
 * which is locale independent), so the mapping does not depend on which row comes first.
 */
export function sortedClasses(keys: readonly string[], numeric: boolean): string[] {
  const distinct = [...new Set(keys)];
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A target column of numbers: more than half of its cells that are neither empty nor NaN/±Infinity are
 * numbers. In such a column a text cell ("abc", "n/a") is a bad value, not one more class.
 */
export function isNumericColumn(values: readonly string[]): boolean {
  let numbers = 0, other = 0;
  for (const v of values) {
    const r = parseNumber(v);
    if (r.ok) numbers++;
    else if (r.reason === 'non-numeric') other++;
  }
  return numbers > other;
}

/**
 * The cells of a target column a task can be inferred from: not empty, not NaN/±Infinity, and numbers only
 * in a column of numbers (see `isNumericColumn`). The others are reported by parseCsv with their line.
 */
export function usableTargets(values: readonly string[]): string[] {
  const numericColumn = isNumericColumn(values);
  return values.filter((v) => {
    const r = parseNumber(v);
    return r.ok || (r.reason === 'non-numeric' && !numericColumn);
  });
}

/**
 * The task a target column suggests: 'regression' for numbers other than just {0, 1},
 * 'binary' for two classes (or numeric 0/1), 'multiclass' for more than two non-numeric classes.
 * Integer codes like 0/1/2 are read as regression: pass `task: 'multiclass'` to treat them as classes.
 * Empty and NaN/±Infinity cells, and text among numbers, are not counted as classes (see `usableTargets`).
 */
export function inferTask(values: readonly string[]): Task {
  const { keys, numeric } = classKeys(usableTargets(values));
  const distinct = new Set(keys);
  if (numeric) return distinct.size === 2 && distinct.has('0') && distinct.has('1') ? 'binary' : 'regression';
  return distinct.size === 2 ? 'binary' : 'multiclass';
}
