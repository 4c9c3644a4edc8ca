import type { Backend } from '../backend.js';
import { unaryKernels } from './unary.js';
import { binaryKernels } from './binary.js';
import { fastBinary } from './fast-binary.js';
import { reduceKernels } from './reduce.js';
import { matmulKernel } from './matmul.js';

/** The plain single-thread backend: every kernel over its whole range. */
export const cpuBackend: Backend = {
  name: 'cpu',
  threads: 1,
  unary: (op, x, out, p, q) => unaryKernels[op](x, out, 0, out.length, p, q),
  binary: (op, a, b, out, shape, as, bs) => {
    if (!fastBinary(op, a, b, out, shape, as, bs)) binaryKernels[op](a, b, out, shape, as, bs, 0, out.length);
  },
  reduce: (op, x, out, outer, len, inner) => reduceKernels[op](x, out, len, inner, 0, outer * inner),
  matmul: (a, b, c, aOff, bOff, batch, m, k, n, tA, tB) => matmulKernel(a, b, c, aOff, bOff, m, k, n, tA, tB, 0, batch * m),
};
