import type { Expr } from './ast.js';
import { EXPRESSION_FUNCTIONS } from './functions.js';

// LaTeX for an expression (for KaTeX): products as ·, quotients as \frac, powers as superscripts, and
// parentheses only where precedence needs them.

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, negate: 3, '^': 4, atom: 5 } as const;

function prec(e: Expr): number {
  if (e.kind === 'binary') return PREC[e.op];
  if (e.kind === 'negate') return PREC.negate;
  if (e.kind === 'number' && e.value < 0) return PREC.negate;
  return PREC.atom;
}

const paren = (s: string): string => `\\left(${s}\\right)`;

function num(v: number): string {
  if (v === Math.PI) return '\\pi';
  if (v === Math.E) return 'e';
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

const name = (n: string): string => (n.length === 1 ? n : /^[A-Za-z]+\d+$/.test(n) ? `${n.replace(/\d+$/, '')}_{${n.match(/\d+$/)![0]}}` : `\\mathit{${n.replace(/_/g, '\\_')}}`);

export function expressionToLatex(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return num(e.value);
    case 'variable':
      return name(e.name);
    case 'negate': {
      const a = expressionToLatex(e.arg);
      return `-${prec(e.arg) <= PREC.negate ? paren(a) : a}`;
    }
    case 'call':
      return EXPRESSION_FUNCTIONS[e.fn].latex(...e.args.map(expressionToLatex));
    case 'binary': {
      const p = PREC[e.op];
      if (e.op === '/') return `\\frac{${expressionToLatex(e.left)}}{${expressionToLatex(e.right)}}`;
      if (e.op === '^') {
        const base = expressionToLatex(e.left);
        // Powers are right-associative: the base needs parentheses unless it is an atom.
        return `{${prec(e.left) <= p ? paren(base) : base}}^{${expressionToLatex(e.right)}}`;
      }
      const l = expressionToLatex(e.left);
      const r = expressionToLatex(e.right);
      const left = prec(e.left) < p ? paren(l) : l;
      // a - (b + c) and a * (b * c) keep the right side's grouping as typed only where it changes the value.
      const right = prec(e.right) < p || (prec(e.right) === p && e.op === '-') ? paren(r) : r;
      return `${left} ${e.op === '*' ? '\\cdot' : e.op} ${right}`;
    }
  }
}
