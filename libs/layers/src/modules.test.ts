import { describe, expect, it } from 'vitest';
import { Tensor, tensor, fromArray } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Dropout, Linear, Sequential, Tanh, ReLU, countParameters, type StateDict } from './index.js';

const f64 = (v: number[][]): Tensor => tensor(v, 'float64');

describe('Linear', () => {
  it('computes x·Wᵀ + b with PyTorch layout', () => {
    const l = new Linear(2, 3, { weight: f64([[1, 2], [3, 4], [5, 6]]), biasValue: fromArray([0.5, -1, 0], [3], 'float64'), dtype: 'float64' });
    expect(l.weight.shape).toEqual([3, 2]);
    const y = l.forward(A.constant(f64([[1, -1], [2, 0.5]])));
    expect(y.value.toArray()).toEqual([[-0.5, -2, -1], [3.5, 7, 13]]);
    expect(l.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
    expect(countParameters(l)).toBe(9);
  });

  it('copies given tensors, supports no bias, validates', () => {
    const w = f64([[1, 2]]);
    const l = new Linear(2, 1, { weight: w, bias: false, dtype: 'float64' });
    expect(l.weight.value).not.toBe(w);
    expect(l.bias).toBeNull();
    expect(l.parameters()).toHaveLength(1);
    expect(() => new Linear(0, 2)).toThrow(/Linear: in \(input features\) must be a positive integer, got 0/);
    expect(() => new Linear(2, 1.5)).toThrow(/out \(output features\) must be a positive integer/);
    expect(() => new Linear(3, 1, { weight: w })).toThrow(/weight has shape \[1, 2\], expected \[1, 3\]/);
    expect(() => l.forward(A.constant(f64([[1, 2, 3]])))).toThrow(/does not fit weight/);
  });

  it('gradients match finite differences (float64)', () => {
    const l = new Linear(3, 2, { seed: 1, dtype: 'float64' });
    const x = f64([[0.3, -0.2, 1.1], [0.5, 0.4, -0.9]]);
    const r = A.gradcheck((xx, w, b) => A.linear(xx, w, b), [x, l.weight.value, l.bias!.value]);
    expect(r.ok).toBe(true);
  });

  it('float32 by default', () => {
    const l = new Linear(2, 2);
    expect(l.weight.dtype).toBe('float32');
    expect(l.forward(A.constant(tensor([[1, 2]]))).dtype).toBe('float32');
  });
});

describe('Sequential and state dicts', () => {
  const net = (seed: number): Sequential => new Sequential(new Linear(2, 4, { seed, dtype: 'float64' }), new Tanh(), new Linear(4, 1, { seed: seed + 1, dtype: 'float64' }));

  it('names parameters like PyTorch and chains forward', () => {
    const m = net(1);
    expect(m.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['0.weight', [4, 2]], ['0.bias', [4]], ['2.weight', [1, 4]], ['2.bias', [1]]]);
    const x = A.constant(f64([[0.1, 0.2]]));
    const manual = (m.modules[2] as Linear).forward(A.tanh((m.modules[0] as Linear).forward(x)));
    expect(Array.from(m.forward(x).value.data)).toEqual(Array.from(manual.value.data));
    expect(() => new Sequential(new ReLU(), {} as never)).toThrow(/Sequential: argument 1 is not a module/);
  });

  it('state dict round-trips through JSON, in place', () => {
    const a = net(1), b = net(10);
    const before = b.parameters().map((p) => p.value);
    const sd = JSON.parse(JSON.stringify(a.stateDict())) as StateDict;
    expect(sd['0.weight'].shape).toEqual([4, 2]);
    expect(sd['0.weight'].data).toHaveLength(8);
    b.loadStateDict(sd);
    b.parameters().forEach((p, i) => expect(p.value).toBe(before[i])); // same tensors (optimizers keep them)
    expect(b.stateDict()).toEqual(a.stateDict());
    const x = A.constant(f64([[0.3, -0.7]]));
    expect(b.forward(x).item()).toBe(a.forward(x).item());
  });

  it('load validation names the problem and leaves the model unchanged', () => {
    const m = net(1);
    const good = m.stateDict();
    const snapshot = JSON.stringify(good);
    const { ['2.bias']: _drop, ...missing } = good;
    expect(() => m.loadStateDict(missing)).toThrow(/loadStateDict: missing parameters: 2\.bias/);
    expect(() => m.loadStateDict({ ...good, '3.weight': { shape: [1], data: [1] } })).toThrow(/unexpected parameters: 3\.weight/);
    const badShape = { ...good, '0.weight': { shape: [2, 4], data: good['0.weight'].data.map(() => 9) } };
    expect(() => m.loadStateDict(badShape)).toThrow(/"0\.weight" has shape \[2, 4\] but the model expects \[4, 2\]/);
    const badLen = { ...good, '0.bias': { shape: [4], data: [1, 2] } };
    expect(() => m.loadStateDict(badLen)).toThrow(/"0\.bias" has 2 values but shape \[4\] needs 4/);
    const nan = { ...good, '2.bias': { shape: [1], data: [NaN] } };
    expect(() => m.loadStateDict(nan)).toThrow(/"2\.bias" value 0 is not a finite number/);
    expect(() => m.loadStateDict([] as never)).toThrow(/expected an object/);
    expect(JSON.stringify(m.stateDict())).toBe(snapshot);
  });

  it('train/eval propagate and zeroGrad clears', () => {
    const d = new Dropout(0.5);
    const m = new Sequential(new Linear(2, 2, { dtype: 'float64' }), d);
    expect(m.training && d.training).toBe(true);
    m.eval();
    expect(m.training || d.training).toBe(false);
    m.train();
    expect(d.training).toBe(true);
    A.sum(m.forward(A.constant(f64([[1, 2]])))).backward();
    expect(m.parameters()[0].grad).not.toBeNull();
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('Dropout', () => {
  const ones = (n: number): A.Var => A.variable(fromArray(new Array(n).fill(1), [n / 100, 100], 'float64'));

  it('zeros about p of the elements and scales survivors by 1/(1-p)', () => {
    const d = new Dropout(0.3, { seed: 4 });
    const y = d.forward(ones(10000)).value.data;
    const zeros = Array.from(y).filter((v) => v === 0).length;
    expect(zeros / 10000).toBeGreaterThan(0.28);
    expect(zeros / 10000).toBeLessThan(0.32);
    expect(Array.from(y).every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-15)).toBe(true);
  });

  it('is the identity in eval mode and for p = 0; p = 1 drops everything', () => {
    const x = ones(200);
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(Array.from(new Dropout(1).forward(x).value.data).every((v) => v === 0)).toBe(true);
  });

  it('is seeded, and the gradient follows the mask', () => {
    const a = new Dropout(0.5, { seed: 1 }).forward(ones(200)).value.data;
    const b = new Dropout(0.5, { seed: 1 }).forward(ones(200)).value.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    const x = ones(200);
    const y = new Dropout(0.5, { seed: 2 }).forward(x);
    A.sum(y).backward();
    expect(Array.from(x.grad!.data)).toEqual(Array.from(y.value.data));
  });

  it('validates p', () => {
    expect(() => new Dropout(1.5)).toThrow(/Dropout: p must be a probability in \[0, 1\], got 1.5/);
    expect(() => new Dropout(-0.1)).toThrow(/got -0.1/);
  });
});

describe('forward input', () => {
  const model = () => new Sequential(new Linear(2, 3, { seed: 1, dtype: 'float64' }), new Tanh(), new Linear(3, 1, { seed: 2, dtype: 'float64' }));

  it('takes a plain Tensor as PyTorch takes model(x): the same result as a constant Var, and gradients still reach the weights', () => {
    const m = model();
    const x = f64([[1, -1], [0.5, 2]]);
    const a = m.forward(x), b = m.forward(A.constant(x));
    expect(a.value.toArray()).toEqual(b.value.toArray());
    A.sum(a).backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    for (const layer of [new Linear(2, 2, { dtype: 'float64' }), new ReLU(), new Dropout(0.5), new Tanh()]) {
      expect(layer.forward(x).value.shape).toEqual([2, 2]);
    }
  });

  it('a nested array or other value is refused naming the module and how to make a tensor', () => {
    expect(() => model().forward([[1, 2]] as never)).toThrow(/Sequential\.forward: expected a Tensor or an autodiff Var, got a nested array: make a tensor first, e\.g\. model\.forward\(tensor\(\[\[1, 2\]\]\)\)/);
    expect(() => new Linear(2, 1).forward(null as never)).toThrow('Linear.forward: expected a Tensor or an autodiff Var, got null');
    expect(() => new ReLU().forward(3 as never)).toThrow(/relu\.forward: expected a Tensor or an autodiff Var, got number 3/);
  });
});
