import { describe, expect, it } from 'vitest';
import { OptionError, tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Activation, Dropout, Linear, MAX_PARAMETERS, buildModel, describeModel, type ModelSpec } from './index.js';

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

  // Each refusal is an OptionError whose path points at the field (what a form marks) and whose message names the layer.
  const bad: [string, unknown, (string | number)[], RegExp][] = [
    ['not an object', 3, [], /model: expected an object/],
    ['no layers', { input: 2, layers: [] }, ['layers'], /layers must be a non-empty array/],
    ['bad input', { input: 0, layers: [{ type: 'dense', units: 1 }] }, ['input'], /input must be a positive integer .*got 0/],
    ['unknown type', { input: 2, layers: [{ type: 'dense', units: 2 }, { type: 'conv', units: 2 }] }, ['layers', 1, 'type'], /layer 1 \(conv\): type must be one of dense, activation, dropout, got "conv"/],
    ['units zero', { input: 2, layers: [{ type: 'dense', units: 0 }] }, ['layers', 0, 'units'], /layer 0 \(dense\): units must be at least 1, got 0/],
    ['units fractional', { input: 2, layers: [{ type: 'activation', fn: 'relu' }, { type: 'dense', units: 2.5 }] }, ['layers', 1, 'units'], /layer 1 \(dense\): units must be an integer, got 2.5/],
    ['units huge', { input: 2, layers: [{ type: 'dense', units: 1e9 }] }, ['layers', 0, 'units'], /units must be at most 65536, got 1000000000/],
    ['units missing', { input: 2, layers: [{ type: 'dense' }] }, ['layers', 0, 'units'], /layer 0 \(dense\): units is required/],
    ['unknown activation', { input: 2, layers: [{ type: 'dense', units: 2 }, { type: 'activation', fn: 'mish' }] }, ['layers', 1, 'fn'], /layer 1 \(activation\): fn must be one of sigmoid.*got "mish"/],
    ['unknown option', { input: 2, layers: [{ type: 'activation', fn: 'elu', options: { a: 1 } }] }, ['layers', 0, 'options'], /layer 0 \(activation\): options a: is not an option of elu/],
    ['unknown field', { input: 2, layers: [{ type: 'dense', unit: 3 }] }, ['layers', 0, 'unit'], /layer 0 \(dense\): unit is not a field of a dense layer/],
    ['bad dropout', { input: 2, layers: [{ type: 'dropout', p: 1.2 }] }, ['layers', 0, 'p'], /layer 0 \(dropout\): p must be at most 1, got 1.2/],
    ['in mismatch', { input: 2, layers: [{ type: 'dense', in: 3, units: 2 }] }, ['layers', 0, 'in'], /layer 0 \(dense\): in is 3 but the previous layer outputs 2 features/],
    ['unknown input width', { layers: [{ type: 'dense', units: 2 }] }, ['layers', 0], /layer 0 \(dense\): the number of input features is unknown/],
    ['weight rows', { layers: [{ type: 'dense', in: 2, out: 2, weight: [[1, 2]], bias: [0, 0] }] }, ['layers', 0, 'weight'], /layer 0 \(dense\): weight has 1 rows but the layer has 2 units/],
    ['ragged weight', { layers: [{ type: 'dense', in: 2, out: 2, weight: [[1, 2], [3]] }] }, ['layers', 0, 'weight'], /weight row 1 has 1 values, expected 2/],
    ['bias length', { layers: [{ type: 'dense', in: 1, out: 2, weight: [[1], [2]], bias: [0] }] }, ['layers', 0, 'bias'], /layer 0 \(dense\): bias has 1 values but the layer has 2 units/],
    ['bad init', { input: 2, layers: [{ type: 'dense', units: 2, init: 'glorot' }] }, ['layers', 0, 'init'], /layer 0 \(dense\): init unknown initializer "glorot"/],
    ['bad biasInit', { input: 2, layers: [{ type: 'dense', units: 2, biasInit: { type: 'uniform', lo: 0 } }] }, ['layers', 0, 'biasInit'], /layer 0 \(dense\): biasInit uniform: unknown option "lo"/],
    ['not an object layer', { input: 2, layers: [null] }, ['layers', 0], /layer 0: expected an object/],
  ];
  it.each(bad)('rejects %s with an OptionError at the field', (_what, s, path, re) => {
    for (const f of [() => buildModel(s as ModelSpec), () => describeModel(s as ModelSpec)]) {
      let e: OptionError | null = null;
      try {
        f();
      } catch (err) {
        e = err as OptionError;
      }
      expect(e).toBeInstanceOf(OptionError);
      expect(e!.path).toEqual(path);
      expect(e!.message).toMatch(re);
    }
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

describe('model size', () => {
  it('buildModel counts parameters before allocating: 1e11 parameters are refused naming the layer, the count and the bytes', () => {
    const huge = { input: 2_000_000, layers: [{ type: 'dense', units: 50_000 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] } as const;
    let err: unknown;
    try {
      buildModel(huge);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
    const e = err as OptionError;
    expect(e.owner).toBe('layer 0 (dense)');
    expect(e.path).toEqual(['layers', 0, 'units']);
    expect(e.message).toBe(
      'layer 0 (dense): units makes the model too large: 100000100001 parameters (this layer has 100000050000: 2000000 inputs × 50000 units + bias) ' +
        'would need 400.0 GB (400000400004 bytes) as float32, above the limit of 1073741824 parameters (MAX_PARAMETERS)',
    );
    expect(MAX_PARAMETERS).toBe(2 ** 30);
    expect(() => describeModel(huge)).toThrow(/too large/); // the same check without building
  });

  it('each weight must fit MAX_TENSOR_BYTES in the dtype it is built in', () => {
    // 1e9 parameters: within MAX_PARAMETERS, but 8 GB as one float64 weight.
    const big = { input: 20_000, layers: [{ type: 'dense', units: 50_000, useBias: false }] } as const;
    expect(describeModel(big).totalParams).toBe(1e9);
    expect(() => buildModel(big, { dtype: 'float64' })).toThrow(/^layer 0 \(dense\): units gives a weight \[50000, 20000\] of 8\.0 GB \(8000000000 bytes\) as float64, above the limit of 4\.3 GB/);
    expect(() => buildModel({ input: 2, layers: [{ type: 'dense', units: 1 }] }, { dtype: 'int8' as never })).toThrow(/^buildModel: dtype must be 'float32' or 'float64', got "int8"/);
  });
});

describe('initializer options in a spec', () => {
  it('are checked by planModel (OptionErrors naming the layer), not by a plain Error at build time', () => {
    const at = (init: unknown) => () => buildModel({ input: 2, layers: [{ type: 'dense', units: 3, init: init as never }] });
    for (const [init, message] of [
      [{ type: 'normal', std: -1 }, /^layer 0 \(dense\): init normal: std must be >= 0, got -1$/],
      [{ type: 'uniform', low: 2, high: 1 }, /^layer 0 \(dense\): init uniform: low \(2\) must be <= high \(1\)$/],
      [{ type: 'normal', mean: Infinity }, /init normal: mean must be a finite number, got Infinity/],
      [{ type: 'xavierUniform', gain: NaN }, /init xavierUniform: gain must be a finite number, got NaN/],
      [{ type: 'kaimingNormal', mode: 'fanMid' }, /init kaimingNormal: mode must be 'fanIn' or 'fanOut', got "fanMid"/],
      [{ type: 'kaimingUniform', nonlinearity: 'mish' }, /init kaimingUniform: unknown nonlinearity "mish"/],
    ] as const) {
      expect(at(init)).toThrow(OptionError);
      expect(at(init)).toThrow(message);
      expect(() => describeModel({ input: 2, layers: [{ type: 'dense', units: 3, init: init as never }] })).toThrow(OptionError);
    }
  });
});

describe('more spec messages (found by the fuzz suite)', () => {
  it('xavierUniform with a negative gain is the same symmetric init (it threw a plain uniform error naming no layer)', () => {
    const m = buildModel({ input: 3, layers: [{ type: 'dense', units: 4, init: { type: 'xavierUniform', gain: -1 } }] }, { seed: 2 });
    const same = buildModel({ input: 3, layers: [{ type: 'dense', units: 4, init: { type: 'xavierUniform', gain: 1 } }] }, { seed: 2 });
    expect(m.stateDict()).toEqual(same.stateDict());
  });
  it('an activation whose options are not an object says so once ("options must be an object", not "options options:")', () => {
    expect(() => buildModel({ input: 2, layers: [{ type: 'activation', fn: 'elu', options: 3 as never }] })).toThrow(/^layer 0 \(activation\): options must be an object, got 3$/);
  });
});
