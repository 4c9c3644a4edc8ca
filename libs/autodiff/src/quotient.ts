// The lecture's difference quotient as a tool: forward (f(a+h) − f(a))/h and central (f(a+h) − f(a−h))/2h
// for one input of a scalar function, over a range of steps h. In float64 the forward quotient's truncation
// error is O(h) and the central one's O(h²), while rounding error grows like ε/h: the best h is near √ε for
// the forward quotient and near ∛ε for the central one (what gradcheck's default step relies on).

/** Machine epsilon of float64. */
export const FLOAT64_EPS = 2 ** -52;

export interface QuotientPoint {
  h: number;
  forward: number;
  central: number;
}

/** Steps from `from` down to `to`, evenly spaced in log10 with `perDecade` points per decade (both ends included). */
export function logSteps(from = 1e-1, to = 1e-12, perDecade = 4): number[] {
  if (!(from > 0 && to > 0 && perDecade >= 1)) throw new RangeError('logSteps: from and to must be > 0 and perDecade >= 1');
  const a = Math.log10(from), b = Math.log10(to);
  const n = Math.max(1, Math.round(Math.abs(a - b) * perDecade));
  return Array.from({ length: n + 1 }, (_, i) => 10 ** (a + ((b - a) * i) / n));
}

/**
 * Forward and central difference quotients of f with respect to input `index` at the point `at`, one per
 * step in `steps`. f takes the whole point (a new array each call, so f may keep it).
 */
export function differenceQuotients(f: (x: number[]) => number, at: readonly number[], index: number, steps: readonly number[] = logSteps()): QuotientPoint[] {
  if (!Number.isInteger(index) || index < 0 || index >= at.length) throw new RangeError(`differenceQuotients: index ${index} is not an input of a ${at.length}-input point`);
  const shifted = (d: number): number => {
    const x = [...at];
    x[index] += d;
    return f(x);
  };
  const f0 = f([...at]);
  return steps.map((h) => {
    const up = shifted(h);
    return { h, forward: (up - f0) / h, central: (up - shifted(-h)) / (2 * h) };
  });
}
