// @descent/autodiff: reverse-mode automatic differentiation over @descent/core-tensor.
export { Var, type VarLike, type BackwardFn, type BackwardOptions, variable, constant, lift, node, noGrad, isTracking, backward } from './var.js';
export { add, sub, mul, div, neg, pow, maximum, minimum, where } from './ops/arith.js';
export { exp, log, sqrt, square, abs, tanh, sigmoid, relu, leakyRelu, elu, softplus, gelu, silu, clamp, identity } from './ops/elementwise.js';
export { sum, mean, max, min, logsumexp } from './ops/reduce.js';
export { softmax, logSoftmax, linear } from './ops/nn.js';
export { matmul } from './ops/matmul.js';
export { reshape, transpose, broadcastTo, gatherRows, sliceRows, concat } from './ops/shape.js';
export { grad, valueAndGrad, type ScalarFn } from './grad.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
export { exportGraph, type GraphExport, type GraphNode } from './graph.js';
