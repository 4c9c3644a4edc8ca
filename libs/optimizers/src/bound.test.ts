import { describe, expect, it } from 'vitest';
import { OptionError, Tensor, TensorError, tensor } from '@descent/core-tensor';
import { Adam, SGD, createOptimizer, type Parameter } from './index.js';

const param = (values: number[], name?: string, dtype: 'float32' | 'float64' = 'float64'): Parameter => ({ value: tensor(values, dtype), grad: null, name });
const grad = (p: Parameter, g: number[]) => void (p.grad = tensor(g, p.value.dtype));

describe('bound optimizers (PyTorch form)', () => {
  it('new Adam(params).step() equals the functional optimizer step for step, bit for bit', () => {
    const a = [param([1, -2, 3]), param([0.5])];
    const b = [tensor([1, -2, 3], 'float64'), tensor([0.5], 'float64')];
    const bound = new Adam(a, { lr: 0.1, betas: [0.8, 0.99] });
    const fn = createOptimizer('adam', { lr: 0.1, betas: [0.8, 0.99] });
    for (let t = 0; t < 5; t++) {
      const gs = [[0.1 * t, -0.3, 2], [1 - t]];
      a.forEach((p, i) => grad(p, gs[i]));
      bound.step();
      fn.step(b, gs.map((g) => tensor(g, 'float64')));
      bound.zeroGrad();
      expect(a[0].grad).toBeNull();
    }
    expect(Array.from(a[0].value.data)).toEqual(Array.from(b[0].data));
    expect(Array.from(a[1].value.data)).toEqual(Array.from(b[1].data));
  });

  it('parameter groups have their own options', () => {
    const w = param([1, 1]), bias = param([0]);
    const opt = new SGD([{ params: [w] }, { params: [bias], lr: 1 }], { lr: 0.1, momentum: 0.5 });
    expect(opt.paramGroups.map((g) => [g.options.lr, g.options.momentum])).toEqual([[0.1, 0.5], [1, 0.5]]);
    grad(w, [1, 1]);
    grad(bias, [1]);
    opt.step();
    expect(Array.from(w.value.data)).toEqual([0.9, 0.9]);
    expect(Array.from(bias.value.data)).toEqual([-1]);
  });

  it('stateDict/loadStateDict resume exactly', () => {
    const run = (split: boolean) => {
      const p = [param([1, 2]), param([3])];
      let opt = new Adam(p, { lr: 0.05 });
      for (let t = 0; t < 6; t++) {
        if (split && t === 3) {
          const sd = JSON.parse(JSON.stringify(opt.stateDict()));
          opt = new Adam(p, { lr: 0.05 });
          opt.loadStateDict(sd);
        }
        grad(p[0], [t, -t]);
        grad(p[1], [1]);
        opt.step();
      }
      return p.flatMap((x) => Array.from(x.value.data));
    };
    expect(run(true)).toEqual(run(false));
    const two = [param([1]), param([2])];
    const other = new Adam(two);
    two.forEach((x) => grad(x, [1]));
    other.step();
    const target = new Adam([param([1])]);
    expect(() => target.loadStateDict(other.stateDict())).toThrow(/group 0 was saved with 2 parameters, this one has 1/);
  });

  it('step() before any backward() names the problem; a parameter left without a gradient is named', () => {
    const p = [param([1], '0.weight'), param([2], '0.bias')];
    const opt = new Adam(p);
    let e: unknown;
    try {
      opt.step();
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(OptionError);
    expect((e as OptionError).reason).toMatch(/no parameter has a gradient: call loss.backward\(\) before optimizer.step\(\)/);
    grad(p[0], [1]);
    expect(() => opt.step()).toThrow(/parameter 1 \(0\.bias\) of group 0 has no gradient/);
  });

  it('refuses float64 gradients for float32 parameters (and the reverse), naming the fix', () => {
    const p = param([1, 2], 'w', 'float32');
    p.grad = new Tensor(new Float64Array([1, 1]), [2]);
    expect(() => new SGD([p], { lr: 0.1 }).step()).toThrow(TensorError);
    expect(() => new SGD([p], { lr: 0.1 }).step()).toThrow(/same dtype, but grad 0 is float64 and param 0 is float32: cast one/);
  });

  it('bad construction is an OptionError naming the option', () => {
    expect(() => new Adam([])).toThrow(/params must be a non-empty list/);
    expect(() => new Adam([param([1])], { lr: -1 })).toThrow(/adam: lr must be at least 0, got -1/);
    const p = param([1]);
    expect(() => new SGD([{ params: [p] }, { params: [p] }])).toThrow(/appears in more than one group/);
  });
});
