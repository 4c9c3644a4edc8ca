import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataError, OptionError, ShapeError, Tensor, fromArray } from '@descent/core-tensor';
import { Linear, Sequential, Tanh, fromBytes, load, loadParameters, safetensorsMetadata, save, toBytes } from './index.js';

// NumPy is the independent reader and writer: Debian's python3-numpy under the system interpreter (not a
// pyenv/venv python3 on PATH), and no safetensors package, only json + numpy.frombuffer per the format.
const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install python3-numpy';

/** Why NumPy cannot be used through `python`, or null when it can. */
function numpyProblem(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (r.error) return `${python} cannot be run (${r.error.message}); install Python and NumPy with \`${INSTALL}\``;
  if (r.status !== 0) return `${python} cannot import numpy (${r.stderr.trim().split('\n').at(-1)}); install it with \`${INSTALL}\``;
  return null;
}

function python(script: string, ...args: string[]): string {
  const problem = numpyProblem(PYTHON);
  if (problem) assert.fail(`the NumPy interop tests need NumPy: ${problem}`);
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('PYTHON')) delete env[k]; // the system interpreter, unaltered
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env });
  if (r.status !== 0) assert.fail(`python failed (status ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** Reads a .safetensors file with json + numpy.frombuffer; prints every tensor's dtype, shape, values and bytes. */
const NUMPY_READER = String.raw`
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], 'rb').read()
(n,) = struct.unpack('<Q', raw[:8])
header = json.loads(raw[8:8 + n].decode('utf-8'))
meta = header.pop('__metadata__', None)
data = raw[8 + n:]
types = {'F32': np.dtype('<f4'), 'F64': np.dtype('<f8')}
out = {}
for name, info in header.items():
    begin, end = info['data_offsets']
    a = np.frombuffer(data, dtype=types[info['dtype']], count=(end - begin) // types[info['dtype']].itemsize, offset=begin).reshape(info['shape'])
    values = [float(v) if np.isfinite(v) else str(v) for v in a.astype(np.float64).ravel()]  # 'nan', 'inf', '-inf': not JSON numbers
    out[name] = {'dtype': info['dtype'], 'shape': list(a.shape), 'values': values, 'hex': a.tobytes().hex()}
print(json.dumps({'headerLength': n, 'padding': raw[8:8 + n].decode('utf-8')[len(raw[8:8 + n].decode('utf-8').rstrip(' ')):], 'metadata': meta, 'names': list(header.keys()), 'tensors': out}))
`;

/** Writes a .safetensors file from NumPy arrays per the format (plain json.dumps, no padding, unsorted). */
const NUMPY_WRITER = String.raw`
import json, struct, sys
import numpy as np
rng = np.random.default_rng(7)
tensors = {
    '2.bias': np.array([np.pi], dtype='<f4'),
    '0.weight': rng.standard_normal((4, 3)).astype('<f4'),
    '0.bias': np.array([-0.0, 1e-40, 3.0e38, 1 / 3], dtype='<f4'),
    '2.weight': rng.standard_normal((1, 4)).astype('<f4'),
}
header, chunks, offset = {}, [], 0
for name, a in tensors.items():
    b = a.tobytes()
    header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [offset, offset + len(b)]}
    chunks.append(b)
    offset += len(b)
header['__metadata__'] = {'format': 'np', 'writer': 'numpy ' + np.__version__}
h = json.dumps(header).encode('utf-8')
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<Q', len(h)) + h + b''.join(chunks))
print(json.dumps({name: {'shape': list(a.shape), 'hex': a.tobytes().hex()} for name, a in tensors.items()}))
`;

/** Values as the reader prints them: numbers, and 'nan' / 'inf' / '-inf' as strings. */
const printed = (t: Tensor): (number | string)[] => Array.from(t.data, (v) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'));
const hex = (t: Tensor): string => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex');

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-safetensors-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('NumPy as an independent reader and writer', () => {
  it('the check names the fix when the interpreter or numpy is missing', () => {
    expect(numpyProblem('/nonexistent/python3')).toMatch(/\/nonexistent\/python3 cannot be run .*; install Python and NumPy with `apt-get install python3-numpy`/);
    expect(numpyProblem(PYTHON), `NumPy is required for these tests: ${INSTALL}`).toBeNull();
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`a ${dtype} file written by save() is read by numpy.frombuffer: same names, shapes, values, bits`, async () => {
      const net = new Sequential(new Linear(3, 5, { seed: 4, dtype }), new Tanh(), new Linear(5, 2, { seed: 5, dtype }));
      const path = join(dir, `net-${dtype}.safetensors`);
      await save(net, path, { metadata: { format: 'pt', dtype } });
      const r = JSON.parse(python(NUMPY_READER, path));
      expect(r.headerLength % 8).toBe(0);
      expect(r.padding).toMatch(/^ {0,7}$/);
      expect(r.metadata).toEqual({ format: 'pt', dtype });
      expect(r.names).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
      for (const [name, p] of net.namedParameters()) {
        const t = r.tensors[name];
        expect([name, t.dtype, t.shape]).toEqual([name, dtype === 'float32' ? 'F32' : 'F64', p.shape]);
        expect(t.values).toEqual(printed(p.value));
        expect(t.hex).toBe(hex(p.value));
      }
    });
  }

  it('special values and a scalar reach NumPy bit for bit', () => {
    const path = join(dir, 'special.safetensors');
    const a = new Tensor(new Float32Array([0, -0, Infinity, -Infinity, NaN, 1e-45]), [2, 3]);
    const s = new Tensor(new Float64Array([-5e-324]), []);
    writeFileSync(path, toBytes({ a, s }));
    const r = JSON.parse(python(NUMPY_READER, path));
    expect([r.tensors.a.shape, r.tensors.s.shape]).toEqual([[2, 3], []]);
    expect(r.tensors.a.values).toEqual(printed(a));
    expect(r.tensors.s.values).toEqual(printed(s));
    expect(r.tensors.a.hex).toBe(hex(a));
    expect(r.tensors.s.hex).toBe(hex(s));
  });

  it('a file written by NumPy per the format is read by fromBytes and loads into a model', async () => {
    const path = join(dir, 'from-numpy.safetensors');
    const expected = JSON.parse(python(NUMPY_WRITER, path)) as Record<string, { shape: number[]; hex: string }>;
    const bytes = readFileSync(path);
    const tensors = fromBytes(bytes);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, e] of Object.entries(expected)) {
      expect([name, tensors[name].dtype, tensors[name].shape]).toEqual([name, 'float32', e.shape]);
      expect(hex(tensors[name])).toBe(e.hex);
    }
    expect(safetensorsMetadata(bytes).format).toBe('np');
    const model = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1));
    await load(model, path);
    for (const [name, p] of model.namedParameters()) expect(hex(p.value)).toBe(expected[name].hex);
    const again = new Sequential(new Linear(3, 4, { seed: 9 }), new Tanh(), new Linear(4, 1, { seed: 9 }));
    loadParameters(again, bytes);
    expect(again.parameters().map((p) => hex(p.value))).toEqual(model.parameters().map((p) => hex(p.value)));
  });
});

describe('save / load (Node)', () => {
  it('round trip through a file, float32 and float64, bit for bit; a file: URL works too', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const a = new Sequential(new Linear(2, 6, { seed: 1, dtype }), new Tanh(), new Linear(6, 2, { seed: 2, dtype }));
      const b = new Sequential(new Linear(2, 6, { seed: 3, dtype }), new Tanh(), new Linear(6, 2, { seed: 4, dtype }));
      const path = join(dir, `rt-${dtype}.safetensors`);
      await save(a, path);
      expect(new Uint8Array(readFileSync(path))).toEqual(toBytes(a));
      await load(b, pathToFileURL(path));
      expect(b.parameters().map((p) => hex(p.value))).toEqual(a.parameters().map((p) => hex(p.value)));
    }
  });

  it('load names a mismatch with the file and model shapes; the model is unchanged', async () => {
    const path = join(dir, 'wide.safetensors');
    await save(new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1)), path);
    const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    const before = model.parameters().map((p) => hex(p.value));
    const e = await load(model, path).catch((err: unknown) => err as Error);
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toBe('load: 0.weight: file has [8, 3], model has [8, 2]');
    expect(model.parameters().map((p) => hex(p.value))).toEqual(before);
  });

  it('load reports a truncated file; save refuses a bad source before touching the file', async () => {
    const path = join(dir, 'cut.safetensors');
    const bytes = toBytes(new Linear(2, 2));
    writeFileSync(path, bytes.subarray(0, bytes.length - 4));
    await expect(load(new Linear(2, 2), path)).rejects.toThrow(DataError);
    await expect(load(new Linear(2, 2), path)).rejects.toThrow(/^load: weight: data_offsets \[\d+, \d+\] are out of range/);
    const never = join(dir, 'never.safetensors');
    await expect(save({ w: { shape: [2], data: [1] } }, never)).rejects.toThrow(ShapeError);
    expect(existsSync(never)).toBe(false);
  });

  it('checks its arguments; a missing file is the file system error', async () => {
    await expect(save(new Linear(1, 1), '' as never)).rejects.toThrow(OptionError);
    await expect(save(new Linear(1, 1), 42 as never)).rejects.toThrow('save: path must be a file path (a non-empty string or a file: URL), got 42');
    await expect(load({} as never, join(dir, 'x'))).rejects.toThrow('load: module must be a module (e.g. a Sequential), got {}');
    await expect(load(new Linear(1, 1), join(dir, 'missing.safetensors'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(save(new Linear(1, 1), join(dir, 'm.safetensors'), { metadata: { n: 1 } as never })).rejects.toThrow('save: metadata value of "n" must be a string, got 1');
  });

  it('saves named tensors too', async () => {
    const path = join(dir, 'named.safetensors');
    await save({ w: fromArray([1, 2, 3], [3], 'float64') }, path);
    expect(fromBytes(readFileSync(path)).w.toFlat()).toEqual([1, 2, 3]);
  });
});
