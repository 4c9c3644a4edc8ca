import assert from 'node:assert/strict';
import { tensor } from '@descent/core-tensor';
import { Sequential, Linear, Tanh, countParameters, buildModel, describeModel, type ModelSpec } from '@descent/layers';
import { mse } from '@descent/losses';
import { SGD } from '@descent/optimizers';

// A 2 → 8 → 1 MLP by hand: PyTorch layout (weight [out, in]) and PyTorch's default init, seeded.
const net = new Sequential(
  new Linear(2, 8, { seed: 1, dtype: 'float64' }),
  new Tanh(),
  new Linear(8, 1, { seed: 2, dtype: 'float64' }),
);
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]], 'float64');
assert.deepEqual(net.forward(x).shape, [4, 1]); // a Tensor goes in as in PyTorch's model(x)
assert.equal(countParameters(net), 2 * 8 + 8 + 8 * 1 + 1); // 33
assert.deepEqual(net.namedParameters().map(([name, p]) => `${name} [${p.shape}]`),
  ['0.weight [8,2]', '0.bias [8]', '2.weight [1,8]', '2.bias [1]']);

// The same architecture from a spec (what the studio and train-cli store); `as const` specs are accepted.
const spec = { input: 2, layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] } as const satisfies ModelSpec;
const info = describeModel(spec);
assert.deepEqual(info.layers.map((l) => [l.label, l.outputShape, l.params]),
  [['Dense(2 → 8)', [null, 8], 24], ['tanh', [null, 8], 0], ['Dense(8 → 1)', [null, 1], 9]]);
assert.equal(info.totalParams, 33);

// XOR with plain gradient descent on the built model, in the PyTorch form.
const model = buildModel(spec, { seed: 1, dtype: 'float64' });
const y = tensor([[0], [1], [1], [0]], 'float64');
const opt = new SGD(model.parameters(), { lr: 0.2 });
const losses: number[] = [];
for (let step = 0; step < 1000; step++) {
  opt.zeroGrad();
  const loss = mse(model.forward(x), y);
  loss.backward();
  opt.step();
  losses.push(loss.item());
}
assert.ok(losses[losses.length - 1] < 0.01 * losses[0], `loss ${losses[0]} -> ${losses[losses.length - 1]}`);

// State dicts are plain JSON: { "0.weight": { shape: [8, 2], data: [...] }, ... } (safetensors: see save/load).
const copy = buildModel(spec, { seed: 99, dtype: 'float64' });
copy.loadStateDict(JSON.parse(JSON.stringify(model.stateDict())));
assert.deepEqual(copy.forward(x).value.toArray(), model.forward(x).value.toArray());
console.log('layers example ok: XOR loss', losses[0].toFixed(3), '->', losses[losses.length - 1].toExponential(2));
