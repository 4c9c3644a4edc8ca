import type { BinaryOp, Expr } from './ast.js';
import { variablesOf } from './ast.js';
import { ExpressionError } from './error.js';
import { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from './functions.js';

// A small recursive-descent parser; the source is never evaluated as JavaScript. Grammar, loosest first:
//   definition := [name '='] sum
//   sum        := product (('+' | '-') product)*
//   product    := unary (('*' | '/') unary)*
//   unary      := ('-' | '+') unary | power        (so -x^2 is -(x^2), as in maths)
//   power      := atom ['^' unary]                  (right-associative: 2^3^2 = 2^9)
//   atom       := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 200;

type Token =
  | { t: 'num'; v: number; s: number; e: number }
  | { t: 'name'; v: string; s: number; e: number }
  | { t: 'op'; v: string; s: number; e: number }
  | { t: 'end'; s: number; e: number };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), s: i, e: i + num[0].length });
      i += num[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      out.push({ t: 'name', v: name[0], s: i, e: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
      out.push({ t: 'op', v: '^', s: i, e: i + 2 }); // Python's power, for those who type it
      i += 2;
      continue;
    }
    if ('+-*/^(),='.includes(c)) {
      out.push({ t: 'op', v: c, s: i, e: i + 1 });
      i++;
      continue;
    }
    const shown = c === '×' || c === '·' ? `"${c}" (write * for multiplication)` : c === '−' ? '"−" (write - for minus)' : JSON.stringify(c);
    throw new ExpressionError(`unexpected character ${shown} at column ${i + 1}`, i, 1, src);
  }
  out.push({ t: 'end', s: src.length, e: src.length });
  return out;
}

export interface ParseOptions {
  /** Names allowed as variables (e.g. ['x', 'y'] for a surface); default: any name that is not a function or constant. */
  variables?: readonly string[];
}

export interface ParsedExpression {
  /** The source as given. */
  source: string;
  /** The name before '=' in "f = (x + y) * z", if any. */
  name: string | null;
  ast: Expr;
  /** Variables in order of first appearance. */
  variables: string[];
}

/** Parse an expression such as "(x + y) * z" or "f = x^2 + x*y + y^2". Throws an ExpressionError at the character at fault. */
export function parseExpression(source: string, options: ParseOptions = {}): ParsedExpression {
  if (typeof source !== 'string') throw new ExpressionError(`must be text, got ${source === null ? 'null' : typeof source}`, 0, 1);
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`is ${source.length} characters long, more than ${MAX_EXPRESSION_LENGTH}`, MAX_EXPRESSION_LENGTH, 1, source);
  const toks = tokenize(source);
  let k = 0;
  let depth = 0;
  const peek = (): Token => toks[k];
  const isOp = (tok: Token, v: string): tok is Token & { t: 'op' } => tok.t === 'op' && tok.v === v;
  const describe = (tok: Token): string => (tok.t === 'end' ? 'the end' : tok.t === 'num' ? `number ${source.slice(tok.s, tok.e)}` : tok.t === 'name' ? `"${tok.v}"` : `"${source.slice(tok.s, tok.e)}"`);
  const fail = (tok: Token, reason: string): never => {
    throw new ExpressionError(`${reason} at column ${tok.s + 1}`, tok.s, tok.e - tok.s, source);
  };
  const enter = (tok: Token): void => {
    if (++depth > MAX_DEPTH) fail(tok, `nested more than ${MAX_DEPTH} levels deep`);
  };

  let name: string | null = null;
  if (toks[0].t === 'name' && isOp(toks[1], '=')) {
    name = toks[0].v;
    k = 2;
  }
  if (peek().t === 'end') fail(peek(), name ? `expected an expression after "${name} ="` : 'expected an expression');

  const sum = (): Expr => {
    let left = product();
    while (isOp(peek(), '+') || isOp(peek(), '-')) {
      const op = (toks[k++] as Token & { t: 'op' }).v as BinaryOp;
      const right = product();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  };
  const product = (): Expr => {
    let left = unary();
    for (;;) {
      const tok = peek();
      if (isOp(tok, '*') || isOp(tok, '/')) {
        k++;
        const right = unary();
        left = { kind: 'binary', op: tok.v as BinaryOp, left, right, start: left.start, end: right.end };
      } else if (tok.t === 'num' || tok.t === 'name' || isOp(tok, '(')) {
        // "2x", "x y", "2(x+1)": say what to write instead of guessing.
        fail(tok, `missing operator before ${describe(tok)} (write * to multiply)`);
      } else return left;
    }
  };
  const unary = (): Expr => {
    const tok = peek();
    if (isOp(tok, '-') || isOp(tok, '+')) {
      k++;
      enter(tok);
      const arg = unary();
      depth--;
      return tok.v === '-' ? { kind: 'negate', arg, start: tok.s, end: arg.end } : { ...arg, start: tok.s };
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (isOp(peek(), '^')) {
      const tok = toks[k++];
      enter(tok);
      const exponent = unary();
      depth--;
      return { kind: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
    }
    return base;
  };
  const atom = (): Expr => {
    const tok = peek();
    if (tok.t === 'num') {
      k++;
      if (!Number.isFinite(tok.v)) fail(tok, `number ${source.slice(tok.s, tok.e)} is too large`);
      return { kind: 'number', value: tok.v, start: tok.s, end: tok.e };
    }
    if (isOp(tok, '(')) {
      k++;
      enter(tok);
      const inner = sum();
      depth--;
      const close = peek();
      if (!isOp(close, ')')) fail(close, `expected ")" to close the "(" at column ${tok.s + 1}, got ${describe(close)}`);
      k++;
      // The span includes the parentheses: what the user sees as one operand.
      return { ...inner, start: tok.s, end: close.e };
    }
    if (tok.t === 'name') {
      k++;
      const fn = EXPRESSION_FUNCTIONS[tok.v];
      if (isOp(peek(), '(')) {
        if (!fn) fail(tok, `unknown function "${tok.v}"; functions: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`);
        const open = toks[k++];
        enter(open);
        const args: Expr[] = [];
        if (!isOp(peek(), ')')) {
          args.push(sum());
          while (isOp(peek(), ',')) {
            k++;
            args.push(sum());
          }
        }
        depth--;
        const close = peek();
        if (!isOp(close, ')')) fail(close, `expected "," or ")" in the call of ${tok.v}, got ${describe(close)}`);
        k++;
        if (args.length !== fn.arity) {
          throw new ExpressionError(`${tok.v} takes ${fn.arity} argument${fn.arity === 1 ? '' : 's'}, got ${args.length} at column ${tok.s + 1}`, tok.s, close.e - tok.s, source);
        }
        return { kind: 'call', fn: tok.v, args, start: tok.s, end: close.e };
      }
      if (fn) fail(tok, `${tok.v} is a function: write ${tok.v}(…)`);
      if (tok.v in EXPRESSION_CONSTANTS) return { kind: 'number', value: EXPRESSION_CONSTANTS[tok.v], start: tok.s, end: tok.e };
      if (options.variables && !options.variables.includes(tok.v)) {
        fail(tok, `unknown variable "${tok.v}"; this expression may use ${options.variables.join(', ')}`);
      }
      return { kind: 'variable', name: tok.v, start: tok.s, end: tok.e };
    }
    if (tok.t === 'end') return fail(tok, 'the expression ends too early: expected a number, a variable or "("');
    return fail(tok, `expected a number, a variable or "(", got ${describe(tok)}`);
  };

  const ast = sum();
  const last = peek();
  if (last.t !== 'end') fail(last, isOp(last, ')') ? 'unmatched ")"' : `unexpected ${describe(last)}`);
  return { source, name, ast, variables: variablesOf(ast) };
}
