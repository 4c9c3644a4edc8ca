import type { Var } from '../var.js';
import { exp, log, sqrt, sin, cos, tanh, abs, sigmoid, relu } from '../ops/elementwise.js';
import { maximum, minimum } from '../ops/arith.js';

// The functions an expression may call. Each entry keeps the plain-number form (fast evaluation over a grid),
// the autodiff form (values and gradients) and the LaTeX form side by side, so the three never disagree
// about what a name means. Kinks follow autodiff's conventions (relu'(0) = 0, |x|'(0) = 0, ties of max/min
// split the gradient), as PyTorch's.

export interface ExprFunction {
  arity: number;
  num: (...a: number[]) => number;
  ad: (...a: Var[]) => Var;
  latex: (...a: string[]) => string;
  /** One line for help text. */
  description: string;
}

const sig = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const EXPRESSION_FUNCTIONS: Readonly<Record<string, ExprFunction>> = Object.freeze({
  exp: { arity: 1, num: Math.exp, ad: exp, latex: (a) => `e^{${a}}`, description: 'e to the power x' },
  log: { arity: 1, num: Math.log, ad: log, latex: (a) => `\\ln\\left(${a}\\right)`, description: 'natural logarithm' },
  sqrt: { arity: 1, num: Math.sqrt, ad: sqrt, latex: (a) => `\\sqrt{${a}}`, description: 'square root' },
  sin: { arity: 1, num: Math.sin, ad: sin, latex: (a) => `\\sin\\left(${a}\\right)`, description: 'sine (radians)' },
  cos: { arity: 1, num: Math.cos, ad: cos, latex: (a) => `\\cos\\left(${a}\\right)`, description: 'cosine (radians)' },
  tanh: { arity: 1, num: Math.tanh, ad: tanh, latex: (a) => `\\tanh\\left(${a}\\right)`, description: 'hyperbolic tangent' },
  abs: { arity: 1, num: Math.abs, ad: abs, latex: (a) => `\\left|${a}\\right|`, description: 'absolute value' },
  sigmoid: { arity: 1, num: sig, ad: sigmoid, latex: (a) => `\\sigma\\left(${a}\\right)`, description: 'logistic sigmoid 1/(1+e^(−x))' },
  relu: { arity: 1, num: (x) => (x > 0 ? x : 0), ad: relu, latex: (a) => `\\operatorname{relu}\\left(${a}\\right)`, description: 'max(x, 0)' },
  max: { arity: 2, num: Math.max, ad: maximum, latex: (a, b) => `\\max\\left(${a}, ${b}\\right)`, description: 'larger of two values' },
  min: { arity: 2, num: Math.min, ad: minimum, latex: (a, b) => `\\min\\left(${a}, ${b}\\right)`, description: 'smaller of two values' },
});

export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({ pi: Math.PI, e: Math.E });
