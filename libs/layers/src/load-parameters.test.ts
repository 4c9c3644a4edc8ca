import { describe, expect, it } from 'vitest';
import { DataError, OptionError, ShapeError, fromArray, tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { Linear, ReLU, Sequential, Tanh, buildModel, loadParameters, toBytes } from './index.js';

const mlp = (dtype: 'float32' | 'float64', seed: number, hidden = 8, input = 2) =>
  new Sequential(new Linear(input, hidden, { seed, dtype }), new Tanh(), new Linear(hidden, 1, { seed: seed + 1, dtype }));
const values = (m: Sequential): number[][] => m.parameters().map((p) => p.value.toFlat());

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('loadParameters', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: copies by name into the existing parameters (in place), so outputs match`, () => {
      const trained = mlp(dtype, 1);
      const fresh = mlp(dtype, 50);
      const before = fresh.parameters().map((p) => p.value);
      loadParameters(fresh, toBytes(trained));
      expect(values(fresh)).toEqual(values(trained));
      fresh.parameters().forEach((p, i) => expect(p.value).toBe(before[i])); // same tensors: optimizers keep working
      const x = A.constant(tensor([[0.5, -1], [2, 0.25]], dtype));
      expect(fresh.forward(x).value.toArray()).toEqual(trained.forward(x).value.toArray());
    });
  }

  it('works with models built from a spec, and takes an ArrayBuffer', () => {
    const spec = { input: 3, layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 2 }] } as const;
    const a = buildModel(spec, { seed: 1 });
    const b = buildModel(spec, { seed: 2 });
    loadParameters(b, toBytes(a).slice().buffer);
    expect(b.parameters().map((p) => p.value.toFlat())).toEqual(a.parameters().map((p) => p.value.toFlat()));
  });

  it('a shape mismatch names the tensor and both shapes, and leaves the model unchanged', () => {
    const file = toBytes(mlp('float32', 1, 8, 3));
    const model = mlp('float32', 2, 8, 2);
    const before = values(model);
    const e = thrown(() => loadParameters(model, file));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toBe('loadParameters: 0.weight: file has [8, 3], model has [8, 2]');
    expect((e as ShapeError).path).toEqual(['0.weight']);
    expect(values(model)).toEqual(before);
  });

  it('missing and extra tensors are named', () => {
    const model = mlp('float32', 1);
    const sd = Object.fromEntries(model.namedParameters().map(([n, p]) => [n, p.value]));
    const { ['2.bias']: _dropped, ...withoutBias } = sd;
    const missing = thrown(() => loadParameters(model, toBytes(withoutBias)));
    expect(missing).toBeInstanceOf(DataError);
    expect(missing.message).toBe("loadParameters: tensors do not match the model's parameters (missing in the file: 2.bias)");
    expect(() => loadParameters(model, toBytes({ ...sd, '4.weight': fromArray([1], [1, 1]) }))).toThrow(
      "loadParameters: tensors do not match the model's parameters (not in the model: 4.weight)",
    );
    const other = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1, { bias: false }));
    const both = thrown(() => loadParameters(other, toBytes({ ...withoutBias, extra: fromArray([1], [1]) })));
    expect(both.message).toBe("loadParameters: tensors do not match the model's parameters (not in the model: extra)");
    expect(() => loadParameters(mlp('float32', 1), toBytes({}))).toThrow('missing in the file: 0.weight, 0.bias, 2.weight, 2.bias');
    expect(() => loadParameters(new Linear(2, 1), toBytes(model))).toThrow(
      'missing in the file: weight, bias; not in the model: 0.bias, 0.weight, 2.bias, 2.weight',
    );
  });

  it('a dtype mismatch names the tensor and both dtypes', () => {
    const e = thrown(() => loadParameters(mlp('float32', 1), toBytes(mlp('float64', 1))));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe("loadParameters: 0.weight: file has F64 (float64), model has F32 (float32); build the model with dtype 'float64' to load this file");
    expect(() => loadParameters(mlp('float64', 1), toBytes(mlp('float32', 1)))).toThrow('0.weight: file has F32 (float32), model has F64 (float64)');
    // a plain JSON state dict is written as F64: fine for a float64 model
    const m64 = mlp('float64', 3);
    loadParameters(m64, toBytes(mlp('float64', 1).stateDict()));
    expect(values(m64)).toEqual(values(mlp('float64', 1)));
  });

  it('a corrupt file is a DataError from loadParameters, and the model is unchanged', () => {
    const model = mlp('float32', 1);
    const before = values(model);
    const file = toBytes(mlp('float32', 2));
    const e = thrown(() => loadParameters(model, file.subarray(0, file.length - 1)));
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).owner).toBe('loadParameters');
    expect(e.message).toMatch(/out of range: the data section has \d+ bytes \(truncated or corrupt file\)/);
    expect(values(model)).toEqual(before);
  });

  it('refuses what is not a module', () => {
    const e = thrown(() => loadParameters({} as never, toBytes({})));
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toBe('loadParameters: module must be a module (e.g. a Sequential), got {}');
  });
});
