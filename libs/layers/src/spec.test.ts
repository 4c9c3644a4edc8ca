import { describe, expect, it } from 'vitest';
import { tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Activation, Dropout, Linear, buildModel, describeModel, type ModelSpec } from './index.js';

const spec: ModelSpec = {
  input: 2,
  layers: [
    { type: 'dense', units: 8 },
    { type: 'activation', fn: 'tanh' },
    { type: 'dropout', p: 0.1 },
    { type: 'dense', units: 3, useBias: false },
    { type: 'activation', fn: 'leaky_relu', options: { negativeSlope: 0.2 } },
  ],
};

describe('buildModel', () => {
  it('builds one module per layer with PyTorch parameter names', () => {
    const m = buildModel(spec, { seed: 1 });
    expect(m.modules.map((x) => x.constructor.name)).toEqual(['Linear', 'Activation', 'Dropout', 'Linear', 'Activation']);
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual(['0.weight:8x2', '0.bias:8', '3.weight:3x8']);
    expect((m.modules[4] as Activation).options).toEqual({ negativeSlope: 0.2 });
    expect((m.modules[2] as Dropout).p).toBe(0.1);
    expect(m.forward(A.constant(tensor([[1, 2], [3, 4]]))).shape).toEqual([2, 3]);
  });

  it('is deterministic per seed', () => {
    const a = buildModel(spec, { seed: 5 }).stateDict();
    expect(buildModel(spec, { seed: 5 }).stateDict()).toEqual(a);
    expect(buildModel(spec, { seed: 6 }).stateDict()).not.toEqual(a);
  });

  it('accepts the fixture layer format with explicit weights', () => {
    const m = buildModel(
      {
        layers: [
          { type: 'dense', in: 2, out: 1, weight: [[2, -1]], bias: [0.5] },
          { type: 'activation', fn: 'leaky_relu', options: { negativeSlope: 0.1 } },
        ],
      },
      { dtype: 'float64' },
    );
    const l = m.modules[0] as Linear;
    expect(l.weight.dtype).toBe('float64');
    expect(Array.from(m.forward(A.constant(tensor([[1, 1], [0, 3]], 'float64'))).value.data)).toEqual([1.5, expect.closeTo(-0.25, 15)]);
  });

  it('accepts a bare layer array', () => {
    expect(buildModel([{ type: 'dense', in: 3, units: 2 }]).parameters()).toHaveLength(2);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 3, /model spec: expected an object/],
    ['no layers', { input: 2, layers: [] }, /layers must be a non-empty array/],
    ['bad input', { input: 0, layers: [{ type: 'dense', units: 1 }] }, /input must be a positive integer .*got 0/],
    ['unknown type', { input: 2, layers: [{ type: 'dense', units: 2 }, { type: 'conv', units: 2 }] }, /layer 1 \(conv\): unknown layer type "conv"/],
    ['units zero', { input: 2, layers: [{ type: 'dense', units: 0 }] }, /layer 0 \(dense\): units must be a positive integer, got 0/],
    ['units fractional', { input: 2, layers: [{ type: 'activation', fn: 'relu' }, { type: 'dense', units: 2.5 }] }, /layer 1 \(dense\): units must be a positive integer, got 2.5/],
    ['units missing', { input: 2, layers: [{ type: 'dense' }] }, /layer 0 \(dense\): units must be a positive integer, got undefined/],
    ['unknown activation', { input: 2, layers: [{ type: 'dense', units: 2 }, { type: 'activation', fn: 'mish' }] }, /layer 1 \(activation\): unknown activation "mish"/],
    ['unknown option', { input: 2, layers: [{ type: 'activation', fn: 'elu', options: { a: 1 } }] }, /layer 0 \(activation\): activation elu: unknown option "a"/],
    ['unknown field', { input: 2, layers: [{ type: 'dense', unit: 3 }] }, /layer 0 \(dense\): unknown field "unit"/],
    ['bad dropout', { input: 2, layers: [{ type: 'dropout', p: 1.2 }] }, /layer 0 \(dropout\): p must be a probability in \[0, 1\], got 1.2/],
    ['in mismatch', { input: 2, layers: [{ type: 'dense', in: 3, units: 2 }] }, /layer 0 \(dense\): in is 3 but the previous layer outputs 2 features/],
    ['unknown input width', { layers: [{ type: 'dense', units: 2 }] }, /layer 0 \(dense\): the number of input features is unknown/],
    ['weight rows', { layers: [{ type: 'dense', in: 2, out: 2, weight: [[1, 2]], bias: [0, 0] }] }, /layer 0 \(dense\): weight has 1 rows but the layer has 2 units/],
    ['ragged weight', { layers: [{ type: 'dense', in: 2, out: 2, weight: [[1, 2], [3]] }] }, /weight row 1 has 1 values, expected 2/],
    ['bias length', { layers: [{ type: 'dense', in: 1, out: 2, weight: [[1], [2]], bias: [0] }] }, /layer 0 \(dense\): bias has 1 values but the layer has 2 units/],
    ['bad init', { input: 2, layers: [{ type: 'dense', units: 2, init: 'glorot' }] }, /layer 0 \(dense\): init: unknown initializer "glorot"/],
    ['bad biasInit', { input: 2, layers: [{ type: 'dense', units: 2, biasInit: { type: 'uniform', lo: 0 } }] }, /layer 0 \(dense\): biasInit uniform: unknown option "lo"/],
  ['not an object layer', { input: 2, layers: [null] }, /model spec: layer 0: expected an object/],
  ];
  it.each(bad)('rejects %s with a message naming the layer', (_what, s, re) => {
    expect(() => buildModel(s as ModelSpec)).toThrow(re);
    expect(() => describeModel(s as ModelSpec)).toThrow(re);
  });
});

describe('describeModel', () => {
  it('reports output shapes and parameter counts per layer', () => {
    const d = describeModel(spec);
    expect(d.input).toBe(2);
    expect(d.output).toBe(3);
    expect(d.layers.map((l) => [l.label, l.outputShape, l.params])).toEqual([
      ['Dense(2 → 8)', [null, 8], 24],
      ['tanh', [null, 8], 0],
      ['Dropout(p=0.1)', [null, 8], 0],
      ['Dense(8 → 3, no bias)', [null, 3], 24],
      ['leakyRelu(negativeSlope=0.2)', [null, 3], 0],
    ]);
    expect(d.totalParams).toBe(48);
    const built = buildModel(spec);
    expect(built.parameters().reduce((n, p) => n + p.value.size, 0)).toBe(d.totalParams);
  });
});

describe('training smoke test', () => {
  it('loss goes down with manual SGD steps', () => {
    // y = sin-ish target on a few points; MSE written with autodiff ops (layers does not depend on losses).
    const m = buildModel({ input: 1, layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] }, { seed: 2, dtype: 'float64' });
    const xs = [-1, -0.5, 0, 0.5, 1];
    const x = A.constant(tensor(xs.map((v) => [v]), 'float64'));
    const t = A.constant(tensor(xs.map((v) => [Math.sin(2 * v)]), 'float64'));
    const lossOf = (): A.Var => A.mean(A.square(A.sub(m.forward(x), t)));
    const first = lossOf().item();
    let last = first;
    for (let step = 0; step < 200; step++) {
      m.zeroGrad();
      const l = lossOf();
      l.backward();
      last = l.item();
      for (const p of m.parameters()) {
        const g = p.grad!.data;
        for (let i = 0; i < g.length; i++) p.value.data[i] -= 0.1 * g[i];
      }
    }
    expect(last).toBeLessThan(first * 0.2);
  });
});
