import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { OptionError } from '@descent/core-tensor';
import { buildModel, Sequential, Linear, type LayerSpec } from '@descent/layers';
import { fitRunSync, type RunSpec } from '@descent/train';
import { toOnnx } from './onnx.js';
import { EXPORT_VERSION } from './version.js';

const { onnx } = onnxProto;
const decode = (b: Uint8Array) => onnx.ModelProto.decode(b);
const ops = (b: Uint8Array) => decode(b).graph!.node!.map((n) => n.opType);

const model = (hidden: LayerSpec[], out = 3) => buildModel({ input: 2, layers: [{ type: 'dense', units: 4 }, ...hidden, { type: 'dense', units: out }] }, { seed: 1 });

function optionError(f: () => unknown): OptionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return e as OptionError;
  }
  throw new Error('expected an OptionError');
}

describe('toOnnx', () => {
  it('writes opset 13, a Gemm per dense layer with the [out, in] weight and transB = 1, input and output [batch, n]', () => {
    const m = decode(toOnnx(model([{ type: 'activation', fn: 'tanh' }]), { name: 'net' }));
    expect(m.opsetImport!.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    expect(Number(m.irVersion)).toBe(7);
    expect(m.producerName).toBe('@descent/export');
    expect(m.producerVersion).toBe(EXPORT_VERSION);
    const g = m.graph!;
    expect(g.name).toBe('net');
    expect(g.node!.map((n) => n.opType)).toEqual(['Gemm', 'Tanh', 'Gemm']);
    const gemm = g.node![0];
    expect(gemm.input).toEqual(['input', 'layer0.weight', 'layer0.bias']);
    expect(gemm.attribute!.map((a) => [a.name, Number(a.i)])).toEqual([['transB', 1]]);
    expect(g.node![2].output).toEqual(['output']);
    const w = g.initializer!.find((t) => t.name === 'layer0.weight')!;
    expect(w.dims!.map(Number)).toEqual([4, 2]);
    expect(w.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    const first = new DataView(w.rawData!.buffer, w.rawData!.byteOffset).getFloat32(0, true);
    const net = model([{ type: 'activation', fn: 'tanh' }]) as Sequential;
    expect(first).toBe((net.modules[0] as Linear).weight.value.data[0]);
    const dims = (v: onnxProto.onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims(g.input![0])).toEqual(['batch', 2]);
    expect(dims(g.output![0])).toEqual(['batch', 3]);
  });

  it.each([
    ['sigmoid', {}, ['Sigmoid']],
    ['relu', {}, ['Relu']],
    ['leakyRelu', { negativeSlope: 0.2 }, ['LeakyRelu']],
    ['elu', { alpha: 0.5 }, ['Elu']],
    ['softplus', {}, ['Softplus', 'Greater', 'Where']],
    ['softplus', { beta: 2, threshold: 5 }, ['Mul', 'Softplus', 'Div', 'Greater', 'Where']],
    ['gelu', {}, ['Div', 'Erf', 'Add', 'Mul', 'Mul']],
    ['silu', {}, ['Sigmoid', 'Mul']],
    ['softmax', {}, ['Softmax']],
    ['logSoftmax', {}, ['LogSoftmax']],
    ['identity', {}, ['Identity']],
  ] as const)('%s %j as %j', (fn, options, want) => {
    expect(ops(toOnnx(model([{ type: 'activation', fn, options }])))).toEqual(['Gemm', ...want, 'Gemm']);
  });

  it('keeps LeakyRelu and Elu options as attributes, leaves dropout out, adds the output softmax or sigmoid', () => {
    const m = decode(toOnnx(model([{ type: 'activation', fn: 'leakyRelu', options: { negativeSlope: 0.25 } }, { type: 'dropout', p: 0.5 }]), { output: 'softmax' }));
    expect(m.graph!.node!.map((n) => n.opType)).toEqual(['Gemm', 'LeakyRelu', 'Gemm', 'Softmax']);
    expect(m.graph!.node![1].attribute![0]).toMatchObject({ name: 'alpha', f: 0.25 });
    expect(m.graph!.node![3].attribute![0]).toMatchObject({ name: 'axis' });
    expect(ops(toOnnx(model([], 1), { output: 'sigmoid' }))).toEqual(['Gemm', 'Gemm', 'Sigmoid']);
    const noBias = buildModel({ input: 2, layers: [{ type: 'dense', units: 2, useBias: false }] });
    expect(decode(toOnnx(noBias)).graph!.node![0].input).toEqual(['input', 'layer0.weight']);
  });

  it('writes float64 when asked, for the operators onnxruntime runs in double', () => {
    const m = decode(toOnnx(model([{ type: 'activation', fn: 'tanh' }]), { dtype: 'float64' }));
    expect(m.graph!.initializer![0].dataType).toBe(onnx.TensorProto.DataType.DOUBLE);
    expect(m.graph!.input![0].type!.tensorType!.elemType).toBe(onnx.TensorProto.DataType.DOUBLE);
    const e = optionError(() => toOnnx(model([{ type: 'activation', fn: 'gelu' }]), { dtype: 'float64' }));
    expect(e.option).toBe('dtype');
    expect(e.reason).toMatch(/cannot run gelu \(layer 1\) in float64/);
    expect(optionError(() => toOnnx(model([{ type: 'activation', fn: 'silu' }]), { dtype: 'float64' })).option).toBe('dtype');
  });

  it('exports a record (its final weights) and a spec (its initial weights)', () => {
    const spec: RunSpec = {
      seed: 2,
      data: { preset: 'xor', options: { n: 40 } },
      model: { layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] },
      loss: 'bceWithLogits',
      optimizer: { name: 'sgd', options: { lr: 0.5 } },
      epochs: 3,
    };
    const record = fitRunSync(spec);
    const trained = decode(toOnnx(record)).graph!;
    const initial = decode(toOnnx(spec)).graph!;
    const w = (g: onnxProto.onnx.IGraphProto) => Array.from(new Float32Array(Uint8Array.from(g.initializer![0].rawData!).buffer));
    expect(w(trained)).toEqual(record.parameters![0].weight.flat().map((v) => Math.fround(v!)));
    expect(w(initial)).not.toEqual(w(trained));
    const fresh = buildModel({ input: 2, layers: spec.model.layers }, { seed: 2 }) as Sequential;
    expect(w(initial)).toEqual(Array.from((fresh.modules[0] as Linear).weight.value.data));
  });

  it('refuses, naming the option, what it cannot export', () => {
    expect(optionError(() => toOnnx(model([], 1), { output: 'softmax' })).option).toBe('output');
    expect(optionError(() => toOnnx(model([]), { output: 'probabilities' as never })).option).toBe('output');
    expect(optionError(() => toOnnx(model([]), { dtype: 'int8' as never })).option).toBe('dtype');
    const net = model([]) as Sequential;
    (net.modules[0] as Linear).weight.value.data[0] = NaN;
    expect(optionError(() => toOnnx(net)).reason).toMatch(/non-finite weights/);
    const spec: RunSpec = { data: { preset: 'xor', options: { n: 20 } }, model: { layers: [{ type: 'dense', units: 1 }] }, loss: 'mse', optimizer: { name: 'sgd' }, epochs: 1, recordParameters: false };
    expect(optionError(() => toOnnx(fitRunSync(spec))).option).toBe('parameters');
    expect(optionError(() => toOnnx('model' as never)).option).toBe('model');
  });
});

describe('version', () => {
  it('is the package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(EXPORT_VERSION).toBe(pkg.version);
  });
});
