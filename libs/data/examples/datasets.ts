import assert from 'node:assert/strict';
import { makeCircles, trainTestSplit, standardize, batches, countBatches, selectRows, parseCsv, type Dataset } from '@descent/data';

// A seeded toy dataset: two concentric circles, binary labels, balanced classes.
const circles: Dataset = makeCircles({ n: 200, noise: 0.05, seed: 42 });
assert.equal(circles.task, 'binary');
assert.deepEqual([circles.x.shape, circles.y.shape], [[200, 2], [200, 1]]);
assert.equal(circles.labels!.filter((l) => l === 1).length, 100);
assert.deepEqual(makeCircles({ n: 200, noise: 0.05, seed: 42 }).x.toFlat(), circles.x.toFlat()); // same seed, same data

// Stratified 80/20 split, and standardization fitted on the training rows only.
const { train, test } = trainTestSplit(circles, { testFraction: 0.2, seed: 1, stratify: true });
assert.deepEqual([train.x.shape[0], test.x.shape[0]], [160, 40]);
assert.equal(test.labels!.filter((l) => l === 1).length, 20);
const scaler = standardize(train);
const trainZ = scaler.applyDataset(train);
const testZ = scaler.applyDataset(test);
assert.ok(Math.abs(trainZ.x.toArray(2).reduce((s, [a]) => s + a, 0) / 160) < 1e-12); // column mean 0

// Mini-batches: every row exactly once per epoch, in a new seeded order each epoch.
assert.equal(countBatches(160, { mode: 'minibatch', batchSize: 50 }), 4); // 50 + 50 + 50 + 10: the last one is kept
const orders: string[] = [];
for (let epoch = 0; epoch < 2; epoch++) {
  const seen: number[] = [];
  for (const idx of batches(160, { mode: 'minibatch', batchSize: 32, seed: 7, epoch })) {
    const batch = selectRows(trainZ, idx); // x, y and labels cut together
    assert.deepEqual([batch.x.shape, batch.y.shape, batch.labels!.length], [[idx.length, 2], [idx.length, 1], idx.length]);
    // ... forward, loss, backward, step
    seen.push(...idx);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 160 }, (_, i) => i));
  orders.push(seen.join());
}
assert.notEqual(orders[0], orders[1]);

// CSV with class names: labels map to indices in sorted order; bad rows throw with their line number.
const csv = parseCsv('x1,x2,kind\n0.5,1,b\n-1,2e-1,a\n3,0,b\n', { targetColumn: 'kind' });
assert.deepEqual([csv.task, [...csv.labels!], csv.classNames], ['binary', [1, 0, 1], ['a', 'b']]);
assert.throws(() => parseCsv('x1,kind\n1,a\nabc,b\n', { targetColumn: 'kind' }), /line 3: non-numeric value "abc" in column "x1"/);
console.log('data example ok:', trainZ.x.shape, testZ.x.shape, `${orders.length} epochs`);
