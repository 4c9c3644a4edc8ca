import { DataError } from '@descent/core-tensor';

/** Longest text of a cell (or a column name) quoted in a message: a 1 MB cell must not become a 1 MB error. */
export const MAX_QUOTED_CHARS = 60;

/** A cell's text as a message quotes it: cut to MAX_QUOTED_CHARS (with an ellipsis), then JSON-quoted. */
export const quoteCell = (raw: string): string => JSON.stringify(raw.length > MAX_QUOTED_CHARS ? `${raw.slice(0, MAX_QUOTED_CHARS - 1)}…` : raw);

/** Why a CSV was rejected. Row-level reasons carry the line and column; the rest describe the whole file. */
export type CsvProblemReason =
  | 'empty-file'
  | 'not-text'
  | 'no-data'
  | 'header'
  | 'missing-column'
  | 'field-count'
  | 'quotes'
  | 'empty-value'
  | 'non-numeric'
  | 'non-finite'
  | 'classes';

export interface CsvProblem {
  /** 1-based line in the text, the header being line 1 (0 when the problem concerns no line). */
  readonly line: number;
  readonly reason: CsvProblemReason;
  /** Column name, when the problem is about one field. */
  readonly column?: string;
  /** The offending raw value, when there is one. */
  readonly value?: string;
  /** The full sentence, e.g. `line 4: non-numeric value "abc" in column "x2"`. */
  readonly message: string;
}

/**
 * Thrown by parseCsv/inspectCsv for bad data. `problems` lists up to `maxErrors` problems in line
 * order; `totalProblems` counts all of them, so a UI can say "and 37 more". A DataError (owner 'csv')
 * whose `line`, `column` and `value` are those of the first problem.
 */
export class CsvError extends DataError {
  readonly problems: readonly CsvProblem[];
  readonly totalProblems: number;

  constructor(problems: readonly CsvProblem[], totalProblems = problems.length) {
    const more = totalProblems > problems.length ? `\n(and ${totalProblems - problems.length} more)` : '';
    const head = totalProblems === 1 ? 'CSV rejected' : `CSV rejected, ${totalProblems} problems`;
    const list = `${problems.map((p) => p.message).join('\n')}${more}`;
    const first = problems[0];
    super('csv', list, { line: first && first.line > 0 ? first.line : null, column: first?.column ?? null, value: first?.value });
    this.message = `${head}:\n${list}`;
    this.name = 'CsvError';
    this.problems = problems;
    this.totalProblems = totalProblems;
  }
}

/** A problem that is not tied to a data line. */
export function fileProblem(reason: CsvProblemReason, message: string, line = 0): CsvProblem {
  return { line, reason, message: line > 0 ? `line ${line}: ${message}` : message };
}

/** Collects problems up to a cap while still counting the total. */
export class ProblemList {
  readonly items: CsvProblem[] = [];
  total = 0;
  constructor(private readonly max: number) {}

  add(p: Omit<CsvProblem, 'message'> & { text: string }): void {
    this.total++;
    if (this.items.length < this.max) {
      const { text, ...rest } = p;
      this.items.push({ ...rest, message: `line ${p.line}: ${text}` });
    }
  }

  throwIfAny(): void {
    if (this.total > 0) throw new CsvError(this.items, this.total);
  }
}
