import { tensor, type DType } from '@descent/core-tensor';
import type { BinaryOp, Expr } from './ast.js';
import { ExpressionError } from './error.js';
import { EXPRESSION_FUNCTIONS } from './functions.js';
import { type Var, type VarLike, lift } from '../var.js';
import { add, sub, mul, div, neg, pow } from '../ops/arith.js';

/** A number-only function of the variables, in the order given (fast: for drawing a surface over a grid). */
export type NumericFn = (...values: number[]) => number;

function unknown(e: Expr & { kind: 'variable' }): never {
  throw new ExpressionError(`no value for variable "${e.name}"`, e.start, e.end - e.start);
}

type Compiled = (v: readonly number[]) => number;

function binary(op: BinaryOp, a: Compiled, b: Compiled): Compiled {
  switch (op) {
    case '+':
      return (v) => a(v) + b(v);
    case '-':
      return (v) => a(v) - b(v);
    case '*':
      return (v) => a(v) * b(v);
    case '/':
      return (v) => a(v) / b(v);
    case '^':
      return (v) => Math.pow(a(v), b(v));
  }
}

/**
 * Compile to a plain-number function of `variables` (positional). Built once as closures, so evaluating it is
 * as cheap as hand-written arithmetic; the numbers are the same as the autodiff form's in float64.
 */
export function numericFunction(ast: Expr, variables: readonly string[]): NumericFn {
  const build = (e: Expr): Compiled => {
    switch (e.kind) {
      case 'number': {
        const c = e.value;
        return () => c;
      }
      case 'variable': {
        const i = variables.indexOf(e.name);
        if (i < 0) unknown(e);
        return (v) => v[i];
      }
      case 'negate': {
        const a = build(e.arg);
        return (v) => -a(v);
      }
      case 'binary':
        return binary(e.op, build(e.left), build(e.right));
      case 'call': {
        const f = EXPRESSION_FUNCTIONS[e.fn];
        const args = e.args.map(build);
        if (args.length === 1) {
          const [a] = args;
          return (v) => f.num(a(v));
        }
        const [a, b] = args;
        return (v) => f.num(a(v), b(v));
      }
    }
  };
  const f = build(ast);
  return (...values: number[]) => f(values);
}

/** The constant value of a subtree without variables, or null. */
function constantValue(e: Expr): number | null {
  const hasVariable = (n: Expr): boolean =>
    n.kind === 'variable' || (n.kind === 'negate' && hasVariable(n.arg)) || (n.kind === 'binary' && (hasVariable(n.left) || hasVariable(n.right))) || (n.kind === 'call' && n.args.some(hasVariable));
  return hasVariable(e) ? null : numericFunction(e, [])();
}

export interface AutodiffOptions {
  /** dtype of the constants (default float64, for exact gradients). */
  dtype?: DType;
  /** Called for every node made, with the syntax node it came from (a viewer maps graph nodes to source). */
  onNode?: (v: Var, e: Expr) => void;
}

/**
 * Evaluate with autodiff: `values` maps each variable to a Var (a `variable(...)` to get its gradient), a
 * Tensor or a number. Element-wise, so tensors of points give f at every point in one pass. A constant
 * exponent (x^2, x^-1) uses the power rule and allows a negative base; a variable exponent needs a positive base.
 */
export function evaluateExpression(ast: Expr, values: Readonly<Record<string, VarLike>>, options: AutodiffOptions = {}): Var {
  const dtype = options.dtype ?? 'float64';
  const seen = (v: Var, e: Expr): Var => (options.onNode?.(v, e), v);
  const build = (e: Expr): Var => {
    switch (e.kind) {
      case 'number':
        return seen(lift(tensor(e.value, dtype)), e);
      case 'variable': {
        if (!(e.name in values)) unknown(e);
        const x = values[e.name];
        return lift(typeof x === 'number' ? tensor(x, dtype) : x);
      }
      case 'negate':
        return seen(neg(build(e.arg)), e);
      case 'binary': {
        const a = build(e.left);
        if (e.op === '^') {
          const p = constantValue(e.right);
          if (p !== null) return seen(pow(a, p), e);
          return seen(pow(a, build(e.right)), e);
        }
        const b = build(e.right);
        const op = e.op === '+' ? add : e.op === '-' ? sub : e.op === '*' ? mul : div;
        return seen(op(a, b), e);
      }
      case 'call': {
        const f = EXPRESSION_FUNCTIONS[e.fn];
        return seen(f.ad(...e.args.map(build)), e);
      }
    }
  };
  return build(ast);
}
