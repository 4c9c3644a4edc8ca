// Run from the repository root: npx tsx libs/data/examples/quickstart.ts
import {
  DATASET_PRESETS, makeDataset, loadIris, parseCsv, inspectCsv, CsvError,
  trainTestSplit, standardize, batches, countBatches, selectRows,
} from '@descent/data';

// 1. A preset from the registry (deterministic for the seed).
for (const p of DATASET_PRESETS) console.log(`${p.id.padEnd(8)} ${p.task.padEnd(10)} in=${p.inputDim} out=${p.outputDim}`);
const moons = makeDataset('moons', { n: 300, noise: 0.15, seed: 42 });
console.log(moons.task, moons.x.shape, moons.y.shape, moons.classNames);

// 2. Split (stratified), then standardize with training statistics only.
const iris = loadIris();
const { train, test } = trainTestSplit(iris, { testFraction: 0.2, seed: 1, stratify: true });
const scaler = standardize(train);
const trainZ = scaler.applyDataset(train);
const testZ = scaler.applyDataset(test);
console.log('train', trainZ.x.shape, 'test', testZ.x.shape, 'mean', Array.from(scaler.mean).map((m) => m.toFixed(3)));

// 3. Mini-batches of 32, a new seeded order each epoch.
for (let epoch = 0; epoch < 2; epoch++) {
  let rows = 0;
  for (const idx of batches(trainZ.x.shape[0], { mode: 'minibatch', batchSize: 32, seed: 7, epoch })) {
    const batch = selectRows(trainZ, idx); // batch.x [m, 4], batch.labels for crossEntropy
    rows += batch.x.shape[0];
  }
  console.log(`epoch ${epoch}: ${countBatches(trainZ.x.shape[0], { mode: 'minibatch', batchSize: 32 })} batches, ${rows} rows`);
}

// 4. CSV: inspect for a column chooser, then parse strictly.
const csv = 'x1,x2,color\n0.5,1.5,red\n1.0,-2,blue\n0.25,3,red\n';
console.log(inspectCsv(csv).numericColumns, inspectCsv(csv).suggestedTarget);
const fromCsv = parseCsv(csv, { featureColumns: ['x1', 'x2'], targetColumn: 'color' });
console.log(fromCsv.task, fromCsv.classNames, Array.from(fromCsv.labels!));
try {
  parseCsv('x1,x2,color\n1,abc,red\n2,3\n', { targetColumn: 'color' });
} catch (e) {
  if (e instanceof CsvError) console.log(e.problems.map((p) => `${p.line}:${p.reason}`));
}
