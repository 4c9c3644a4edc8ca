import { describe, expect, it } from 'vitest';
import { DataError, OptionError, ShapeError, Tensor, fromArray } from '@descent/core-tensor';
import { DATA_LOADER_OPTIONS, DataLoader, batches, classificationDataset, makeDataset, regressionDataset, tensorDataset, type Batch } from './index.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** x row i is [i, 10 i], y row i is [-i]: a batch's rows tell which indices it holds. */
function rows(n: number, dtype: 'float32' | 'float64' = 'float64') {
  const x = fromArray(range(n).flatMap((i) => [i, 10 * i]), [n, 2], dtype);
  const y = fromArray(range(n).map((i) => -i), [n, 1], dtype);
  return tensorDataset(x, y);
}

const firstColumn = (b: Batch): number[] => (b.x.toArray() as number[][]).map((r) => r[0]);
const epochIndices = (loader: Iterable<Batch>): number[][] => [...loader].map(firstColumn);

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('DataLoader', () => {
  it('defaults as PyTorch: batchSize 1, no shuffle, last batch kept', () => {
    const loader = new DataLoader(rows(3));
    expect([loader.batchSize, loader.shuffle, loader.seed, loader.dropLast, loader.length]).toEqual([1, false, 0, false, 3]);
    expect(epochIndices(loader)).toEqual([[0], [1], [2]]);
  });

  it('yields x and y rows cut together, shaped for model.forward, in the dtype given', () => {
    const loader = new DataLoader(rows(10, 'float32'), { batchSize: 4, shuffle: true, seed: 3 });
    let seen = 0;
    for (const { x, y } of loader) {
      expect(x).toBeInstanceOf(Tensor);
      expect(x.dtype).toBe('float32');
      expect(y.dtype).toBe('float32');
      expect(x.shape).toEqual([y.shape[0], 2]);
      const xr = x.toArray() as number[][];
      expect((y.toArray() as number[][]).map((r) => r[0])).toEqual(xr.map((r) => -r[0]));
      expect(xr.every((r) => r[1] === 10 * r[0])).toBe(true);
      seen += x.shape[0];
    }
    expect(seen).toBe(10);
  });

  it('full batch, SGD and mini-batch from the one loader; length is batches per epoch', () => {
    const ds = rows(10);
    expect(epochIndices(new DataLoader(ds, { batchSize: 10 }))).toEqual([range(10)]);
    expect(epochIndices(new DataLoader(ds, { batchSize: Infinity }))).toEqual([range(10)]);
    expect(epochIndices(new DataLoader(ds, { batchSize: 25 }))).toEqual([range(10)]);
    expect(epochIndices(new DataLoader(ds, { batchSize: 1 }))).toEqual(range(10).map((i) => [i]));
    expect(epochIndices(new DataLoader(ds, { batchSize: 4 }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const cases: [number, boolean, number][] = [[10, false, 1], [Infinity, false, 1], [1, false, 10], [4, false, 3], [4, true, 2], [5, true, 2], [11, true, 0], [Infinity, true, 1]];
    for (const [batchSize, dropLast, length] of cases) {
      const loader = new DataLoader(ds, { batchSize, dropLast, shuffle: true, seed: 1 });
      expect(loader.length, `batchSize ${batchSize}, dropLast ${dropLast}`).toBe(length);
      expect([...loader]).toHaveLength(length);
    }
  });

  it('dropLast drops only a short last batch', () => {
    expect(epochIndices(new DataLoader(rows(10), { batchSize: 4, dropLast: true }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(epochIndices(new DataLoader(rows(8), { batchSize: 4, dropLast: true }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    const shuffled = epochIndices(new DataLoader(rows(10), { batchSize: 3, dropLast: true, shuffle: true, seed: 2 }));
    expect(shuffled.map((b) => b.length)).toEqual([3, 3, 3]);
  });

  it('a new seeded order every epoch, equal to batches() for (seed, epoch): the order fit() uses', () => {
    const n = 23;
    const loader = new DataLoader(rows(n), { batchSize: 5, shuffle: true, seed: 7 });
    const epochs = range(4).map(() => epochIndices(loader));
    expect(loader.epoch).toBe(4);
    epochs.forEach((got, epoch) => {
      // The trainer calls batches(n, { mode: 'minibatch', batchSize: min(batchSize, n), shuffle, seed, epoch }).
      const expected = [...batches(n, { mode: 'minibatch', batchSize: 5, shuffle: true, seed: 7, epoch })].map((b) => Array.from(b));
      expect(got).toEqual(expected);
      expect(got.flat().sort((a, b) => a - b)).toEqual(range(n));
    });
    expect(new Set(epochs.map((e) => e.flat().join())).size).toBe(4);
    // the full batch too, in the shuffled order of its epoch
    const full = new DataLoader(rows(n), { batchSize: Infinity, shuffle: true, seed: 7 });
    expect(epochIndices(full)).toEqual([Array.from([...batches(n, { mode: 'full', seed: 7, epoch: 0 })][0])]);
  });

  it('is reproducible: same seed, same orders; setEpoch resumes at an epoch', () => {
    const a = new DataLoader(rows(12), { batchSize: 5, shuffle: true, seed: 11 });
    const b = new DataLoader(rows(12), { batchSize: 5, shuffle: true, seed: 11 });
    const c = new DataLoader(rows(12), { batchSize: 5, shuffle: true, seed: 12 });
    const ea = [epochIndices(a), epochIndices(a), epochIndices(a)];
    expect([epochIndices(b), epochIndices(b), epochIndices(b)]).toEqual(ea);
    expect(epochIndices(c)).not.toEqual(ea[0]);
    b.setEpoch(1);
    expect(epochIndices(b)).toEqual(ea[1]);
    expect(b.epoch).toBe(2);
    expect(() => b.setEpoch(-1)).toThrow(OptionError);
    expect(() => b.setEpoch(1.5)).toThrow('DataLoader: epoch must be a non-negative integer, got 1.5');
  });

  it('without shuffle every epoch is in index order', () => {
    const loader = new DataLoader(rows(5), { batchSize: 2, seed: 99 });
    expect(epochIndices(loader)).toEqual([[0, 1], [2, 3], [4]]);
    expect(epochIndices(loader)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('an epoch starts when its iteration starts; a broken-off epoch does not repeat', () => {
    const loader = new DataLoader(rows(6), { batchSize: 2, shuffle: true, seed: 4 });
    for (const _ of loader) break;
    expect(loader.epoch).toBe(1);
    const expected = [...batches(6, { mode: 'minibatch', batchSize: 2, seed: 4, epoch: 1 })].map((b) => Array.from(b));
    expect(epochIndices(loader)).toEqual(expected);
  });

  it('class-label targets come as Int32Array batches', () => {
    const x = fromArray(range(12), [6, 2], 'float32');
    const loader = new DataLoader(tensorDataset(x, new Int32Array([0, 1, 2, 0, 1, 2])), { batchSize: 4 });
    const got = [...loader];
    const y: Int32Array = got[0].y; // typed as labels, ready for crossEntropy
    expect(y).toBeInstanceOf(Int32Array);
    expect(got.map((b) => Array.from(b.y))).toEqual([[0, 1, 2, 0], [1, 2]]);
  });

  it('takes a Dataset: multiclass yields labels, binary and regression the y columns', () => {
    const blobs = makeDataset('blobs', { n: 30, seed: 1 });
    const mb = [...new DataLoader(blobs, { batchSize: 8, shuffle: true, seed: 2 })];
    expect(mb.map((b) => b.x.shape[0])).toEqual([8, 8, 8, 6]);
    expect(mb[0].y).toBeInstanceOf(Int32Array);
    const order = Array.from([...batches(30, { mode: 'minibatch', batchSize: 8, seed: 2 })][0]);
    expect(Array.from(mb[0].y as Int32Array)).toEqual(order.map((i) => blobs.labels![i]));
    expect(mb[0].x.toFlat()).toEqual(order.flatMap((i) => [blobs.x.get(i, 0), blobs.x.get(i, 1)]));

    const xor = makeDataset('xor', { n: 10, seed: 1 });
    const [b] = new DataLoader(xor, { batchSize: Infinity });
    expect(b.y).toBeInstanceOf(Tensor);
    expect((b.y as Tensor).toFlat()).toEqual(xor.y.toFlat());

    const own = regressionDataset({ name: 'mine', x: new Float64Array([1, 2, 3]), features: 1, y: new Float64Array([2, 4, 6]), outputs: 1, featureNames: ['x'], targetNames: ['y'] });
    expect([...new DataLoader(own, { batchSize: 2 })].map((bb) => (bb.y as Tensor).toFlat())).toEqual([[2, 4], [6]]);

    const cls = classificationDataset({ name: 'c', x: new Float64Array([0, 1, 2, 3]), features: 1, labels: new Int32Array([0, 2, 1, 2]), classNames: ['a', 'b', 'c'], featureNames: ['v'], task: 'multiclass' });
    expect([...new DataLoader(cls, { batchSize: 4 })].map((bb) => Array.from(bb.y as Int32Array))).toEqual([[0, 2, 1, 2]]);
  });

  it('checks a Dataset or {x, y} it is given, naming the field', () => {
    const blobs = makeDataset('blobs', { n: 9, seed: 1 });
    const e = thrown(() => new DataLoader({ ...blobs, labels: undefined }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('DataLoader: dataset.labels is missing: the multiclass dataset "blobs" needs its class indices');
    expect(() => new DataLoader({ ...blobs, labels: new Int32Array(8) })).toThrow(
      'DataLoader: dataset.labels has 8 rows (Int32Array of length 8) but dataset.x has 9 (shape [9, 2])',
    );
    const plain = { x: fromArray([1, 2, 3, 4], [2, 2]), y: fromArray([1, 2, 3], [3, 1]) };
    expect(() => new DataLoader(plain as never)).toThrow(ShapeError);
    expect(() => new DataLoader(plain as never)).toThrow('dataset.y has 3 rows (shape [3, 1]) but dataset.x has 2 (shape [2, 2])');
    const ok = new DataLoader({ x: fromArray([1, 2, 3, 4], [2, 2]), y: new Int32Array([1, 0]) } as never, { batchSize: 2 });
    expect(ok.length).toBe(1);
    const bad = thrown(() => new DataLoader(null as never));
    expect(bad).toBeInstanceOf(OptionError);
    expect(bad.message).toBe('DataLoader: dataset must be a Dataset or a tensorDataset(x, y), got null');
  });

  it('an empty dataset gives no batches', () => {
    const loader = new DataLoader(tensorDataset(fromArray([], [0, 2]), new Int32Array(0)), { batchSize: Infinity, shuffle: true });
    expect(loader.length).toBe(0);
    expect([...loader]).toEqual([]);
  });

  it('validates options with the shared vocabulary: OptionError naming the option and value', () => {
    const ds = rows(4);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ batchSize: 0 }, 'batchSize', 'DataLoader: batchSize must be a positive integer or Infinity (the full batch), got 0'],
      [{ batchSize: 2.5 }, 'batchSize', 'got 2.5'],
      [{ batchSize: '8' }, 'batchSize', 'got "8"'],
      [{ batchSize: NaN }, 'batchSize', 'got NaN'],
      [{ batchSize: -Infinity }, 'batchSize', 'got -Infinity'],
      [{ shuffle: 'yes' }, 'shuffle', 'DataLoader: shuffle must be true or false, got "yes"'],
      [{ seed: -1 }, 'seed', 'DataLoader: seed must be at least 0, got -1'],
      [{ seed: 1.5 }, 'seed', 'seed must be an integer, got 1.5'],
      [{ dropLast: 1 }, 'dropLast', 'DataLoader: dropLast must be true or false, got 1'],
      [{ batch_size: 4 }, 'batch_size', 'DataLoader: batch_size is not an option of DataLoader; valid options: batchSize, shuffle, seed, dropLast, dtype'],
      [{ dtype: 'int32' }, 'dtype', "DataLoader: dtype must be one of 'float32', 'float64'"],
    ];
    for (const [options, option, message] of cases) {
      const e = thrown(() => new DataLoader(ds, options as never));
      expect(e, JSON.stringify(options)).toBeInstanceOf(OptionError);
      expect((e as OptionError).option).toBe(option);
      expect((e as OptionError).value).toEqual(Object.values(options)[0]);
      expect(e.message).toContain(message);
    }
    expect(() => new DataLoader(ds, 4 as never)).toThrow('DataLoader: options must be an object, got 4');
    expect(DATA_LOADER_OPTIONS.map((m) => [m.name, m.default])).toEqual([['batchSize', 1], ['shuffle', false], ['seed', 0], ['dropLast', false], ['dtype', null]]);
  });

  it('dtype casts x and tensor targets once (a float64 data set for a float32 model); labels stay Int32', () => {
    const ds = makeDataset('digits', { n: 30, seed: 1 });
    expect(ds.x.dtype).toBe('float64');
    const loader = new DataLoader(ds, { batchSize: 8, dtype: 'float32' });
    expect(loader.dataset.x.dtype).toBe('float32');
    const first = [...loader][0];
    expect(first.x.dtype).toBe('float32');
    expect(first.y).toBeInstanceOf(Int32Array);
    expect(Array.from(first.x.data)).toEqual(Array.from(Float32Array.from(ds.x.data.subarray(0, 8 * 64))));
    const reg = new DataLoader(rows(5), { batchSize: 5, dtype: 'float32' });
    expect([...reg][0].y.dtype).toBe('float32');
    // Already in the dtype: the data set is kept as given.
    const same = rows(5, 'float32');
    expect(new DataLoader(same, { dtype: 'float32' }).dataset).toBe(same);
    expect(new DataLoader(same, { dtype: null }).dataset).toBe(same);
  });
});
