// An MNIST-style script in the PyTorch form: generated 8×8 digits, an MLP, Adam bound to the model's
// parameters, a step schedule, a DataLoader, then evaluation and the weights saved as safetensors.
// Run: node digits.ts (Node ≥ 22.18), or from the repository root: npx tsx libs/train/examples/digits.ts
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, makeDataset, trainTestSplit } from '@descent/data';
import { Linear, ReLU, Sequential, load, save } from '@descent/layers';
import { crossEntropy } from '@descent/losses';
import { Adam } from '@descent/optimizers';
import { createScheduler } from '@descent/schedulers';
import { evaluate } from '@descent/train';

const { train, test } = trainTestSplit(makeDataset('digits', { n: 3000, seed: 1 }), { testFraction: 0.2, seed: 1, stratify: true });
const model = new Sequential(new Linear(64, 128, { seed: 1 }), new ReLU(), new Linear(128, 64, { seed: 2 }), new ReLU(), new Linear(64, 10, { seed: 3 }));
const opt = new Adam(model.parameters(), { lr: 3e-3 });
const scheduler = createScheduler(opt, 'step', { stepSize: 4, gamma: 0.5 });
const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 1, dtype: 'float32' });

for (let epoch = 1; epoch <= 8; epoch++) {
  let total = 0;
  for (const { x, y } of loader) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    total += loss.item();
  }
  console.log(`epoch ${epoch} loss ${(total / loader.length).toFixed(4)} lr ${opt.lr}`);
  scheduler.step();
}

model.eval();
const { accuracy } = evaluate(model, test, { loss: 'crossEntropy' });
console.log(`test accuracy ${(100 * accuracy!).toFixed(1)}%`);
if (!(accuracy! > 0.85)) throw new Error(`expected > 85% test accuracy, got ${accuracy}`);

const file = join(tmpdir(), 'digits-mlp.safetensors');
await save(model, file);
const copy = new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 64), new ReLU(), new Linear(64, 10));
await load(copy, file);
if (evaluate(copy.eval(), test, { loss: 'crossEntropy' }).accuracy !== accuracy) throw new Error('the saved weights do not reproduce the model');
console.log(`saved and reloaded ${file}`);
