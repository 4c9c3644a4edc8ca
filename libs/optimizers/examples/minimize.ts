// Run from the repository root: npx tsx libs/optimizers/examples/minimize.ts
import { Tensor } from '@descent/core-tensor';
import { adam, chain, scaleByAdam, scaleByLearningRate, clipByGlobalNorm, applyUpdates, createOptimizer, OPTIMIZERS } from '@descent/optimizers';

// Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum at (1, 1).
const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
const grad = (p: Tensor, g: Tensor) => {
  const [x, y] = p.data;
  g.data[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  g.data[1] = 200 * (y - x * x);
};

// 1. A PyTorch-style optimizer: step(params, grads) updates params in place.
const p = new Tensor(Float64Array.from([-1.2, 1]), [2]);
const g = new Tensor(new Float64Array(2), [2]);
const opt = adam({ lr: 0.02 });
for (let t = 0; t < 2000; t++) {
  grad(p, g);
  opt.step([p], [g]);
  if (t === 1500) opt.lr = 0.01; // hyperparameters can change between steps
}
console.log(`adam: f = ${f(p.data[0], p.data[1]).toExponential(2)} at (${p.data[0].toFixed(4)}, ${p.data[1].toFixed(4)})`);

// 2. The same from building blocks (Optax style), with gradient clipping in front.
const tx = chain(clipByGlobalNorm(10), scaleByAdam({ betas: [0.9, 0.999] }), scaleByLearningRate(0.02));
const q = new Tensor(Float64Array.from([-1.2, 1]), [2]);
const state = tx.init([q]);
const u = new Tensor(new Float64Array(2), [2]);
for (let t = 0; t < 2000; t++) {
  grad(q, u); // u holds the gradient, then the update
  tx.update([u], state, [q]);
  applyUpdates([q], [u]);
}
console.log(`chain: f = ${f(q.data[0], q.data[1]).toExponential(2)}`);

// 3. Every optimizer by name, with PyTorch defaults, and a save/restore.
for (const info of OPTIMIZERS) {
  const o = createOptimizer(info.name, info.name === 'sgd' ? { lr: 1e-3, momentum: 0.9 } : {});
  const r = new Tensor(Float64Array.from([-1.2, 1]), [2]);
  for (let t = 0; t < 500; t++) {
    grad(r, g);
    o.step([r], [g]);
  }
  const saved = JSON.stringify(o.stateDict());
  createOptimizer(info.name).loadStateDict(JSON.parse(saved));
  console.log(`${info.label.padEnd(8)} f = ${f(r.data[0], r.data[1]).toFixed(4)}  (state ${saved.length} bytes)`);
}
