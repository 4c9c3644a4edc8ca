import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tensor } from '@descent/core-tensor';
import { ExpressionError, evaluateExpression, expressionToLatex, numericFunction, parseExpression, variable } from '../src/index.js';

const value = (src: string, env: Record<string, number> = {}) => {
  const p = parseExpression(src);
  return numericFunction(p.ast, Object.keys(env))(...Object.values(env));
};

function thrown(src: string, variables?: string[]): ExpressionError {
  try {
    parseExpression(src, { variables });
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected ${src} to be refused`);
}

describe('parseExpression', () => {
  it.each([
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['2 ^ 3 ^ 2', 512], ['-2 ^ 2', -4], ['(-2) ^ 2', 4], ['2 ^ -1', 0.5], ['2 ** 3', 8],
    ['10 - 4 - 3', 3], ['24 / 4 / 3', 2], ['-(-3)', 3], ['+4', 4], ['1e-3 * 1000', 1], ['.5 + 1.', 1.5], ['pi', Math.PI], ['e', Math.E],
    ['max(2, 3) + min(2, 3)', 5], ['relu(-1) + abs(-2)', 2], ['sigmoid(0)', 0.5], ['sqrt(16) + exp(0) + log(1)', 5], ['sin(0) + cos(0) + tanh(0)', 1],
  ])('%s = %d, with the usual precedence', (src, v) => {
    expect(value(src)).toBeCloseTo(v as number, 14);
  });

  it('reads variables in order of appearance and an optional "name =" prefix', () => {
    const p = parseExpression('f = (x + y) * z');
    expect([p.name, p.variables]).toEqual(['f', ['x', 'y', 'z']]);
    expect(numericFunction(p.ast, p.variables)(-2, 5, -4)).toBe(-12);
    expect(parseExpression('x*x + y').variables).toEqual(['x', 'y']);
  });

  it('keeps each node\'s source span', () => {
    const p = parseExpression('(x + y) * z');
    expect(p.ast).toMatchObject({ kind: 'binary', op: '*', start: 0, end: 11, left: { kind: 'binary', op: '+', start: 0, end: 7 }, right: { kind: 'variable', start: 10, end: 11 } });
  });

  it.each([
    ['(x + ) * z', 5, 'expected a number, a variable or "(", got ")" at column 6'],
    ['x +', 3, 'the expression ends too early: expected a number, a variable or "(" at column 4'],
    ['2x', 1, 'missing operator before "x" (write * to multiply) at column 2'],
    ['x y', 2, 'missing operator before "y"'],
    ['foo(x)', 0, 'unknown function "foo"; functions: exp, log, sqrt, sin, cos, tanh, abs, sigmoid, relu, max, min'],
    ['sin x', 0, 'sin is a function: write sin(…) at column 1'],
    ['x $ y', 2, 'unexpected character "$" at column 3'],
    ['2 × x', 2, 'unexpected character "×" (write * for multiplication) at column 3'],
    ['((x)', 4, 'expected ")" to close the "(" at column 1, got the end at column 5'],
    ['x)', 1, 'unmatched ")" at column 2'],
    ['max(x)', 0, 'max takes 2 arguments, got 1 at column 1'],
    ['', 0, 'expected an expression'],
    ['f =', 3, 'expected an expression after "f ="'],
    ['1e999', 0, 'number 1e999 is too large'],
  ])('%j is refused at its character (index %i)', (src, position, message) => {
    const e = thrown(src);
    expect(e.position).toBe(position);
    expect(e.message).toContain(message);
    expect([e.owner, e.option]).toEqual(['expression', 'expression']);
  });

  it('allowed variables: any other name is refused, naming the allowed ones', () => {
    const e = thrown('x + z', ['x', 'y']);
    expect([e.position, e.length]).toEqual([4, 1]);
    expect(e.message).toContain('unknown variable "z"; this expression may use x, y');
  });

  it('refuses deep nesting and long input instead of overflowing the stack', () => {
    expect(thrown('('.repeat(300) + 'x' + ')'.repeat(300)).message).toMatch(/nested more than 200 levels deep/);
    expect(thrown('-'.repeat(300) + 'x').message).toMatch(/nested more than 200 levels deep/);
    expect(thrown('x+'.repeat(1500) + 'x').message).toMatch(/characters long, more than 2000/);
  });
});

describe('expressionToLatex', () => {
  it.each([
    ['(x + y) * z', '\\left(x + y\\right) \\cdot z'],
    ['x^2 / y', '\\frac{{x}^{2}}{y}'],
    ['-x^2', '-{x}^{2}'],
    ['(-x)^2', '{\\left(-x\\right)}^{2}'],
    ['x - (y - z)', 'x - \\left(y - z\\right)'],
    ['x - y + z', 'x - y + z'],
    ['sigmoid(w1 * x + b)', '\\sigma\\left(w_{1} \\cdot x + b\\right)'],
    ['2 * pi * r', '2 \\cdot \\pi \\cdot r'],
    ['(x^2)^2', '{\\left({x}^{2}\\right)}^{2}'],
  ])('%s → %s', (src, tex) => {
    expect(expressionToLatex(parseExpression(src).ast)).toBe(tex);
  });
});

describe('evaluateExpression (autodiff)', () => {
  it('gives the lecture\'s numbers for (x + y)·z at (−2, 5, −4)', () => {
    const p = parseExpression('(x + y) * z');
    const vars = { x: variable(tensor(-2, 'float64')), y: variable(tensor(5, 'float64')), z: variable(tensor(-4, 'float64')) };
    const f = evaluateExpression(p.ast, vars);
    f.backward();
    expect(f.item()).toBe(-12);
    expect([vars.x.grad!.item(), vars.y.grad!.item(), vars.z.grad!.item()]).toEqual([-4, -4, 3]);
  });

  it('is element-wise: a tensor of points gives f and ∇f at every point in one pass', () => {
    const p = parseExpression('x^2 + x*y + y^2');
    const x = variable(tensor([1, 2, -1], 'float64')), y = variable(tensor([0, 1, 3], 'float64'));
    const f = evaluateExpression(p.ast, { x, y });
    f.backward(tensor([1, 1, 1], 'float64'));
    expect(Array.from(f.value.data)).toEqual([1, 7, 7]);
    expect(Array.from(x.grad!.data)).toEqual([2, 5, 1]); // 2x + y
    expect(Array.from(y.grad!.data)).toEqual([1, 4, 5]); // x + 2y
  });

  it('x^p with a constant p allows a negative base (power rule), as (x²)² = x⁴ with derivative 4x³', () => {
    const x = variable(tensor(-1.5, 'float64'));
    const f = evaluateExpression(parseExpression('(x^2)^2').ast, { x });
    f.backward();
    expect(f.item()).toBeCloseTo(5.0625, 14);
    expect(x.grad!.item()).toBeCloseTo(4 * (-1.5) ** 3, 12);
  });

  it('reports each node made with its syntax node (for viewers)', () => {
    const spans: [string, number, number][] = [];
    const x = variable(tensor(1, 'float64'));
    evaluateExpression(parseExpression('sin(x) * 2').ast, { x }, { onNode: (v, e) => spans.push([v.op, e.start, e.end]) });
    expect(spans).toEqual([['sin', 0, 6], ['const', 9, 10], ['mul', 0, 10]]);
  });

  it('a variable without a value is named', () => {
    expect(() => evaluateExpression(parseExpression('x + q').ast, { x: 1 })).toThrow('expression: expression no value for variable "q"');
  });
});

// 200 generated expressions: autodiff's gradient against central differences of the plain-number form, and
// the two forms agree on the value. Points where f is not smooth (a kink of relu/abs/max/min, or a domain edge)
// are skipped: there, the two step sizes below disagree.
describe('generated expressions', () => {
  const leaf = fc.oneof(fc.constant('x'), fc.constant('y'), fc.double({ min: -3, max: 3, noNaN: true }).map((v) => `(${v.toFixed(3)})`));
  const { expr } = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}) / (1.5 + sin(${b}))`),
      fc.tuple(tie('expr'), fc.constantFrom(2, 3)).map(([a, p]) => `(${a})^${p}`),
      fc.tuple(fc.constantFrom('sin', 'cos', 'tanh', 'sigmoid', 'abs', 'relu'), tie('expr')).map(([f, a]) => `${f}(${a})`),
      tie('expr').map((a) => `exp(tanh(${a}))`),
      tie('expr').map((a) => `log(1 + (${a})^2)`),
      tie('expr').map((a) => `sqrt(2 + cos(${a}))`),
      fc.tuple(fc.constantFrom('max', 'min'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    ),
  }));

  it('autodiff gradients match central differences (gradcheck) on 200 expressions', () => {
    let checked = 0;
    fc.assert(
      fc.property(expr, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (src, px, py) => {
        const p = parseExpression(src);
        const num = numericFunction(p.ast, ['x', 'y']);
        const x = variable(tensor(px, 'float64')), y = variable(tensor(py, 'float64'));
        const f = evaluateExpression(p.ast, { x, y });
        const v = num(px, py);
        fc.pre(Number.isFinite(v) && Math.abs(v) < 1e6);
        expect(Math.abs(f.item() - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
        if (!f.requiresGrad) return; // a constant expression
        f.backward();
        const ad = [x.grad?.item() ?? 0, y.grad?.item() ?? 0];
        const central = (h: number) => [(num(px + h, py) - num(px - h, py)) / (2 * h), (num(px, py + h) - num(px, py - h)) / (2 * h)];
        const a = central(1e-5), b = central(1e-6);
        // At a kink the one-sided slopes differ (central differences alone would average them).
        const h = 1e-6, v0 = num(px, py);
        const forward = [(num(px + h, py) - v0) / h, (num(px, py + h) - v0) / h], backward = [(v0 - num(px - h, py)) / h, (v0 - num(px, py - h)) / h];
        const tol = (d: number) => 1e-4 * Math.max(1, Math.abs(d));
        const smooth = a.every((d, i) => Math.abs(d - b[i]) <= tol(d) && Math.abs(forward[i] - backward[i]) <= 10 * tol(d));
        fc.pre(smooth);
        ad.forEach((g, i) => expect(Math.abs(g - a[i]), `${src} at (${px}, ${py}), d/d${'xy'[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(g))));
        checked++;
      }),
      { numRuns: 200, seed: 20261201 },
    );
    expect(checked).toBeGreaterThan(150);
  });
});
