/** The fixtures' tolerance (README section 2): |a - b| <= 1e-9 + 1e-7 |b|. */
export const ATOL = 1e-9;
export const RTOL = 1e-7;

export interface CaseResult {
  pass: boolean;
  /** Largest |a - b| / (ATOL + RTOL |b|) over every compared number: <= 1 passes. */
  worst: number;
  /** Largest absolute error seen. */
  worstAbs: number;
  reason?: string;
}

/** Accumulates comparisons for one case; the first structural mismatch makes it fail with a reason. */
export class Checker {
  worst = 0;
  worstAbs = 0;
  reason: string | undefined;

  fail(reason: string): void {
    if (this.reason === undefined) this.reason = reason;
  }

  /** Compare flat arrays of equal length. */
  numbers(label: string, actual: ArrayLike<number>, expected: readonly number[]): void {
    if (actual.length !== expected.length) {
      this.fail(`${label}: length ${actual.length}, expected ${expected.length}`);
      return;
    }
    for (let i = 0; i < expected.length; i++) {
      const a = actual[i];
      const b = expected[i];
      const err = Math.abs(a - b);
      const ratio = Number.isNaN(err) ? Infinity : err / (ATOL + RTOL * Math.abs(b));
      if (ratio > this.worst) this.worst = ratio;
      if (err > this.worstAbs || Number.isNaN(err)) this.worstAbs = Number.isNaN(err) ? Infinity : err;
      if (ratio > 1) this.fail(`${label}[${i}]: got ${a}, expected ${b}`);
    }
  }

  scalar(label: string, actual: number, expected: number): void {
    this.numbers(label, [actual], [expected]);
  }

  /** Compare a nested number array (any depth) with a flat actual array, checking the shape too. */
  nested(label: string, actual: ArrayLike<number>, actualShape: readonly number[], expected: unknown): void {
    const shape: number[] = [];
    let e: unknown = expected;
    while (Array.isArray(e)) {
      shape.push(e.length);
      e = e[0];
    }
    if (shape.length !== actualShape.length || shape.some((d, i) => d !== actualShape[i])) {
      this.fail(`${label}: shape [${actualShape.join(', ')}], expected [${shape.join(', ')}]`);
      return;
    }
    this.numbers(label, actual, (expected as unknown[]).flat(Infinity as 1) as number[]);
  }

  shape(label: string, actual: readonly number[], expected: readonly number[]): void {
    if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
      this.fail(`${label}: shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
    }
  }

  result(): CaseResult {
    return { pass: this.reason === undefined, worst: this.worst, worstAbs: this.worstAbs, reason: this.reason };
  }
}

export function unsupported(what: string): CaseResult {
  return { pass: false, worst: Infinity, worstAbs: Infinity, reason: `unsupported: ${what}` };
}
