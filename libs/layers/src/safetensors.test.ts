import { describe, expect, it } from 'vitest';
import { DataError, OptionError, ShapeError, Tensor, fromArray } from '@descent/core-tensor';
import { Linear, MAX_HEADER_BYTES, Sequential, Tanh, fromBytes, safetensorsMetadata, toBytes } from './index.js';

/** The raw bytes of a tensor's values: equal bytes = equal bits (NaN payloads and -0 included). */
const bits = (t: Tensor): number[] => Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

/** A file split into its parts: header length, header text (with padding), parsed header, data section. */
function parts(bytes: Uint8Array): { n: number; text: string; header: Record<string, any>; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  return { n, text, header: JSON.parse(text), data: bytes.subarray(8 + n) };
}

/** A file assembled by hand: header JSON as given (no padding), then `data`. */
function file(header: unknown, data: ArrayLike<number> = [], headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const mlp = (dtype: 'float32' | 'float64', seed = 1) => new Sequential(new Linear(2, 8, { seed, dtype }), new Tanh(), new Linear(8, 3, { seed: seed + 1, dtype }));

describe('toBytes / fromBytes round trip', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: a module's parameters come back bit for bit, with their names, shapes and dtype`, () => {
      const net = mlp(dtype);
      const back = fromBytes(toBytes(net));
      expect(Object.keys(back)).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
      for (const [name, p] of net.namedParameters()) {
        expect(back[name].dtype).toBe(dtype);
        expect(back[name].shape).toEqual(p.shape);
        expect(bits(back[name])).toEqual(bits(p.value));
      }
    });

    it(`${dtype}: special values survive bit for bit (NaN payload, ±0, ±Infinity, subnormals, extremes)`, () => {
      const Arr = dtype === 'float32' ? Float32Array : Float64Array;
      const values = new Arr([0, -0, Infinity, -Infinity, NaN, 1e-45, -5e-324, 3.4028234663852886e38, Math.PI, -1 / 3]);
      // a NaN with a non-default payload
      const raw = new Uint8Array(values.buffer);
      if (dtype === 'float32') raw.set([0x01, 0x00, 0xc0, 0x7f], 4 * 4);
      else raw.set([0x01, 0, 0, 0, 0, 0, 0xf8, 0x7f], 4 * 8);
      const t = new Tensor(values, [2, 5]);
      const back = fromBytes(toBytes({ t })).t;
      expect(back.dtype).toBe(dtype);
      expect(bits(back)).toEqual(bits(t));
    });
  }

  it('mixed dtypes, scalars, empty tensors and awkward names in one file', () => {
    const src = {
      b64: fromArray([1, 2, 3], [3], 'float64'),
      a32: fromArray([0.1, 0.2, 0.3], [1, 3], 'float32'),
      scalar: fromArray([7], [], 'float32'),
      empty: fromArray([], [0, 4], 'float64'),
      '12': fromArray([5], [1], 'float32'),
      __proto__x: fromArray([6], [1], 'float32'),
      'é.ü/名前': fromArray([8], [1], 'float64'),
    };
    const back = fromBytes(toBytes(src));
    expect(Object.keys(back).sort()).toEqual(Object.keys(src).sort());
    for (const [name, t] of Object.entries(src)) {
      expect([name, back[name].dtype, back[name].shape]).toEqual([name, t.dtype, t.shape]);
      expect(bits(back[name])).toEqual(bits(t));
    }
  });

  it('a tensor named "__proto__" is read as a tensor, not a prototype', () => {
    const header = `{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`;
    const back = fromBytes(file(null, new Uint8Array(new Float32Array([2.5]).buffer), header));
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back['__proto__'].toFlat()).toEqual([2.5]);
  });

  it('takes state dicts: plain JSON entries (written as F64, exact) and typed-array entries (dtype kept)', () => {
    const net = mlp('float32');
    const sd = net.stateDict();
    const back = fromBytes(toBytes(sd));
    for (const [name, p] of net.namedParameters()) {
      expect(back[name].dtype).toBe('float64');
      expect(back[name].toFlat()).toEqual(p.value.toFlat()); // float32 values are exact in float64
    }
    const typed = fromBytes(toBytes({ w: { shape: [2], data: new Float32Array([0.1, 0.2]) as unknown as number[] } }));
    expect(typed.w.dtype).toBe('float32');
    expect(typed.w.toFlat()).toEqual(Array.from(new Float32Array([0.1, 0.2])));
    // and what fromBytes returns goes back in as is
    expect(toBytes(fromBytes(toBytes(net)))).toEqual(toBytes(net));
  });

  it('reads from an ArrayBuffer and from a Uint8Array view at an offset', () => {
    const bytes = toBytes(mlp('float64'));
    const padded = new Uint8Array(bytes.length + 13);
    padded.set(bytes, 5);
    const view = padded.subarray(5, 5 + bytes.length);
    expect(bits(fromBytes(view)['0.weight'])).toEqual(bits(fromBytes(bytes)['0.weight']));
    expect(Object.keys(fromBytes(bytes.slice().buffer))).toHaveLength(4);
  });

  it('reads a Node Buffer, pooled (a view at an offset into shared memory) or not', () => {
    const bytes = toBytes({ w: fromArray([1.5, -2, 3], [3], 'float32'), v: fromArray([4, 5], [2], 'float64') });
    const pooled = Buffer.from(Array.from(bytes)); // small Buffers are carved out of a shared pool
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length).toBe(true);
    for (const b of [pooled, Buffer.alloc(bytes.length, bytes)]) {
      const t = fromBytes(b);
      expect([t.w.toFlat(), t.v.toFlat()]).toEqual([[1.5, -2, 3], [4, 5]]);
    }
  });

  it('results do not share memory with the file', () => {
    const bytes = toBytes({ w: fromArray([1, 2], [2], 'float64') });
    const w = fromBytes(bytes).w;
    bytes.fill(0, bytes.length - 16);
    expect(w.toFlat()).toEqual([1, 2]);
  });
});

describe('toBytes layout (the safetensors format)', () => {
  it('little-endian u64 header length, JSON header padded with spaces to a multiple of 8, data after', () => {
    const bytes = toBytes(mlp('float32'));
    const { n, text, header, data } = parts(bytes);
    expect(n % 8).toBe(0);
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(0);
    expect(text.trimEnd().length).toBeGreaterThan(n - 8);
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(header['0.weight']).toEqual({ dtype: 'F32', shape: [8, 2], data_offsets: [32, 96] });
    expect(header['0.bias']).toEqual({ dtype: 'F32', shape: [8], data_offsets: [0, 32] });
    expect(data.length).toBe((8 * 2 + 8 + 3 * 8 + 3) * 4);
    expect(bytes.length).toBe(8 + n + data.length);
  });

  it('tensors sorted by name, the data in that order; compact JSON like the reference writer', () => {
    const src = { b: fromArray([2], [1], 'float32'), a: fromArray([1], [1], 'float32'), '10': fromArray([3], [1], 'float32'), '9': fromArray([4], [1], 'float32') };
    const { text, data } = parts(toBytes(src));
    expect(text.trimEnd()).toBe(
      '{"10":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"9":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},' +
        '"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}',
    );
    expect(Array.from(new Float32Array(data.slice().buffer))).toEqual([3, 4, 1, 2]);
  });

  it('in a mixed file F64 tensors come first, so every tensor stays aligned (the reference order)', () => {
    const { header } = parts(toBytes({ a: fromArray([1], [1], 'float32'), z: fromArray([2], [1], 'float64') }));
    expect(header.z.data_offsets).toEqual([0, 8]);
    expect(header.a.data_offsets).toEqual([8, 12]);
  });

  it('writes "__metadata__" first when given, and reads it back', () => {
    const bytes = toBytes(mlp('float32'), { metadata: { format: 'pt', note: 'ünïcode "quoted"' } });
    expect(parts(bytes).text.startsWith('{"__metadata__":{"format":"pt","note":"ünïcode \\"quoted\\""},')).toBe(true);
    expect(safetensorsMetadata(bytes)).toEqual({ format: 'pt', note: 'ünïcode "quoted"' });
    expect(Object.keys(fromBytes(bytes))).not.toContain('__metadata__');
    expect(safetensorsMetadata(toBytes(mlp('float32')))).toEqual({});
    expect(parts(toBytes({}, { metadata: {} })).text.trimEnd()).toBe('{"__metadata__":{}}');
  });

  it('an empty source is a valid file', () => {
    const bytes = toBytes({});
    expect(parts(bytes).text).toBe('{}      ');
    expect(fromBytes(bytes)).toEqual({});
  });
});

describe('toBytes errors', () => {
  it('names a bad source, entry, option or name', () => {
    const e = thrown(() => toBytes(42 as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toBe('toBytes: source must be a module or an object of tensors by name, got 42');
    expect(() => toBytes(fromArray([1], [1]) as never)).toThrow(OptionError);
    expect(() => toBytes({ w: [1, 2] } as never)).toThrow('toBytes: w: must be a Tensor or { shape: number[], data: number[] }, got [1, 2]');
    const s = thrown(() => toBytes({ w: { shape: [2, 3], data: [1, 2, 3] } }));
    expect(s).toBeInstanceOf(ShapeError);
    expect(s.message).toBe('toBytes: w: 3 values do not fill shape [2, 3] (6 elements)');
    expect(() => toBytes({ w: { shape: [-1], data: [] } })).toThrow('w: shape must be a list of non-negative integers, got [-1]');
    expect(() => toBytes({ w: { shape: [1], data: ['1'] as never } })).toThrow('w: data must be a number[], Float32Array or Float64Array');
    expect(() => toBytes({ w: { shape: [1], data: new Int32Array(1) as never } })).toThrow(DataError);
    expect(() => toBytes({ __metadata__: fromArray([1], [1]) })).toThrow('toBytes: "__metadata__" cannot name a tensor in a safetensors file');
    expect(() => toBytes({ '': fromArray([1], [1]) })).toThrow('"" cannot name a tensor');
  });

  it('checks metadata: strings only, and no unknown options', () => {
    const e = thrown(() => toBytes({}, { metadata: { epochs: 3 } as never }));
    expect(e).toBeInstanceOf(OptionError);
    expect((e as OptionError).option).toBe('metadata');
    expect(e.message).toBe('toBytes: metadata value of "epochs" must be a string, got 3');
    expect(() => toBytes({}, { metadata: 'x' as never })).toThrow('toBytes: metadata must be an object of string values, got "x"');
    expect(() => toBytes({}, { meta: {} } as never)).toThrow('toBytes: meta is not an option of toBytes; valid options: metadata');
  });
});

describe('fromBytes on a truncated or corrupt file: a DataError saying what is wrong', () => {
  const good = toBytes({ a: fromArray([1, 2], [2], 'float32'), b: fromArray([3], [1], 'float64') });
  const f32 = (...v: number[]) => new Uint8Array(new Float32Array(v).buffer);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /not a safetensors file: 0 bytes, shorter than the 8-byte header length/],
    ['shorter than 8 bytes', good.subarray(0, 5), /5 bytes, shorter than the 8-byte header length/],
    ['header cut off', good.subarray(0, 20), /header length \d+ runs past the end of the file \(20 bytes\): truncated/],
    ['huge header length', (() => { const b = good.slice(); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), /header length 4294967\d+ is larger than the format allows \(100000000\): not a safetensors file, or a corrupt one/],
    ['data cut off', good.subarray(0, good.length - 3), /a: data_offsets \[8, 16\] are out of range: the data section has 13 bytes \(truncated or corrupt file\)/],
    ['not JSON', file(null, [], '{"a": [1, 2'), /header is not valid JSON \(.+\): not a safetensors file, or a corrupt one/],
    ['not UTF-8', file(null, [], '{}').map((v, i) => (i === 8 ? 0xff : v)), /header is not valid UTF-8/],
    ['JSON but not an object', file([1, 2]), /header must be a JSON object, got \[1, 2\]/],
    ['a text file', new TextEncoder().encode('hello world, this is not a tensor file'), /header length \d+ is larger than the format allows \(100000000\): not a safetensors file/],
    ['entry not an object', file({ a: 5 }), /a: header entry must be an object \{ dtype, shape, data_offsets \}, got 5/],
    ['unsupported dtype', file({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /a: dtype "F16" is not supported \(only F32 and F64\)/],
    ['dtype a builtin name', file({ a: { dtype: 'constructor', shape: [], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /a: dtype "constructor" is not supported/],
    ['bad shape', file({ a: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, f32(1)), /a: shape must be a list of non-negative integers, got \[1.5\]/],
    ['bad offsets', file({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, f32(1)), /a: data_offsets must be \[begin, end\] integers, got \[0\]/],
    ['negative offset', file({ a: { dtype: 'F32', shape: [1], data_offsets: [-4, 0] } }, f32(1)), /a: data_offsets \[-4, 0\] are out of range/],
    ['end before begin', file({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32(1)), /a: data_offsets \[4, 0\] are out of range/],
    ['size disagrees with shape', file({ a: { dtype: 'F64', shape: [2], data_offsets: [0, 8] } }, f32(1, 2)), /a: shape \[2\] of F64 needs 16 bytes, but data_offsets \[0, 8\] hold 8/],
    ['overlapping tensors', file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(1, 2, 3)), /tensors a \[0, 8\] and b \[4, 12\] overlap/],
    ['the same bytes twice', file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensors a \[0, 4\] and b \[0, 4\] overlap/],
    ['a gap', file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(1, 2)), /bytes \[0, 4\] of the data section belong to no tensor \(before a\)/],
    ['extra bytes', file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(1, 2)), /the data section has 8 bytes but the tensors cover 4: extra bytes at the end/],
    ['bad metadata', file({ __metadata__: { epochs: 3 } }), /"__metadata__" must map strings to strings, got \{"epochs":3\}/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      const e = thrown(() => fromBytes(bytes));
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).owner).toBe('fromBytes');
      expect(e.message).toMatch(message);
      expect(() => safetensorsMetadata(bytes)).toThrow(DataError);
    });
  }

  it('a header longer than the format allows is refused before anything else', () => {
    const b = new Uint8Array(16);
    new DataView(b.buffer).setUint32(0, MAX_HEADER_BYTES + 1, true);
    expect(() => fromBytes(b)).toThrow('fromBytes: header length 100000001 is larger than the format allows (100000000): not a safetensors file, or a corrupt one');
    new DataView(b.buffer).setUint32(0, 8, true);
    expect(() => fromBytes(b)).toThrow(/header is not valid JSON/); // 8 NUL bytes
  });

  it('a tolerant reader: no padding, spaces in the JSON, entries in any order, metadata anywhere', () => {
    const header = { b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, __metadata__: { k: 'v' }, a: { data_offsets: [0, 4], shape: [1], dtype: 'F32', extra: 1 } };
    const bytes = file(null, f32(1, 2), JSON.stringify(header, null, 2));
    expect(parts(bytes).n % 8).not.toBe(0);
    const t = fromBytes(bytes);
    expect([t.a.toFlat(), t.b.toFlat()]).toEqual([[1], [2]]);
    expect(safetensorsMetadata(bytes)).toEqual({ k: 'v' });
    expect(safetensorsMetadata(file({ __metadata__: null }))).toEqual({});
  });

  it('refuses what is not bytes', () => {
    const e = thrown(() => fromBytes('model.safetensors' as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e.message).toBe('fromBytes: bytes must be a Uint8Array or an ArrayBuffer (the file\'s contents), got "model.safetensors"');
  });
});
