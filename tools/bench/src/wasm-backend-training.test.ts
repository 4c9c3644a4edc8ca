import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Tensor, Rng, getBackend, setBackend, setSharedAllocation, useWasmBackend, cpuBackend, type Backend } from '@descent/core-tensor';
import { gradcheck, linear, relu, tanh, constant } from '@descent/autodiff';
import { Sequential, Linear, ReLU } from '@descent/layers';
import { crossEntropy, mse } from '@descent/losses';
import { adam } from '@descent/optimizers';

// The wasm backend under the real stack: float64 gradient checks (exact JS kernels) and float32
// training that follows the cpu backend to float32 rounding.
describe('training on the wasm backend', () => {
  let wasm: Backend;
  let prev: Backend;
  beforeAll(async () => {
    prev = getBackend();
    wasm = await useWasmBackend({ threads: 2, minWorkPerThread: 1 });
  });
  afterAll(() => {
    setBackend(prev);
    setSharedAllocation(true);
    wasm.dispose?.();
  });

  const rand = (rng: Rng, shape: number[], dtype: 'float32' | 'float64') => {
    const n = shape.reduce((a, b) => a * b, 1);
    const d = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = rng.normal(0, 1);
    return new Tensor(d, shape);
  };

  it('gradcheck passes in float64 for linear → relu/tanh → linear → CE/MSE', () => {
    expect(getBackend().name).toMatch(/^wasm/);
    const rng = new Rng(3);
    const x = rand(rng, [6, 5], 'float64'), w1 = rand(rng, [7, 5], 'float64'), b1 = rand(rng, [7], 'float64');
    const w2 = rand(rng, [3, 7], 'float64'), b2 = rand(rng, [3], 'float64');
    const labels = Int32Array.from([0, 2, 1, 1, 0, 2]);
    const ce = gradcheck((xx, a, b, c, d) => crossEntropy(linear(relu(linear(xx, a, b)), c, d), labels), [x, w1, b1, w2, b2]);
    expect(ce.ok).toBe(true);
    const y = rand(rng, [6, 3], 'float64');
    const sq = gradcheck((xx, a, b, c, d) => mse(linear(tanh(linear(xx, a, b)), c, d), y), [x, w1, b1, w2, b2]);
    expect(sq.ok).toBe(true);
  });

  it('float32 Adam training of a 784→64→10 MLP tracks the cpu backend', () => {
    const run = (backend: Backend): number[] => {
      const before = setBackend(backend);
      try {
        const rng = new Rng(11);
        const model = new Sequential(new Linear(784, 64, { seed: 1 }), new ReLU(), new Linear(64, 10, { seed: 2 }));
        const params = model.parameters();
        const opt = adam({ lr: 1e-3 });
        const x = constant(rand(rng, [32, 784], 'float32'));
        const labels = Int32Array.from({ length: 32 }, (_, i) => i % 10);
        const losses: number[] = [];
        for (let s = 0; s < 5; s++) {
          model.zeroGrad();
          const loss = crossEntropy(model.forward(x), labels);
          loss.backward();
          opt.step(params.map((p) => p.value), params.map((p) => p.grad!));
          losses.push(loss.item());
        }
        return losses;
      } finally {
        setBackend(before);
      }
    };
    const a = run(wasm), b = run(cpuBackend);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-4 * (1 + Math.abs(b[i])));
    expect(a[4]).toBeLessThan(a[0]); // and it learns
  });
});
