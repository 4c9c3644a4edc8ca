import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequential, Linear, Tanh, toBytes, fromBytes, loadParameters, safetensorsMetadata, save, load } from '@descent/layers';

const mlp = (seed: number) => new Sequential(new Linear(2, 8, { seed }), new Tanh(), new Linear(8, 1, { seed: seed + 1 }));
const net = mlp(1);

// Bytes in the safetensors format (no Node APIs: browsers and workers too). Names as in namedParameters().
const bytes = toBytes(net, { metadata: { epochs: '40' } });
const tensors = fromBytes(bytes);
assert.deepEqual(Object.keys(tensors), ['0.bias', '0.weight', '2.bias', '2.weight']); // sorted by name
assert.deepEqual([tensors['0.weight'].dtype, tensors['0.weight'].shape], ['float32', [8, 2]]); // F32, bit for bit
assert.deepEqual(safetensorsMetadata(bytes), { epochs: '40' });

// Into another model of the same architecture, in place; a different one is refused, naming the tensor.
const copy = mlp(99);
loadParameters(copy, bytes);
assert.deepEqual(copy.stateDict(), net.stateDict());
const wider = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1));
assert.throws(() => loadParameters(wider, bytes), { name: 'ShapeError', message: 'loadParameters: 0.weight: file has [8, 2], model has [8, 3]' });
assert.throws(() => loadParameters(copy, bytes.subarray(0, 100)), { name: 'DataError' }); // truncated

// Node: save / load a .safetensors file (readable by the Python safetensors package, NumPy, ...).
const dir = mkdtempSync(join(tmpdir(), 'descent-layers-'));
try {
  const path = join(dir, 'model.safetensors');
  await save(net, path);
  assert.deepEqual(new Uint8Array(readFileSync(path)), toBytes(net));
  const restored = mlp(7);
  await load(restored, path);
  assert.deepEqual(restored.stateDict(), net.stateDict());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('safetensors example ok:', bytes.length, 'bytes');
