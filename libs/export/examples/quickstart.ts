import assert from 'node:assert/strict';
import { fitRunSync, type RunSpec } from '@descent/train';
import { toPytorchScript, toOnnx, toTypeScript } from '@descent/export';

const spec: RunSpec = {
  name: 'xor-adam', seed: 1, dtype: 'float64',
  data: { preset: 'xor', options: { n: 100, noise: 0 }, testFraction: 0.2 },
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.05 } },
  scheduler: { name: 'step', options: { stepSize: 5, gamma: 0.5 } },
  batch: { mode: 'minibatch', batchSize: 16 },
  epochs: 10,
};
const record = fitRunSync(spec);

// PyTorch: every option under PyTorch's name, the data embedded (small runs), and `--check` compares the
// script's epoch losses with the record's when it is exported from a record.
const torch = toPytorchScript(record);
assert.equal(torch.data, null); // embedded: one file
assert.match(torch.script, /torch\.optim\.Adam\(params, lr=0\.05, betas=\(0\.9, 0\.999\), eps=1e-08, weight_decay=0\.0, amsgrad=False, maximize=False\)/);
assert.match(torch.script, /torch\.optim\.lr_scheduler\.StepLR\(optimizer, step_size=5, gamma=0\.5\)/);
assert.match(torch.script, /nn\.Linear\(2, 8\),  # 0\n\s+nn\.Tanh\(\),  # 1\n\s+nn\.Linear\(8, 1\),  # 2/);

// Larger data goes to a .npz file next to the script (here forced with embedLimit: 0).
const split = toPytorchScript(spec, { embedLimit: 0, fileName: 'xor.py' });
assert.equal(split.dataFileName, 'xor.npz');
assert.deepEqual([...split.data!.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]); // a zip archive of .npy files

// ONNX: the trained network; `output` adds a sigmoid (one output) or a softmax (several) for probabilities.
const onnx = toOnnx(record, { output: 'sigmoid' });
assert.ok(onnx instanceof Uint8Array && onnx.length > 200);

// TypeScript: the same spec through startRun, printing the same per-epoch lines as the PyTorch script.
const ts = toTypeScript(record);
assert.match(ts, /import \{ startRun, type RunSpec \} from '@descent\/train';/);
console.log('export example ok:', torch.script.split('\n').length, 'lines of Python,', onnx.length, 'bytes of ONNX');
