import assert from 'node:assert/strict';
import { makeDataset, trainTestSplit } from '@descent/data';
import type { ModelSpec } from '@descent/layers';
import { fit, startTraining, predictGrid, parseRunRecord, type FitOptions } from '@descent/train';

const data = trainTestSplit(makeDataset('xor', { n: 200, noise: 0, seed: 1 }), { testFraction: 0.2, seed: 1 });
const model: ModelSpec = { layers: [{ type: 'dense', units: 16 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] };
// Typed: a misspelt key (`stepsize`, `learningRate`, `epoch`) is a compile error, and rejected at run time too.
const options: FitOptions = {
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.05 } }, // PyTorch option names (camelCase)
  epochs: 40,
  batch: { mode: 'minibatch', batchSize: 16 },       // or { mode: 'full' } (vanilla GD) or { mode: 'sgd' }
  seed: 1,                                           // init, dropout masks and shuffling
};

const record = await fit(model, data, options);
const losses = record.epochs.map((e) => e.trainLoss ?? NaN); // null would mean a non-finite loss
console.log(record.status, `loss ${losses[0].toFixed(3)} -> ${losses[losses.length - 1].toFixed(4)}`, `test accuracy ${record.final.testAccuracy}`);
assert.equal(record.status, 'completed');
assert.equal(record.final.testAccuracy, 1);
assert.ok(losses[losses.length - 1] < losses[0] / 10);
assert.throws(() => fit(model, data, { ...options, epoch: 3 } as FitOptions), /fit: epoch is not a training option; valid options: .*epochs/);

// The record is JSON, validated by a schema, and the same seed and config reproduce it bit for bit.
const again = parseRunRecord(JSON.stringify(await fit(model, data, options)));
assert.deepEqual(again.batches.loss, record.batches.loss);

// A steerable run (the studio drives one from a Web Worker): start paused, take one batch, resume.
const run = startTraining(model, data, { ...options, epochs: 5, paused: true });
const epochs: number[] = [];
run.on('epoch', (e) => epochs.push(e.epoch));
const first = await run.step();
assert.deepEqual([first?.epoch, first?.batch, run.status], [1, 1, 'paused']);
run.resume();
assert.equal((await run.result).status, 'completed');
assert.deepEqual(epochs, [1, 2, 3, 4, 5]);

// Decision boundary on a grid over [-1, 1]²: XOR's class 1 is where the signs differ.
const grid = predictGrid(run.model, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 2, { loss: 'bceWithLogits' });
assert.deepEqual(Array.from(grid.classes ?? []), [0, 1, 1, 0]); // cell centres (±0.5, ±0.5), rows along y
console.log('train example ok:', record.final.steps, 'steps, grid', grid.classes);
