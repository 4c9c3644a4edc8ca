import { describe, it, expect } from 'vitest';
import * as T from '@descent/core-tensor';
import type { Tensor, DType } from '@descent/core-tensor';
import * as A from '../src/index.js';
import type { Var } from '../src/index.js';

/** Deterministic inputs in [lo, hi), optionally kept at least `gap` away from points where the op has a kink. */
function input(shape: number[], lo: number, hi: number, seed: number, avoid: number[] = [], gap = 0.05): Tensor {
  const t = T.uniform(shape, lo, hi, { seed, dtype: 'float64' });
  for (let i = 0; i < t.size; i++) for (const k of avoid) if (Math.abs(t.data[i] - k) < gap) t.data[i] = k + (t.data[i] < k ? -gap : gap);
  return t;
}

interface Case {
  name: string;
  f: (...xs: Var[]) => Var;
  inputs: () => Tensor[];
  /** The forward value computed with core-tensor ops (or plain JS) for the same inputs. */
  forward: (...xs: Tensor[]) => Tensor;
}

const idx = [2, 0, 2, 1];
const cond = T.tensor([[1], [0]], 'float64');
const naiveLinear = (x: Tensor, w: Tensor, b?: Tensor): Tensor => {
  const [n, k] = x.shape, m = w.shape[0];
  const out = T.zeros([n, m], 'float64');
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = b ? b.data[j] : 0;
    for (let p = 0; p < k; p++) s += x.data[i * k + p] * w.data[j * k + p];
    out.data[i * m + j] = s;
  }
  return out;
};

const cases: Case[] = [
  // arithmetic with broadcasting
  { name: 'add [2,3]+[3]', f: (a, b) => A.add(a, b), inputs: () => [input([2, 3], -2, 2, 1), input([3], -2, 2, 2)], forward: T.add },
  { name: 'sub [2,1]-[1,3]', f: (a, b) => A.sub(a, b), inputs: () => [input([2, 1], -2, 2, 3), input([1, 3], -2, 2, 4)], forward: T.sub },
  { name: 'mul [2,3]*[2,1]', f: (a, b) => A.mul(a, b), inputs: () => [input([2, 3], -2, 2, 5), input([2, 1], -2, 2, 6)], forward: T.mul },
  { name: 'mul by a number', f: (a) => A.mul(a, -1.5), inputs: () => [input([3], -2, 2, 7)], forward: (a) => T.mul(a, -1.5) },
  { name: 'div [3]/[2,3]', f: (a, b) => A.div(a, b), inputs: () => [input([3], -2, 2, 8), input([2, 3], 0.5, 2, 9)], forward: T.div },
  { name: 'div number / x', f: (a) => A.div(2, a), inputs: () => [input([3], 0.5, 2, 10)], forward: (a) => T.div(2, a) },
  { name: 'neg', f: (a) => A.neg(a), inputs: () => [input([2, 2], -2, 2, 11)], forward: T.neg },
  { name: 'pow x^3', f: (a) => A.pow(a, 3), inputs: () => [input([4], -2, 2, 12)], forward: (a) => T.powScalar(a, 3) },
  { name: 'pow x^0.5', f: (a) => A.pow(a, 0.5), inputs: () => [input([4], 0.2, 3, 13)], forward: T.sqrt },
  { name: 'pow x^-2', f: (a) => A.pow(a, -2), inputs: () => [input([4], 0.5, 2, 14)], forward: (a) => T.powScalar(a, -2) },
  { name: 'pow a^b [2,3]^[3]', f: (a, b) => A.pow(a, b), inputs: () => [input([2, 3], 0.3, 2, 15), input([3], -1.5, 2, 16)], forward: T.pow },
  { name: 'maximum [2,3],[3]', f: (a, b) => A.maximum(a, b), inputs: () => [input([2, 3], -2, 2, 17), input([3], -2, 2, 18)], forward: T.maximum },
  { name: 'minimum [2,3],[2,1]', f: (a, b) => A.minimum(a, b), inputs: () => [input([2, 3], -2, 2, 19), input([2, 1], -2, 2, 20)], forward: T.minimum },
  { name: 'where cond[2,1] a[3] b[2,3]', f: (a, b) => A.where(cond, a, b), inputs: () => [input([3], -2, 2, 21), input([2, 3], -2, 2, 22)], forward: (a, b) => T.where(cond, a, b) },
  // element-wise
  { name: 'exp', f: (a) => A.exp(a), inputs: () => [input([5], -2, 2, 23)], forward: T.exp },
  { name: 'log', f: (a) => A.log(a), inputs: () => [input([5], 0.2, 3, 24)], forward: T.log },
  { name: 'sqrt', f: (a) => A.sqrt(a), inputs: () => [input([5], 0.2, 3, 25)], forward: T.sqrt },
  { name: 'square', f: (a) => A.square(a), inputs: () => [input([5], -2, 2, 26)], forward: T.square },
  { name: 'abs', f: (a) => A.abs(a), inputs: () => [input([6], -2, 2, 27, [0])], forward: T.abs },
  { name: 'sin', f: (a) => A.sin(a), inputs: () => [input([5], -4, 4, 41)], forward: T.sin },
  { name: 'cos', f: (a) => A.cos(a), inputs: () => [input([5], -4, 4, 42)], forward: T.cos },
  { name: 'tanh', f: (a) => A.tanh(a), inputs: () => [input([5], -2, 2, 28)], forward: T.tanh },
  { name: 'sigmoid', f: (a) => A.sigmoid(a), inputs: () => [input([5], -4, 4, 29)], forward: T.sigmoid },
  { name: 'relu', f: (a) => A.relu(a), inputs: () => [input([6], -2, 2, 30, [0])], forward: T.relu },
  { name: 'leakyRelu(0.1)', f: (a) => A.leakyRelu(a, 0.1), inputs: () => [input([6], -2, 2, 31, [0])], forward: (a) => T.leakyRelu(a, 0.1) },
  { name: 'elu(0.7)', f: (a) => A.elu(a, 0.7), inputs: () => [input([6], -2, 2, 32, [0])], forward: (a) => T.elu(a, 0.7) },
  { name: 'softplus', f: (a) => A.softplus(a), inputs: () => [input([6], -3, 3, 33)], forward: (a) => T.softplus(a) },
  { name: 'softplus(beta 2, threshold 3)', f: (a) => A.softplus(a, 2, 3), inputs: () => [input([8], -3, 3, 34, [1.5])], forward: (a) => T.softplus(a, 2, 3) },
  { name: 'gelu', f: (a) => A.gelu(a), inputs: () => [input([6], -3, 3, 35)], forward: T.gelu },
  { name: 'silu', f: (a) => A.silu(a), inputs: () => [input([6], -3, 3, 36)], forward: T.silu },
  { name: 'clamp(-0.5, 1)', f: (a) => A.clamp(a, -0.5, 1), inputs: () => [input([8], -2, 2, 37, [-0.5, 1])], forward: (a) => T.clamp(a, -0.5, 1) },
  { name: 'clamp(min only)', f: (a) => A.clamp(a, 0.3), inputs: () => [input([6], -2, 2, 38, [0.3])], forward: (a) => T.clamp(a, 0.3) },
  { name: 'identity', f: (a) => A.identity(a), inputs: () => [input([3], -2, 2, 39)], forward: (a) => a },
  // reductions
  { name: 'sum all', f: (a) => A.sum(a), inputs: () => [input([2, 3], -2, 2, 40)], forward: (a) => T.sum(a) },
  { name: 'sum axis 1', f: (a) => A.sum(a, 1), inputs: () => [input([2, 3], -2, 2, 41)], forward: (a) => T.sum(a, 1) },
  { name: 'sum axes [0,2] keepdim', f: (a) => A.sum(a, [0, -1], true), inputs: () => [input([2, 3, 2], -2, 2, 42)], forward: (a) => T.sum(a, [0, -1], true) },
  { name: 'mean all', f: (a) => A.mean(a), inputs: () => [input([2, 3], -2, 2, 43)], forward: (a) => T.mean(a) },
  { name: 'mean axis 0 keepdim', f: (a) => A.mean(a, 0, true), inputs: () => [input([3, 2], -2, 2, 44)], forward: (a) => T.mean(a, 0, true) },
  { name: 'mean axes [1,2]', f: (a) => A.mean(a, [1, 2]), inputs: () => [input([2, 2, 3], -2, 2, 45)], forward: (a) => T.mean(a, [1, 2]) },
  { name: 'max all', f: (a) => A.max(a), inputs: () => [input([2, 3], -2, 2, 46)], forward: (a) => T.max(a) },
  { name: 'max axis 1', f: (a) => A.max(a, 1), inputs: () => [input([3, 4], -2, 2, 47)], forward: (a) => T.max(a, 1) },
  { name: 'max axis 0 keepdim', f: (a) => A.max(a, 0, true), inputs: () => [input([3, 4], -2, 2, 48)], forward: (a) => T.max(a, 0, true) },
  { name: 'min all', f: (a) => A.min(a), inputs: () => [input([2, 3], -2, 2, 49)], forward: (a) => T.min(a) },
  { name: 'min axis -1', f: (a) => A.min(a, -1), inputs: () => [input([2, 2, 3], -2, 2, 50)], forward: (a) => T.min(a, -1) },
  { name: 'logsumexp all', f: (a) => A.logsumexp(a), inputs: () => [input([2, 3], -2, 2, 51)], forward: (a) => T.logsumexp(a) },
  { name: 'logsumexp axis 1 keepdim', f: (a) => A.logsumexp(a, 1, true), inputs: () => [input([2, 3], -2, 2, 52)], forward: (a) => T.logsumexp(a, 1, true) },
  { name: 'logsumexp axes [0,2]', f: (a) => A.logsumexp(a, [0, 2]), inputs: () => [input([2, 2, 3], -2, 2, 53)], forward: (a) => T.logsumexp(a, [0, 2]) },
  // nn
  { name: 'softmax axis -1', f: (a) => A.softmax(a), inputs: () => [input([2, 4], -2, 2, 54)], forward: (a) => T.softmax(a) },
  { name: 'softmax axis 0', f: (a) => A.softmax(a, 0), inputs: () => [input([3, 2], -2, 2, 55)], forward: (a) => T.softmax(a, 0) },
  { name: 'logSoftmax axis -1', f: (a) => A.logSoftmax(a), inputs: () => [input([2, 4], -2, 2, 56)], forward: (a) => T.logSoftmax(a) },
  { name: 'logSoftmax axis 1 of 3-D', f: (a) => A.logSoftmax(a, 1), inputs: () => [input([2, 3, 2], -2, 2, 57)], forward: (a) => T.logSoftmax(a, 1) },
  { name: 'linear with bias', f: (x, w, b) => A.linear(x, w, b), inputs: () => [input([3, 4], -1, 1, 58), input([2, 4], -1, 1, 59), input([2], -1, 1, 60)], forward: naiveLinear },
  { name: 'linear without bias', f: (x, w) => A.linear(x, w), inputs: () => [input([3, 4], -1, 1, 61), input([2, 4], -1, 1, 62)], forward: (x, w) => naiveLinear(x, w) },
  // matmul
  { name: 'matmul 2-D', f: (a, b) => A.matmul(a, b), inputs: () => [input([3, 4], -1, 1, 63), input([4, 2], -1, 1, 64)], forward: (a, b) => T.matmul(a, b) },
  { name: 'matmul batched', f: (a, b) => A.matmul(a, b), inputs: () => [input([2, 2, 3], -1, 1, 65), input([2, 3, 2], -1, 1, 66)], forward: (a, b) => T.matmul(a, b) },
  { name: 'matmul broadcast batch [2,1,2,3]·[3,3,2]', f: (a, b) => A.matmul(a, b), inputs: () => [input([2, 1, 2, 3], -1, 1, 67), input([3, 3, 2], -1, 1, 68)], forward: (a, b) => T.matmul(a, b) },
  { name: 'matmul 2-D · batched', f: (a, b) => A.matmul(a, b), inputs: () => [input([2, 3], -1, 1, 69), input([2, 3, 2], -1, 1, 70)], forward: (a, b) => T.matmul(a, b) },
  // shape
  { name: 'reshape -1', f: (a) => A.mul(A.reshape(a, [3, -1]), A.reshape(a, [3, 2])), inputs: () => [input([2, 3], -2, 2, 71)], forward: (a) => T.square(T.reshape(a, [3, 2])) },
  { name: 'transpose 2-D', f: (a, b) => A.mul(A.transpose(a), b), inputs: () => [input([2, 3], -2, 2, 72), input([3, 2], -2, 2, 73)], forward: (a, b) => T.mul(T.transpose(a), b) },
  { name: 'transpose axes [2,0,1]', f: (a) => A.mul(A.transpose(a, [2, 0, 1]), A.transpose(a, [-1, 0, 1])), inputs: () => [input([2, 3, 2], -2, 2, 74)], forward: (a) => T.square(T.permute(a, [2, 0, 1])) },
  { name: 'broadcastTo', f: (a) => A.mul(A.broadcastTo(a, [2, 3, 2]), 1.5), inputs: () => [input([3, 1], -2, 2, 75)], forward: (a) => T.mul(T.broadcastTo(a, [2, 3, 2]), 1.5) },
  { name: 'gatherRows with repeats', f: (a) => A.square(A.gatherRows(a, idx)), inputs: () => [input([3, 2], -2, 2, 76)], forward: (a) => T.square(T.gatherRows(a, idx)) },
  { name: 'sliceRows', f: (a) => A.square(A.sliceRows(a, 1, 3)), inputs: () => [input([4, 2], -2, 2, 77)], forward: (a) => T.square(T.sliceRows(a, 1, 3)) },
  { name: 'concat axis 0', f: (a, b) => A.square(A.concat([a, b, a])), inputs: () => [input([1, 3], -2, 2, 78), input([2, 3], -2, 2, 79)], forward: (a, b) => T.square(T.concat([a, b, a])) },
  { name: 'concat axis -1 of 3-D', f: (a, b) => A.square(A.concat([a, b], -1)), inputs: () => [input([2, 2, 1], -2, 2, 80), input([2, 2, 3], -2, 2, 81)], forward: (a, b) => T.square(T.concat([a, b], -1)) },
  { name: 'concat axis 1', f: (a, b) => A.square(A.concat([a, b], 1)), inputs: () => [input([2, 2, 2], -2, 2, 82), input([2, 1, 2], -2, 2, 83)], forward: (a, b) => T.square(T.concat([a, b], 1)) },
];

describe('every autodiff op', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: forward value and gradcheck (float64)', (_, c) => {
    const xs = c.inputs();
    const out = c.f(...xs.map((x) => A.variable(x)));
    const ref = c.forward(...xs);
    expect(out.shape).toEqual(ref.shape);
    expect(out.dtype).toBe('float64');
    for (let i = 0; i < ref.size; i++) expect(out.value.data[i]).toBeCloseTo(ref.data[i], 13);
    const r = A.gradcheck(c.f, xs);
    if (!r.ok) expect.fail(`gradcheck failed: ${JSON.stringify(r.worst)}`);
    expect(r.maxAbsError).toBeLessThan(1e-6);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: float32 graph gradient ≈ float64 gradient (rtol 1e-4)', (_, c) => {
    // The same inputs in both dtypes (rounded to float32 first), reduced to a scalar with fixed weights.
    const x32 = c.inputs().map((x) => T.cast(x, 'float32'));
    const x64 = x32.map((x) => T.cast(x, 'float64'));
    const loss = (dtype: DType) => (...vs: Var[]) => {
      const y = c.f(...vs);
      const w = T.uniform(y.shape, -1, 1, { seed: 99, dtype });
      return A.sum(A.mul(y, w));
    };
    const g32 = A.valueAndGrad(loss('float32'))(...x32);
    const g64 = A.valueAndGrad(loss('float64'))(...x64);
    expect(g32.value).toBeCloseTo(g64.value, 4);
    g32.grads.forEach((g, k) => {
      expect(g.dtype).toBe('float32');
      const ref = g64.grads[k];
      const scale = Math.max(1, ...ref.toFlat().map(Math.abs));
      for (let i = 0; i < ref.size; i++) {
        const err = Math.abs(g.data[i] - ref.data[i]);
        if (!(err <= 1e-4 * Math.abs(ref.data[i]) + 1e-5 * scale)) expect.fail(`input ${k} element ${i}: float32 ${g.data[i]} vs float64 ${ref.data[i]}`);
      }
    });
  });
});

