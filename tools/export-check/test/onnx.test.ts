import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Rng, fromArray, type DType } from '@descent/core-tensor';
import { buildModel, type LayerSpec, type Module } from '@descent/layers';
import { fitRunSync, predict, type RunSpec } from '@descent/train';
import { toOnnx, type OnnxOutput } from '@descent/export';

// Every exported model is run by onnxruntime-node on 1,000 inputs and compared with Descent's forward pass
// (eval mode): within 1e-5 in float32 (relative to max(1, |value|)), 1e-12 in float64.

const N = 1000;
let worst32 = 0;
let worst64 = 0;

const softmaxRows = (v: ArrayLike<number>, k: number): number[] => {
  const out: number[] = [];
  for (let r = 0; r < v.length / k; r++) {
    const row = Array.from({ length: k }, (_, j) => v[r * k + j]);
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((x) => x / s));
  }
  return out;
};
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Descent's outputs and onnxruntime's on the same N inputs (uniform in [-4, 4]); returns the largest deviation. */
async function compare(model: Module, features: number, output: OnnxOutput, dtype: DType = 'float32'): Promise<number> {
  const session = await ort.InferenceSession.create(toOnnx(model, { output, dtype }));
  const rng = new Rng(11);
  const xs = dtype === 'float64' ? new Float64Array(N * features) : new Float32Array(N * features);
  for (let i = 0; i < xs.length; i++) xs[i] = (rng.next() - 0.5) * 8;
  const got = (await session.run({ input: new ort.Tensor(dtype, xs, [N, features]) })).output;
  const ref = predict(model, fromArray(xs, [N, features], dtype));
  const k = ref.shape[1];
  expect(got.dims).toEqual([N, k]);
  const want = output === 'softmax' ? softmaxRows(ref.data, k) : output === 'sigmoid' ? Array.from(ref.data, sigmoid) : Array.from(ref.data);
  let d = 0;
  const values = got.data as Float32Array | Float64Array;
  for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(values[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  if (dtype === 'float64') worst64 = Math.max(worst64, d);
  else worst32 = Math.max(worst32, d);
  return d;
}

const net = (hidden: LayerSpec[], out: number, dtype: DType = 'float32', input = 3): Module =>
  buildModel({ input, layers: [{ type: 'dense', units: 16 }, ...hidden, { type: 'dropout', p: 0.3 }, { type: 'dense', units: out }] }, { seed: 4, dtype });

const ACTIVATIONS: [string, LayerSpec][] = [
  ['sigmoid', { type: 'activation', fn: 'sigmoid' }],
  ['tanh', { type: 'activation', fn: 'tanh' }],
  ['relu', { type: 'activation', fn: 'relu' }],
  ['leakyRelu(0.2)', { type: 'activation', fn: 'leakyRelu', options: { negativeSlope: 0.2 } }],
  ['elu(0.6)', { type: 'activation', fn: 'elu', options: { alpha: 0.6 } }],
  ['softplus', { type: 'activation', fn: 'softplus' }],
  ['softplus(beta 2, threshold 3)', { type: 'activation', fn: 'softplus', options: { beta: 2, threshold: 3 } }],
  ['gelu', { type: 'activation', fn: 'gelu' }],
  ['silu', { type: 'activation', fn: 'silu' }],
  ['softmax', { type: 'activation', fn: 'softmax' }],
  ['logSoftmax', { type: 'activation', fn: 'logSoftmax' }],
  ['identity', { type: 'activation', fn: 'identity' }],
];

describe('onnxruntime runs the exported model as Descent does', () => {
  it.each(ACTIVATIONS)('%s, raw outputs, a softmax and a sigmoid on top (float32)', async (_, layer) => {
    expect(await compare(net([layer], 4), 3, 'logits')).toBeLessThanOrEqual(1e-5);
    expect(await compare(net([layer], 4), 3, 'softmax')).toBeLessThanOrEqual(1e-5);
    expect(await compare(net([layer], 1), 3, 'sigmoid')).toBeLessThanOrEqual(1e-5);
  });

  it('ends in an activation, without a bias, several layers deep', async () => {
    const model = buildModel(
      { input: 5, layers: [{ type: 'dense', units: 8, useBias: false }, { type: 'activation', fn: 'gelu' }, { type: 'dense', units: 8 }, { type: 'activation', fn: 'elu' }, { type: 'dense', units: 3 }, { type: 'activation', fn: 'logSoftmax' }] },
      { seed: 9 },
    );
    expect(await compare(model, 5, 'logits')).toBeLessThanOrEqual(1e-5);
  });

  it.each(['sigmoid', 'tanh', 'relu', 'softmax', 'logSoftmax', 'identity'] as const)('%s in float64', async (fn) => {
    expect(await compare(net([{ type: 'activation', fn }], 3, 'float64'), 3, 'logits', 'float64')).toBeLessThanOrEqual(1e-12);
    expect(await compare(net([{ type: 'activation', fn }], 3, 'float64'), 3, 'softmax', 'float64')).toBeLessThanOrEqual(1e-12);
  });

  it('a trained model: the record\'s final weights give the trained model\'s outputs', async () => {
    const spec: RunSpec = {
      seed: 3,
      data: { preset: 'blobs', options: { n: 90, k: 3 } },
      model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 3 }] },
      loss: 'crossEntropy',
      optimizer: { name: 'adam', options: { lr: 0.05 } },
      epochs: 15,
    };
    const record = fitRunSync(spec);
    const session = await ort.InferenceSession.create(toOnnx(record, { output: 'softmax' }));
    const trained = buildModel({ input: 2, layers: spec.model.layers.map((l, i) => (l.type === 'dense' ? { ...l, weight: record.parameters!.find((p) => p.layer === i)!.weight as number[][], bias: record.parameters!.find((p) => p.layer === i)!.bias as number[] } : l)) });
    const xs = new Float32Array([0.5, -1, 1.5, 0.2, -1.2, -0.3]);
    const got = (await session.run({ input: new ort.Tensor('float32', xs, [3, 2]) })).output.data as Float32Array;
    const want = softmaxRows(predict(trained, fromArray(xs, [3, 2])).data, 3);
    want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-6));
    console.log(`worst deviation onnxruntime vs Descent: float32 ${worst32.toExponential(2)}, float64 ${worst64.toExponential(2)}`);
  });
});
