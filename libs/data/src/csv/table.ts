import Papa from 'papaparse';
import { OptionError, describeValue } from '@descent/core-tensor';
import { CsvError, fileProblem, quoteCell } from './errors.js';

export interface RawRow {
  /** 1-based line where the row starts. */
  line: number;
  fields: string[];
  /** Quote errors papaparse reported for this row. */
  quoteError?: string;
}

export interface RawTable {
  /** The delimiter used (given, or detected). */
  delimiter: string;
  header: string[];
  headerLine: number;
  rows: RawRow[];
}

/**
 * Binary content decoded as text: NUL bytes, U+FFFD from invalid UTF-8 (a PNG starts "\uFFFDPNG"), or many
 * control characters in the first few kilobytes.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  let bad = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad > 0 && bad / head.length > 0.01;
}

/** The delimiter candidate that splits the first lines (outside quotes) into the same, largest number of fields. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export function detectDelimiter(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '').slice(0, 20);
  let best: { d: string; fields: number } = { d: ',', fields: 1 };
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => {
      let n = 1, quoted = false;
      for (const ch of l) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n++;
      }
      return n;
    });
    const first = counts[0] ?? 1;
    // The header decides; most data lines must agree with it.
    const agree = counts.filter((c) => c === first).length;
    if (first > best.fields && agree >= Math.ceil(counts.length * 0.8)) best = { d, fields: first };
  }
  return best.d;
}

/**
 * Splits CSV text into a trimmed header and raw rows with their starting line numbers.
 * Line endings are normalized first (papaparse picks one newline style per file, so a file mixing
 * CRLF and LF would otherwise merge rows). Blank lines are skipped, never counted as rows.
 */
export function readTable(text: string, delimiter?: string): RawTable {
  if (typeof text !== 'string') throw new OptionError('csv', 'text', `must be a string (the file's contents), got ${describeValue(text)}`, { value: text });
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  if (src.trim() === '') throw new CsvError([fileProblem('empty-file', 'the CSV file is empty')]);
  if (looksBinary(src)) throw new CsvError([fileProblem('not-text', 'this is not a text CSV file (it holds binary data, e.g. an image or a spreadsheet): export it as CSV text first')]);
  delimiter ??= detectDelimiter(src);

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
  if (emptyAt.length > 0) {
    const at = emptyAt.length > 20 ? `${emptyAt.slice(0, 20).join(', ')}, … (${emptyAt.length} in all)` : emptyAt.join(', ');
    problems.push(fileProblem('header', `header has an empty column name at position ${at}`, first.line));
  }
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const h of header) (seen.has(h) ? dups : seen).add(h);
  dups.delete('');
  if (dups.size > 0) {
    const names = [...dups];
    const list = `${names.slice(0, 20).map(quoteCell).join(', ')}${names.length > 20 ? `, … (${names.length} in all)` : ''}`;
    problems.push(fileProblem('header', `duplicate column names: ${list}`, first.line));
  }
  if (problems.length > 0) throw new CsvError(problems);
  return { delimiter, header, headerLine: first.line, rows };
}

// Unambiguous (the digits before and after the point cannot trade places), so a long cell is matched in linear
// time: /\d+\.?\d*/ backtracks quadratically on a megabyte of digits followed by a letter.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
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
