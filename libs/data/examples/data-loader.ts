import assert from 'node:assert/strict';
import { fromArray } from '@descent/core-tensor';
import { tensorDataset, DataLoader, batches, makeDataset } from '@descent/data';
import { Linear } from '@descent/layers';
import { mse } from '@descent/losses';
import { SGD } from '@descent/optimizers';

// y = 2x + 1 on 100 points, in float32 (tensorDataset keeps the dtype it is given).
const n = 100;
const xs = Array.from({ length: n }, (_, i) => (2 * i) / (n - 1) - 1);
const ds = tensorDataset(fromArray(xs, [n, 1], 'float32'), fromArray(xs.map((v) => 2 * v + 1), [n, 1], 'float32'));

// Full batch (vanilla GD), SGD (one row) and mini-batches all come from the one loader.
const settings: [batchSize: number, lr: number, epochs: number][] = [[Infinity, 0.5, 100], [1, 0.05, 20], [16, 0.2, 50]];
for (const [batchSize, lr, epochs] of settings) {
  const loader = new DataLoader(ds, { batchSize, shuffle: true, seed: 1 });
  assert.equal(loader.length, batchSize === Infinity ? 1 : Math.ceil(n / batchSize)); // batches per epoch
  const model = new Linear(1, 1, { seed: 0 });
  const opt = new SGD(model.parameters(), { lr });
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y } of loader) { // one pass over the loader = one epoch, in a new seeded order
      opt.zeroGrad();
      mse(model.forward(x), y).backward();
      opt.step();
    }
  }
  const [w, b] = [model.weight.value.item(), model.bias!.value.item()];
  assert.ok(Math.abs(w - 2) < 1e-3 && Math.abs(b - 1) < 1e-3, `batchSize ${batchSize}: w ${w}, b ${b}`);
}

// Epoch e's order is batches(n, { seed, epoch: e }), the order fit() uses with that seed. Rows here hold their index.
const ids = tensorDataset(fromArray(Array.from({ length: n }, (_, i) => i), [n, 1]), new Int32Array(n));
const loader = new DataLoader(ids, { batchSize: 32, shuffle: true, seed: 7, dropLast: true });
assert.equal(loader.length, 3); // 3 full batches of 32; the last 4 rows are dropped
for (let epoch = 0; epoch < 2; epoch++) {
  const order = [...loader].map(({ x }) => Array.from(x.data));
  const expected = [...batches(n, { mode: 'minibatch', batchSize: 32, seed: 7, epoch })].slice(0, 3).map((b) => Array.from(b));
  assert.deepEqual(order, expected);
}

// A Dataset works directly: multiclass targets come as Int32Array class indices (for crossEntropy),
// binary and regression targets as the y tensor.
const [batch] = new DataLoader(makeDataset('blobs', { n: 90, seed: 3 }), { batchSize: 30 });
assert.ok(batch.y instanceof Int32Array && batch.y.length === 30);
console.log('data loader example ok');
