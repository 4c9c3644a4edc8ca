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
 * The task a target column suggests: 'regression' for numbers other than just {0, 1},
 * 'binary' for two classes (or numeric 0/1), 'multiclass' for more than two non-numeric classes.
 * Integer codes like 0/1/2 are read as regression: pass `task: 'multiclass'` to treat them as classes.
 */
export function inferTask(values: readonly string[]): Task {
  const nonEmpty = values.filter((v) => v.trim() !== '');
  const { keys, numeric } = classKeys(nonEmpty);
  const distinct = new Set(keys);
  if (numeric) return distinct.size === 2 && distinct.has('0') && distinct.has('1') ? 'binary' : 'regression';
  return distinct.size === 2 ? 'binary' : 'multiclass';
}
