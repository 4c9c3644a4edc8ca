// Run from the repo root: npx tsx libs/train/examples/quickstart.ts
// Trains a small MLP on the circles data set, steers the run (pause, single step, resume), prints the
// decision boundary as ASCII and checks that the run record validates.
import { makeDataset, trainTestSplit } from '@descent/data';
import { parseRunRecord, predictGrid, startTraining } from '@descent/train';

const data = trainTestSplit(makeDataset('circles', { n: 400, noise: 0.05, seed: 1 }), { testFraction: 0.25, seed: 1 });

const run = startTraining(
  { layers: [{ type: 'dense', units: 16 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] },
  data,
  {
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: { lr: 0.01 } },
    scheduler: { name: 'plateau', options: { factor: 0.5, patience: 5 }, metric: 'testLoss' },
    epochs: 60,
    batch: { mode: 'minibatch', batchSize: 32 },
    seed: 7,
    paused: true,
  },
);

run.on('epoch', (e) => {
  if (e.epoch % 10 === 0) {
    const norms = e.gradNorms.map((g) => `${g.name} |dW|=${g.weight?.toExponential(1)}`).join(', ');
    console.log(`epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)}, test acc ${(100 * e.testAccuracy!).toFixed(1)}%, lr ${e.lr}, ${norms}`);
  }
});

const first = await run.step(); // one batch while paused
console.log(`first batch: loss ${first?.loss.toFixed(4)} with lr ${first?.lr}`);
run.resume();
const record = await run.result;
console.log(`${record.status}: test accuracy ${(100 * record.final.testAccuracy!).toFixed(1)}% after ${record.final.steps} steps`);

const grid = predictGrid(run.model, { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5 }, { x: 40, y: 16 }, { loss: 'bceWithLogits' });
for (let r = grid.height - 1; r >= 0; r--) {
  let line = '';
  for (let c = 0; c < grid.width; c++) line += grid.classes![r * grid.width + c] === 1 ? '#' : '.';
  console.log(line);
}

parseRunRecord(JSON.stringify(record)); // throws if the record does not match runRecordSchema
console.log(`record: schema v${record.schemaVersion}, ${record.batches.loss.length} batch losses, ${record.epochs.length} epochs`);
