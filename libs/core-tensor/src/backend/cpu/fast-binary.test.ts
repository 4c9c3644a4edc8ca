import { it, expect } from 'vitest';
import { fastBinary } from './fast-binary.js';
import { binaryKernels, type BinaryOp } from './binary.js';

// Broadcast strides of `shape` against `out` (0 on broadcast axes), as ops/binary.ts computes them.
function strides(shape: number[], out: number[]): number[] {
  const lead = out.length - shape.length;
  const st = new Array<number>(out.length).fill(0);
  let acc = 1;
  for (let d = out.length - 1; d >= lead; d--) {
    const s = shape[d - lead];
    st[d] = s === 1 ? 0 : acc;
    acc *= s;
  }
  return st;
}

const cases: [number[], number[], number[]][] = [
  [[5], [5], [5]], [[3, 4], [4], [3, 4]], [[3, 4], [3, 1], [3, 4]], [[3, 1], [1, 4], [3, 4]], [[], [2, 3], [2, 3]],
  [[2, 3, 4], [2, 3, 4], [2, 3, 4]], [[2, 3, 4], [4], [2, 3, 4]], [[2, 3, 4], [3, 1], [2, 3, 4]], [[2, 1, 4], [2, 3, 4], [2, 3, 4]],
  [[1, 1], [1], [1, 1]], [[6, 1, 2], [1, 5, 1], [6, 5, 2]],
];
const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'gt', 'ge', 'lt', 'le', 'eq', 'ne', 'tanhGrad', 'sigmoidGrad', 'reluGrad'];

it('fast binary loops give bit-identical results to the cpu kernels, or decline', () => {
  let fast = 0;
  for (const Arr of [Float32Array, Float64Array] as (Float32ArrayConstructor | Float64ArrayConstructor)[]) {
    for (const [sa, sb, so] of cases) {
      const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
      const vals = [0, -0, 1, -2.5, NaN, Infinity, 3, 3, 0.1];
      const a = new Arr(size(sa)).map((_, i) => vals[i % vals.length]);
      const b = new Arr(size(sb)).map((_, i) => vals[(i * 5 + 2) % vals.length]);
      for (const op of ops) {
        const want = new Arr(size(so)), got = new Arr(size(so)).fill(7);
        binaryKernels[op](a, b, want, so, strides(sa, so), strides(sb, so), 0, want.length);
        if (fastBinary(op, a, b, got, so, strides(sa, so), strides(sb, so))) {
          fast++;
          expect(Array.from(got), `${op} ${sa}|${sb}`).toEqual(Array.from(want));
        }
      }
    }
  }
  // every case but the genuinely 3-axis patterns takes the fast path
  expect(fast).toBeGreaterThanOrEqual(2 * 8 * ops.length);
});
