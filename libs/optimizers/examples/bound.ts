import assert from 'node:assert/strict';
import { tensor, OptionError, type Tensor } from '@descent/core-tensor';
import { linear, variable } from '@descent/autodiff';
import { mse } from '@descent/losses';
import { Adam, type BoundStateDict } from '@descent/optimizers';

// Fit y = x₀ − 2 x₁ + 0.5 with y = x·Wᵀ + b: the PyTorch loop, with Adam bound to the parameters. Any autodiff
// variable is a parameter (a model's are in model.parameters(), see @descent/layers).
const x = tensor([[0, 0], [1, 0], [0, 1], [1, 1], [0.5, -1], [-1, 0.5]]);
const y = tensor([[0.5], [1.5], [-1.5], [-0.5], [3], [-1.5]]);
const w = variable(tensor([[0, 0]]), { name: 'weight' }), b = variable(tensor([0]), { name: 'bias' });
const model = { forward: (input: Tensor) => linear(input, w, b) };

// Parameter groups with their own options, as in PyTorch: weight decay on the weight only.
const groups = () => [{ params: [w], weightDecay: 1e-4 }, { params: [b] }];
const opt = new Adam(groups(), { lr: 0.05 });
assert.deepEqual(opt.paramGroups.map((g) => g.options.weightDecay), [1e-4, 0]);

const train = (steps: number) => {
  let loss = NaN;
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    const l = mse(model.forward(x), y);
    l.backward();
    opt.step();
    loss = l.item();
  }
  return loss;
};
assert.ok(train(300) < 1e-3);
assert.ok(Math.abs(w.value.data[0] - 1) < 0.05 && Math.abs(w.value.data[1] + 2) < 0.05 && Math.abs(b.value.item() - 0.5) < 0.05);

// stateDict() is JSON (step counts, options, moment buffers): save it with the weights to resume later.
const saved: BoundStateDict = JSON.parse(JSON.stringify(opt.stateDict()));
assert.deepEqual(saved.groups.map((g) => g.step), [300, 300]);
const resumed = new Adam(groups(), { lr: 0.05 });
resumed.loadStateDict(saved);
assert.deepEqual(resumed.stateDict(), saved);

// The rails: step() before backward() names the fix, and float64 data into float32 parameters is refused.
opt.zeroGrad();
assert.throws(() => opt.step(), (e: unknown) => e instanceof OptionError && /call loss\.backward\(\) before optimizer\.step\(\)/.test(e.message));
assert.throws(() => model.forward(tensor([[1, 2]], 'float64')), /dtype/);
console.log(`optimizers example ok: loss ${train(100).toExponential(2)} after 400 steps`);
