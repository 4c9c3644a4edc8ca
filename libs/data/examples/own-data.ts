import assert from 'node:assert/strict';
import { classificationDataset, regressionDataset, tensorDataset, DataLoader } from '@descent/data';
import { Linear } from '@descent/layers';
import { bceWithLogits, mse } from '@descent/losses';
import { Adam, SGD } from '@descent/optimizers';

// Your own arrays as a Dataset: x is row-major (n rows × features), labels are class indices 0..k-1.
const points = Array.from({ length: 64 }, (_, i) => [(i % 8) / 3.5 - 1, Math.floor(i / 8) / 3.5 - 1]);
const mine = classificationDataset({
  name: 'above-the-diagonal',
  x: Float64Array.from(points.flat()),
  features: 2,
  labels: Int32Array.from(points, ([a, b]) => (a + b > 0 ? 1 : 0)),
  classNames: ['below', 'above'],
  featureNames: ['a', 'b'],
  task: 'binary', // y becomes one 0/1 column; 'multiclass' gives one-hot y (encoding: 'index' for one column)
});
assert.deepEqual([mine.x.shape, mine.y.shape, mine.numClasses], [[64, 2], [64, 1], 2]);

// Such a Dataset goes to fit() in @descent/train as it is, or into a DataLoader for a loop of your own:
// tensorDataset(x, y) keeps y a tensor (the 0/1 column bce wants; a Dataset gives multiclass labels as
// Int32Array). The data is float64 (exact); dtype: 'float32' casts it once for a float32 model.
const logistic = new Linear(2, 1, { seed: 1 });
const opt = new Adam(logistic.parameters(), { lr: 0.1 });
const full = new DataLoader(tensorDataset(mine.x, mine.y), { batchSize: Infinity, dtype: 'float32' }); // one batch: vanilla GD
for (let epoch = 0; epoch < 100; epoch++) {
  for (const { x, y } of full) {
    opt.zeroGrad();
    bceWithLogits(logistic.forward(x), y).backward();
    opt.step();
  }
}
const scores = logistic.forward(full.dataset.x);
assert.deepEqual(Array.from(scores.value.data, (s) => (s > 0 ? 1 : 0)), Array.from(mine.labels!)); // every point right

// Regression: y is row-major too (n rows × outputs).
const xs = Array.from({ length: 50 }, (_, i) => i / 49);
const line = regressionDataset({
  name: 'line', x: Float64Array.from(xs), features: 1, y: Float64Array.from(xs, (v) => 3 * v - 1), outputs: 1,
  featureNames: ['x'], targetNames: ['y'],
});
const fitLine = new Linear(1, 1, { seed: 1, dtype: 'float64' });
const sgd = new SGD(fitLine.parameters(), { lr: 0.5 });
const loader = new DataLoader(tensorDataset(line.x, line.y), { batchSize: 10, shuffle: true, seed: 1 });
for (let epoch = 0; epoch < 200; epoch++) {
  for (const { x, y } of loader) {
    sgd.zeroGrad();
    mse(fitLine.forward(x), y).backward();
    sgd.step();
  }
}
const [w, b] = [fitLine.weight.value.item(), fitLine.bias!.value.item()];
assert.ok(Math.abs(w - 3) < 1e-6 && Math.abs(b + 1) < 1e-6, `w ${w}, b ${b}`);
console.log('own-data example ok: y =', w.toFixed(4), 'x +', b.toFixed(4));
