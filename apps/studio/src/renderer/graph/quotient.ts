import { differenceQuotients, FLOAT64_EPS, logSteps } from '@descent/autodiff';
import { numericProgram, type Program } from './program.js';

// The difference-quotient panel's numbers: @descent/autodiff's forward and central quotients of the
// program for one input, against the autodiff gradient, over h = 1e-1 … 1e-12.

export const STEPS = logSteps(1e-1, 1e-12, 4);
export const H_FORWARD_BEST = Math.sqrt(FLOAT64_EPS);
export const H_CENTRAL_BEST = Math.cbrt(FLOAT64_EPS);

export interface QuotientRow {
  h: number;
  forward: number;
  central: number;
  forwardError: number;
  centralError: number;
}

export function quotientSweep(program: Program, at: readonly number[], index: number, gradient: number, steps: readonly number[] = STEPS): QuotientRow[] {
  const f = numericProgram(program);
  return differenceQuotients(f, at, index, steps).map((p) => ({ ...p, forwardError: Math.abs(p.forward - gradient), centralError: Math.abs(p.central - gradient) }));
}

/** The row whose h is closest (in log scale) to h. */
export function rowAt(rows: readonly QuotientRow[], h: number): QuotientRow {
  return rows.reduce((a, r) => (Math.abs(Math.log(r.h / h)) < Math.abs(Math.log(a.h / h)) ? r : a));
}
