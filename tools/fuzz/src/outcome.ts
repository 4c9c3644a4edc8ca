import { isDescentError, type DescentError } from '@descent/core-tensor';

// What one fuzz case may end in. A case either returns (its own checks passed: a correct result) or throws;
// a thrown DescentError whose message names the op or field is a clear error, anything else is a failure.

export type Outcome = 'correct' | 'clear' | 'failure';

/** A case's own check failed: a wrong result, a non-finite result from finite valid input, a bad input accepted. */
export class Mismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Mismatch';
  }
}

export function check(ok: unknown, message: string | (() => string)): asserts ok {
  if (!ok) throw new Mismatch(typeof message === 'string' ? message : message());
}

export interface FuzzCase {
  /** What the case does, for failure reports (short). */
  what: string;
  /**
   * true: the input is valid, so an error is a failure. false: the input is invalid, so a normal return is a
   * failure (a bad input accepted). undefined: either is fine, as long as an error is a clear one.
   */
  valid?: boolean;
  /** Words one of which a clear error's message must contain (the op or the field); default: the error's owner. */
  names?: readonly string[];
  run(): unknown;
}

export interface CaseResult {
  outcome: Outcome;
  /** Failure: what went wrong; clear error: its message (clipped). */
  detail?: string;
  ms: number;
}

const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A DescentError that says who refused: its message starts with its owner and names one of `names`. */
export function isClearError(e: unknown, names?: readonly string[]): e is DescentError {
  if (!isDescentError(e)) return false;
  // @descent/data's CsvError lists its problems one per line under "CSV rejected:" (each "line N: …").
  if (e.name === 'CsvError') return /^CSV rejected(, \d+ problems)?:\n/.test(e.message) && e.message.split('\n').length >= 2;
  if (!e.owner || !e.message.startsWith(`${e.owner}:`)) return false;
  if (e.message.includes('\n')) return false;
  if (names && names.length && !names.some((n) => e.message.includes(n) || e.path.includes(n))) return false;
  return true;
}

export async function runCase(c: FuzzCase): Promise<CaseResult> {
  const t0 = performance.now();
  const done = (outcome: Outcome, detail?: string): CaseResult => ({ outcome, detail, ms: performance.now() - t0 });
  try {
    await c.run();
  } catch (e) {
    if (e instanceof Mismatch) return done('failure', `wrong result: ${e.message}`);
    if (c.valid === true) return done('failure', `valid input refused: ${describeError(e)}`);
    // The CLI's exit 2 (one stderr line naming the field), already checked by the CLI area's judge.
    if (e instanceof Error && e.name === 'CliRefusal') return done('clear', clip(e.message));
    if (isClearError(e, c.names)) return done('clear', clip(e.message));
    if (isDescentError(e)) return done('failure', `unclear error (must start with its owner and name one of ${JSON.stringify(c.names ?? [])}): ${describeError(e)}`);
    return done('failure', `crash: ${describeError(e)}`);
  }
  if (c.valid === false) return done('failure', 'bad input accepted without an error');
  return done('correct');
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const at = e.stack?.split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? '';
    return clip(`${e.name}: ${e.message}${at ? ` (${at})` : ''}`, 500);
  }
  return clip(String(e));
}
