import Papa from 'papaparse';
import { CsvError, fileProblem } from './errors.js';

export interface RawRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
  /** Quote errors papaparse reported for this row. */
  quoteError?: string;
}

export interface RawTable {
  header: string[];
  headerLine: number;
  rows: RawRow[];
}

/**
 * Splits CSV text into a trimmed header and raw rows with their starting line numbers.
 * Line endings are normalized first (papaparse picks one newline style per file, so a file mixing
 * CRLF and LF would otherwise merge rows). Blank lines are skipped, never counted as rows.
 */
export function readTable(text: string, delimiter: string): RawTable {
  if (typeof text !== 'string') throw new Error(`CSV text must be a string, got ${typeof text}`);
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (src.trim() === '') throw new CsvError([fileProblem('empty-file', 'the CSV file is empty')]);

  const rows: RawRow[] = [];
  let start = 0; // offset where the current row begins
  let scanned = 0; // offset up to which newlines have been counted
  let line = 1;
  Papa.parse<string[]>(src, {
    delimiter,
    newline: '\n',
    skipEmptyLines: false,
    step: (res) => {
      for (; scanned < start; scanned++) if (src.charCodeAt(scanned) === 10) line++;
      const fields = res.data;
      const quote = res.errors.find((e) => e.type === 'Quotes');
      if (!(fields.length === 1 && fields[0].trim() === '' && !quote)) {
        rows.push({ line, fields, ...(quote ? { quoteError: quote.message } : {}) });
      }
      start = res.meta.cursor;
    },
  });

  const first = rows.shift();
  if (!first) throw new CsvError([fileProblem('empty-file', 'the CSV file is empty')]);
  const header = first.fields.map((h) => h.trim());
  const problems = [];
  if (first.quoteError) problems.push(fileProblem('quotes', `header: ${first.quoteError}`, first.line));
  const emptyAt = header.flatMap((h, i) => (h === '' ? [i + 1] : []));
  if (emptyAt.length > 0) problems.push(fileProblem('header', `header has an empty column name at position ${emptyAt.join(', ')}`, first.line));
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const h of header) (seen.has(h) ? dups : seen).add(h);
  dups.delete('');
  if (dups.size > 0) {
    problems.push(fileProblem('header', `duplicate column names: ${[...dups].map((d) => JSON.stringify(d)).join(', ')}`, first.line));
  }
  if (problems.length > 0) throw new CsvError(problems);
  return { header, headerLine: first.line, rows };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

export type NumberResult = { ok: true; value: number } | { ok: false; reason: 'empty-value' | 'non-numeric' | 'non-finite' };

/** Strict decimal parsing: '', 'abc', '0x1F', '1,5' are rejected, and NaN/Infinity/overflow are reported as such. */
export function parseNumber(raw: string): NumberResult {
  const s = raw.trim();
  if (s === '') return { ok: false, reason: 'empty-value' };
  if (NON_FINITE.test(s)) return { ok: false, reason: 'non-finite' };
  if (!NUMBER.test(s)) return { ok: false, reason: 'non-numeric' };
  const v = Number(s);
  return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, reason: 'non-finite' };
}
