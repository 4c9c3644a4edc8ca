import { describe, it, expect } from 'vitest';
import * as T from '@descent/core-tensor';
import * as A from '../src/index.js';
import { Var, variable, constant, node, noGrad, isTracking, grad, valueAndGrad, gradcheck, exportGraph } from '../src/index.js';

const g1 = (f: (x: Var) => Var, xs: number[]): number[] => grad((x) => A.sum(f(x)))(T.tensor(xs, 'float64'))[0].toFlat();

describe('Var and leaves', () => {
  it('variable/constant from nested arrays or tensors, with dtype and name', () => {
    const v = variable([[1, 2], [3, 4]], { name: 'w', dtype: 'float64' });
    expect(v.shape).toEqual([2, 2]);
    expect(v.dtype).toBe('float64');
    expect(v.isLeaf).toBe(true);
    expect(v.requiresGrad).toBe(true);
    expect(v.name).toBe('w');
    expect(v.op).toBe('leaf');
    expect(variable(T.ones([2], 'float32'), { dtype: 'float64' }).dtype).toBe('float64');
    expect(variable([1]).dtype).toBe('float32');
    const c = constant([5]);
    expect(c.requiresGrad).toBe(false);
    expect(variable(3).item()).toBe(3);
  });

  it('numbers and tensors met as arguments become constants of the partner dtype', () => {
    const x = variable([1, 2], { dtype: 'float64' });
    const y = A.mul(x, 0.1);
    expect(y.dtype).toBe('float64');
    expect(y.value.data[0]).toBe(0.1);
    expect(A.add(T.ones([2], 'float64'), x).parents[0].requiresGrad).toBe(false);
    expect(() => A.add(x, 'a' as never)).toThrow(/expected a Var, Tensor or number, got string/);
  });

  it('ops on constants only make plain values (no graph)', () => {
    const c = constant([1, 2]);
    const y = A.exp(c);
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
  });
});

describe('backward', () => {
  it('fan-out: x*x gives 2x; x used by three nodes sums three gradients', () => {
    expect(g1((x) => A.mul(x, x), [3, -1.5])).toEqual([6, -3]);
    const x = variable([0.5, -1], { dtype: 'float64' });
    const y = variable([2, 3], { dtype: 'float64' });
    const f = A.sum(A.add(A.add(A.mul(x, y), A.exp(x)), A.div(x, 2)));
    f.backward();
    const expected = [0.5, -1].map((v, i) => [2, 3][i] + Math.exp(v) + 0.5);
    x.grad!.toFlat().forEach((g, i) => expect(g).toBeCloseTo(expected[i], 14));
    expect(y.grad!.toFlat()).toEqual([0.5, -1]);
    // A deep chain reusing a value at every step (exercises the iterative topological sort).
    let z: Var = x;
    for (let i = 0; i < 5000; i++) z = A.add(z, x);
    A.sum(z).backward();
  });

  it('broadcasting gradients are summed over the broadcast axes', () => {
    const a = variable(T.ones([2, 3], 'float64'));
    const b = variable(T.tensor([1, 2, 3], 'float64'));
    const c = variable(T.tensor([[10], [20]], 'float64'));
    A.sum(A.mul(A.add(a, b), c)).backward();
    expect(a.grad!.toArray()).toEqual([[10, 10, 10], [20, 20, 20]]);
    expect(b.grad!.shape).toEqual([3]);
    expect(b.grad!.toFlat()).toEqual([30, 30, 30]);
    expect(c.grad!.shape).toEqual([2, 1]);
    expect(c.grad!.toFlat()).toEqual([2 + 3 + 4, 2 + 3 + 4]);
    const s = variable(T.tensor(2, 'float64'));
    A.sum(A.mul(s, T.ones([4, 5], 'float64'))).backward();
    expect(s.grad!.shape).toEqual([]);
    expect(s.grad!.item()).toBe(20);
  });

  it('kink conventions: relu\'(0)=0, abs\'(0)=0, leakyRelu\'(0)=slope, elu\'(0)=alpha, clamp bounds pass', () => {
    expect(g1(A.relu, [-1, 0, 2])).toEqual([0, 0, 1]);
    expect(g1(A.abs, [-2, 0, 3])).toEqual([-1, 0, 1]);
    expect(g1((x) => A.leakyRelu(x, 0.1), [-1, 0, 1])).toEqual([0.1, 0.1, 1]);
    expect(g1((x) => A.elu(x, 0.5), [0, 1])).toEqual([0.5, 1]);
    expect(g1((x) => A.clamp(x, -1, 1), [-2, -1, 0, 1, 2])).toEqual([0, 1, 1, 1, 0]);
    expect(g1((x) => A.clamp(x, undefined, 0), [-1, 0, 1])).toEqual([1, 1, 0]);
    expect(g1((x) => A.pow(x, 0), [0, 2])).toEqual([0, 0]);
    expect(g1((x) => A.pow(x, 2), [0, -3])).toEqual([0, -6]);
  });

  it('max/min ties: along a dim the first maximum takes the gradient; over all elements ties split evenly', () => {
    const m = T.tensor([[1, 3, 3], [5, 5, 0]], 'float64');
    expect(grad((x) => A.sum(A.max(x, 1)))(m)[0].toArray()).toEqual([[0, 1, 0], [1, 0, 0]]);
    expect(grad((x) => A.sum(A.min(x, 0)))(T.tensor([[2, 1], [2, 1]], 'float64'))[0].toArray()).toEqual([[1, 1], [0, 0]]);
    expect(grad((x) => A.max(x))(T.tensor([3, 1, 3, 2], 'float64'))[0].toFlat()).toEqual([0.5, 0, 0.5, 0]);
    expect(grad((x) => A.min(x))(T.tensor([0, 0, 0, 1], 'float64'))[0].toFlat()).toEqual([1 / 3, 1 / 3, 1 / 3, 0]);
    expect(grad((x) => A.mul(A.max(x), 4))(T.tensor([7, 7], 'float64'))[0].toFlat()).toEqual([2, 2]);
    // Element-wise maximum/minimum split ties evenly between the two inputs.
    const [ga, gb] = grad((a, b) => A.sum(A.maximum(a, b)))(T.tensor([1, 2, 3], 'float64'), T.tensor([1, 0, 4], 'float64'));
    expect(ga.toFlat()).toEqual([0.5, 1, 0]);
    expect(gb.toFlat()).toEqual([0.5, 0, 1]);
    const [ha, hb] = grad((a, b) => A.sum(A.minimum(a, b)))(T.tensor([1, 2], 'float64'), T.tensor([1, 0], 'float64'));
    expect(ha.toFlat()).toEqual([0.5, 0]);
    expect(hb.toFlat()).toEqual([0.5, 1]);
  });

  it('pow(a, b) with a = 0 gives a zero gradient for b (not NaN)', () => {
    const [ga, gb] = grad((a, b) => A.sum(A.pow(a, b)))(T.tensor([0, 2], 'float64'), T.tensor([2, 3], 'float64'));
    expect(ga.toFlat()).toEqual([0, 12]);
    expect(gb.toFlat()).toEqual([0, 8 * Math.log(2)]);
  });

  it('leaf gradients accumulate across backward() calls until zeroGrad; inner nodes hold the latest', () => {
    const x = variable([1, 2], { dtype: 'float64' });
    const build = () => A.sum(A.mul(x, 3));
    build().backward();
    expect(x.grad!.toFlat()).toEqual([3, 3]);
    const y = build();
    y.backward();
    expect(x.grad!.toFlat()).toEqual([6, 6]);
    expect(y.grad!.item()).toBe(1);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    build().backward();
    expect(x.grad!.toFlat()).toEqual([3, 3]);
  });

  it('leaves that do not require a gradient get none; a custom seed is used', () => {
    const x = variable([1, 2], { dtype: 'float64' });
    const c = constant([5, 6], { dtype: 'float64' });
    const y = A.mul(x, c);
    y.backward(T.tensor([1, -1], 'float64'));
    expect(x.grad!.toFlat()).toEqual([5, -6]);
    expect(c.grad).toBeNull();
  });

  it('errors: a root that does not depend on a variable, a seed of the wrong shape', () => {
    expect(() => constant([1]).backward()).toThrow(/backward: this value does not depend on any variable that requires a gradient/);
    const x = variable([1, 2]);
    const y = noGrad(() => A.sum(A.mul(x, 2)));
    expect(() => y.backward()).toThrow(/does not depend on any variable/);
    expect(() => A.mul(x, 2).backward(T.ones([3]))).toThrow(/backward: seed gradient shape \[3\] does not match the output shape \[2\]/);
  });
});

describe('noGrad', () => {
  it('records no graph inside and restores tracking, also after an exception', () => {
    const x = variable([1, 2]);
    expect(isTracking()).toBe(true);
    const y = noGrad(() => {
      expect(isTracking()).toBe(false);
      return A.exp(x);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
    expect(y.value.toFlat()).toEqual(T.exp(x.value).toFlat());
    expect(isTracking()).toBe(true);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isTracking()).toBe(true);
    expect(noGrad(() => noGrad(() => isTracking()))).toBe(false);
    expect(A.exp(x).requiresGrad).toBe(true);
  });
});

describe('grad and valueAndGrad', () => {
  it('return the value and one gradient per argument', () => {
    const f = (x: Var, y: Var) => A.sum(A.mul(A.square(x), y));
    const x = T.tensor([1, 2], 'float64'), y = T.tensor([3, 4], 'float64');
    const r = valueAndGrad(f)(x, y);
    expect(r.value).toBe(1 * 3 + 4 * 4);
    expect(r.grads[0].toFlat()).toEqual([6, 16]);
    expect(r.grads[1].toFlat()).toEqual([1, 4]);
    expect(grad(f)(x, y).map((g) => g.toFlat())).toEqual([[6, 16], [1, 4]]);
  });

  it('an argument f ignores gets a zero gradient of its shape and dtype', () => {
    const [gx, gy] = grad((x) => A.sum(x))(T.ones([2], 'float64'), T.ones([3], 'float32'));
    expect(gx.toFlat()).toEqual([1, 1]);
    expect(gy.shape).toEqual([3]);
    expect(gy.dtype).toBe('float32');
    expect(gy.toFlat()).toEqual([0, 0, 0]);
    expect(valueAndGrad(() => A.constant([4]))(T.ones([1])).value).toBe(4);
  });

  it('errors name the problem', () => {
    expect(() => valueAndGrad((x) => A.mul(x, 2))(T.ones([2]))).toThrow(/valueAndGrad: f must return a Var with one element, got shape \[2\]/);
    expect(() => valueAndGrad((x) => x)([1, 2] as never)).toThrow(/valueAndGrad: argument 0 is not a Tensor/);
    expect(() => valueAndGrad(() => 3 as never)(T.ones([1]))).toThrow(/f must return a Var with one element, got number/);
  });
});

describe('exportGraph', () => {
  it('f(x, y, z) = (x + y)·z at (−2, 5, −4): nodes, edges, values and gradients', () => {
    const x = variable(T.tensor(-2, 'float64'), { name: 'x' });
    const y = variable(T.tensor(5, 'float64'), { name: 'y' });
    const z = variable(T.tensor(-4, 'float64'), { name: 'z' });
    const q = A.add(x, y);
    const f = A.mul(q, z);
    const before = exportGraph(f);
    expect(before.nodes.every((n) => n.grad === null)).toBe(true);
    f.backward();
    const g = exportGraph(f);
    expect(g.output).toBe(f.id);
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(g.nodes.map((n) => n.op)).toEqual(['leaf', 'leaf', 'add', 'leaf', 'mul']);
    expect(g.nodes.map((n) => n.name ?? null)).toEqual(['x', 'y', null, 'z', null]);
    expect(byId.get(x.id)).toMatchObject({ value: [-2], grad: [-4], shape: [] });
    expect(byId.get(y.id)).toMatchObject({ value: [5], grad: [-4] });
    expect(byId.get(z.id)).toMatchObject({ value: [-4], grad: [3] });
    expect(byId.get(q.id)).toMatchObject({ op: 'add', value: [3], grad: [-4] });
    expect(byId.get(f.id)).toMatchObject({ op: 'mul', value: [-12], grad: [1] });
    // Each edge: its local derivative (∂q/∂x = 1, ∂f/∂q = z, ∂f/∂z = q) and what it carried back (upstream × local).
    expect(g.edges).toEqual([
      { from: x.id, to: q.id, input: 0, local: [1], grad: [-4] },
      { from: y.id, to: q.id, input: 1, local: [1], grad: [-4] },
      { from: q.id, to: f.id, input: 0, local: [-4], grad: [-4] },
      { from: z.id, to: f.id, input: 1, local: [3], grad: [3] },
    ]);
    expect(before.edges.map((e) => e.grad)).toEqual([null, null, null, null]);
    expect(g.nodes.map((n) => n.order)).toEqual([0, 1, 2, 3, 4]);
    // Parents come before children in node order.
    const pos = new Map(g.nodes.map((n, i) => [n.id, i]));
    for (const e of g.edges) expect(pos.get(e.from)!).toBeLessThan(pos.get(e.to)!);
  });

  it('fan-out: a value used twice has two edges whose gradients sum to its own; constants carry none', () => {
    const x = variable(T.tensor(3, 'float64'), { name: 'x' });
    const f = A.add(A.mul(x, x), 2); // x² + 2: x feeds mul twice
    f.backward();
    const g = exportGraph(f);
    const intoMul = g.edges.filter((e) => e.from === x.id);
    expect(intoMul.map((e) => [e.local, e.grad])).toEqual([[[3], [3]], [[3], [3]]]);
    expect(g.nodes.find((n) => n.id === x.id)!.grad).toEqual([6]);
    const constant = g.edges.find((e) => g.nodes.find((n) => n.id === e.from)!.op === 'const')!;
    expect([constant.local, constant.grad]).toEqual([null, null]);
  });
});

describe('gradcheck', () => {
  it('passes a correct gradient and reports the largest error', () => {
    const r = gradcheck((a, b) => A.mul(A.tanh(a), b), [T.tensor([1, 2], 'float64'), T.tensor([3, 4], 'float64')]);
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-8);
  });

  it('fails a deliberately wrong backward and names the worst element', () => {
    // d(x²)/dx is 2x; this node claims x.
    const badSquare = (x: Var) => node('badSquare', T.square(x.value), [x], (g) => [T.mul(g, x.value)]);
    const r = gradcheck((x) => A.sum(badSquare(x)), [T.tensor([0.5, -3, 1], 'float64')]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ input: 0, index: 1, output: 0 });
    expect(r.worst!.analytic).toBeCloseTo(-3, 12);
    expect(r.worst!.numeric).toBeCloseTo(-6, 6);
    expect(r.worst!.error).toBeCloseTo(3, 6);
    expect(r.maxAbsError).toBeCloseTo(3, 6);
  });

  it('names the input when only one of several inputs has a wrong gradient', () => {
    // Correct for a, wrong sign for b.
    const bad = (a: Var, b: Var) => node('badMul', T.mul(a.value, b.value), [a, b], (g) => [T.mul(g, b.value), T.neg(T.mul(g, a.value))]);
    const r = gradcheck(bad, [T.tensor([1, 2], 'float64'), T.tensor([0.5, 4], 'float64')]);
    expect(r.ok).toBe(false);
    expect(r.worst).toMatchObject({ input: 1, index: 1, output: 1, analytic: -2, error: expect.closeTo(4, 6) });
  });

  it('evaluates in float64 even for float32 inputs, and respects tolerances', () => {
    const r = gradcheck((x) => A.exp(x), [T.tensor([0.1, 0.2], 'float32')]);
    expect(r.ok).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-8);
    const off = (x: Var) => node('offByOnePercent', T.exp(x.value), [x], (g) => [T.mul(g, T.affine(T.exp(x.value), 1.01))]);
    expect(gradcheck(off, [T.tensor([1], 'float64')]).ok).toBe(false);
    expect(gradcheck(off, [T.tensor([1], 'float64')], { rtol: 0.02 }).ok).toBe(true);
  });
});

describe('gradient storage', () => {
  it('each leaf owns its gradient, so in-place updates (clipping, optimizers) touch one parameter only', () => {
    const x = variable([1, 2], { dtype: 'float64' }), y = variable([3, 4], { dtype: 'float64' });
    const s = A.add(x, y);
    A.sum(s).backward();
    expect(x.grad).not.toBe(y.grad);
    expect(x.grad!.data.buffer).not.toBe(y.grad!.data.buffer);
    expect(x.grad!.data.buffer).not.toBe(s.grad!.data.buffer);
    x.grad!.data[0] *= 0.5;
    expect(y.grad!.toFlat()).toEqual([1, 1]);
    const p = variable([1, 2, 3, 4], { dtype: 'float64' });
    const r = A.reshape(p, [2, 2]);
    A.sum(A.mul(r, 2)).backward();
    expect(p.grad!.data.buffer).not.toBe(r.grad!.data.buffer);
  });
});

describe('PyTorch safety rails', () => {
  it('a second backward() through the same graph throws, unless the first retained it', () => {
    const { mul, sum } = A, { tensor } = T;
    const x = variable(tensor([1, 2, 3], 'float64'));
    const loss = sum(mul(x, x));
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 4, 6]);
    expect(() => loss.backward()).toThrow(/backward: this graph was already used by a backward\(\).*retainGraph: true/);
    expect(Array.from(x.grad!.data)).toEqual([2, 4, 6]); // not accumulated twice
    const y = variable(tensor([1, 2], 'float64'));
    const l2 = sum(mul(y, y));
    l2.backward(undefined, { retainGraph: true });
    l2.backward();
    expect(Array.from(y.grad!.data)).toEqual([4, 8]); // accumulated on purpose
  });
  it('a nested array where a value is expected says how to make one', () => {
    const { add } = A;
    expect(() => add([[1, 2]] as never, 1)).toThrow(/expected a Var, Tensor or number, got a nested array: make it a value first, constant\(/);
    expect(() => add(constant([1, 2]), null as never)).toThrow(/got null/);
  });
});
