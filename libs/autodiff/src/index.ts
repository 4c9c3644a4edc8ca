// @descent/autodiff: reverse-mode automatic differentiation over @descent/core-tensor.
export { Var, type VarLike, type BackwardFn, type BackwardOptions, variable, constant, lift, node, noGrad, isTracking, backward } from './var.js';
export { add, sub, mul, div, neg, pow, maximum, minimum, where } from './ops/arith.js';
export { exp, log, sqrt, square, abs, sin, cos, tanh, sigmoid, relu, leakyRelu, elu, softplus, gelu, silu, clamp, identity } from './ops/elementwise.js';
export { sum, mean, max, min, logsumexp } from './ops/reduce.js';
export { softmax, logSoftmax, linear } from './ops/nn.js';
export { matmul } from './ops/matmul.js';
export { reshape, transpose, broadcastTo, gatherRows, sliceRows, concat } from './ops/shape.js';
export { grad, valueAndGrad, type ScalarFn } from './grad.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
export { jacobian, hessian, type HessianOptions } from './jacobian.js';
export { exportGraph, type GraphExport, type GraphNode, type GraphEdge } from './graph.js';
export { differenceQuotients, logSteps, FLOAT64_EPS, type QuotientPoint } from './quotient.js';
export { type Expr, type BinaryOp, children, variablesOf } from './expression/ast.js';
export { ExpressionError } from './expression/error.js';
export { EXPRESSION_FUNCTIONS, EXPRESSION_CONSTANTS, type ExprFunction } from './expression/functions.js';
export { parseExpression, MAX_EXPRESSION_LENGTH, type ParseOptions, type ParsedExpression } from './expression/parse.js';
export { numericFunction, evaluateExpression, type NumericFn, type AutodiffOptions } from './expression/evaluate.js';
export { expressionToLatex } from './expression/latex.js';
