import { describe, expect, it } from 'vitest';
import { differenceQuotients, FLOAT64_EPS, logSteps } from './quotient.js';

describe('difference quotients', () => {
  it('logSteps spans the range in even decades', () => {
    const s = logSteps(1e-1, 1e-12, 1);
    expect(s).toHaveLength(12);
    s.forEach((h, i) => expect(h).toBeCloseTo(10 ** -(i + 1), 20));
    expect(logSteps(1e-1, 1e-3, 4)).toHaveLength(9);
    expect(() => logSteps(0, 1e-3)).toThrow(RangeError);
  });

  it('truncation falls with h (forward O(h), central O(h²)), then rounding rises', () => {
    // d/dx exp(x) at 1 is e.
    const pts = differenceQuotients(([x]) => Math.exp(x), [1], 0, logSteps(1e-1, 1e-12, 1));
    const err = (h: number, k: 'forward' | 'central') => Math.abs(pts.find((p) => Math.abs(p.h / h - 1) < 1e-9)![k] - Math.E);
    expect(err(1e-1, 'forward')).toBeGreaterThan(0.1); // ≈ h·f''/2 = 0.14
    expect(err(1e-2, 'forward') / err(1e-1, 'forward')).toBeCloseTo(0.1, 1);
    expect(err(1e-2, 'central') / err(1e-1, 'central')).toBeCloseTo(0.01, 2);
    expect(err(1e-5, 'central')).toBeLessThan(err(1e-1, 'forward') * 1e-6);
    // Past the optimum, rounding (≈ ε/h) dominates and the error grows again.
    expect(err(1e-12, 'forward')).toBeGreaterThan(err(1e-8, 'forward'));
    expect(err(1e-12, 'central')).toBeGreaterThan(err(1e-5, 'central'));
    // The best steps are near √ε and ∛ε.
    const best = (k: 'forward' | 'central') => pts.reduce((a, p) => (Math.abs(p[k] - Math.E) < Math.abs(a[k] - Math.E) ? p : a)).h;
    expect(Math.abs(Math.log10(best('forward') / Math.sqrt(FLOAT64_EPS)))).toBeLessThanOrEqual(1.5);
    expect(Math.abs(Math.log10(best('central') / Math.cbrt(FLOAT64_EPS)))).toBeLessThanOrEqual(1.5);
  });

  it('moves only the chosen input and leaves the point alone', () => {
    const at = [2, 3];
    const [p] = differenceQuotients(([x, y]) => x * x * y, at, 1, [1e-4]);
    expect(p.central).toBeCloseTo(4, 8); // ∂(x²y)/∂y = x²
    expect(at).toEqual([2, 3]);
    expect(() => differenceQuotients(() => 0, at, 2)).toThrow(RangeError);
  });
});
