import { OptionError, type PathKey } from '@descent/core-tensor';
import { ExpressionError, numericFunction, parseExpression } from '@descent/autodiff';
import type { BoundarySource } from '@descent/data';

// The curve of a function-boundary data spec ({ boundary: { f: 'sin(3*x)' } }): typed text in x, parsed with
// @descent/autodiff's parser and handed to @descent/data's loader as a plain function (data may not parse).

/** f as a function of x; a bad expression is an OptionError at data.boundary.f with the ExpressionError (position, length) as cause. */
export function compileBoundaryFunction(source: string, at: readonly PathKey[] = ['data', 'boundary', 'f']): (x: number) => number {
  try {
    const parsed = parseExpression(source, { variables: ['x'] });
    const f = numericFunction(parsed.ast, ['x']);
    return (x) => f(x);
  } catch (e) {
    if (e instanceof ExpressionError) throw new OptionError('data', 'f', e.reason, { path: [...at], value: source, cause: e });
    throw e;
  }
}

/** Points of the curve over its x range, for drawing on the data preview. */
export function boundaryCurve(b: BoundarySource, points = 200): { x: Float64Array; y: Float64Array } {
  const f = compileBoundaryFunction(b.f);
  const lo = b.xMin ?? -2, hi = b.xMax ?? 2;
  const x = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  return { x, y: x.map(f) };
}
