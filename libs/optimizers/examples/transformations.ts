import assert from 'node:assert/strict';
import { Tensor, OptionError } from '@descent/core-tensor';
import { adam, createOptimizer, Optimizer } from '@descent/optimizers';

// Without a model: minimize f(p) = Σ aᵢ (pᵢ - cᵢ)² / 2, an ill-conditioned quadratic, from p = 0.
// Its gradient is aᵢ (pᵢ - cᵢ). step(params, grads) takes the tensors directly.
const a = [1, 10, 100];
const c = [3, -2, 0.5];
const p = new Tensor(new Float64Array(3), [3]);
const g = new Tensor(new Float64Array(3), [3]);
const gradient = () => p.data.forEach((pi, i) => (g.data[i] = a[i] * (pi - c[i])));

const opt = adam({ lr: 0.1 });                     // PyTorch's Adam: betas [0.9, 0.999], eps 1e-8
for (let t = 0; t < 1000; t++) {
  gradient();
  opt.step([p], [g]);                              // updates p.data in place
}
p.data.forEach((pi, i) => assert.ok(Math.abs(pi - c[i]) < 1e-4, `p[${i}] = ${pi}, expected ${c[i]}`));
assert.equal(opt.stepCount, 1000);

// Any optimizer by name with PyTorch's option names; the names and values are typed and validated.
const sgd = createOptimizer('sgd', { lr: 0.01, momentum: 0.9, nesterov: true });
assert.equal(sgd.lr, 0.01);
assert.throws(() => createOptimizer('adam', { lr: -1 }), /lr/);
// A misspelt option is a compile error, and at run time a structured OptionError listing the valid ones.
// @ts-expect-error learningRate is not an Adam option
assert.throws(() => createOptimizer('adam', { learningRate: 0.1 }), (e) => e instanceof OptionError && e.option === 'learningRate' && /valid options: lr, betas/.test(e.message));

// Save and restore: the state dict is plain JSON, and continuing from it equals an uninterrupted run.
const saved = JSON.parse(JSON.stringify(opt.stateDict()));
const restored = Optimizer.fromStateDict(saved);
const q = new Tensor(Float64Array.from(p.data), [3]);
gradient();
opt.step([p], [g]);
restored.step([q], [g]);
assert.deepEqual([...q.data], [...p.data]);
console.log('optimizers example ok: adam reached', [...p.data].map((v) => v.toFixed(6)));
