import { OptionError, formatBytes, full, type DType } from '@descent/core-tensor';
import { constant } from '@descent/autodiff';
import { batches, standardize, trainTestSplit, type Dataset, type LoadedData } from '@descent/data';
import { Dropout, Sequential, planModel, type LayerPlan } from '@descent/layers';
import { lossInfo } from '@descent/losses';
import { Trainer, prepareRun, type RunRecord, type RunSpec } from '@descent/train';
import type { ExportContext } from './input.js';
import type { NpyArray } from './npy.js';

// Everything Descent decided at random for a run, computed with Descent's own code and kept as arrays: the
// data set and its split rows, the initial weights, the order of the training rows in every epoch and the
// dropout masks. A PyTorch script that reads these arrays repeats the run instead of drawing its own.

/** A dropout layer whose masks are stored (0 < p < 1; p = 0 draws nothing and p = 1 drops everything). */
export interface StoredDropout {
  /** Index of the layer in the model. */
  layer: number;
  p: number;
  /** Features the layer sees (its mask has this many columns). */
  width: number;
  /** Key of its packed masks in the arrays. */
  key: string;
}

export interface RunData {
  spec: RunSpec;
  /** The resolved options, batch plan and the model as initialized (not trained: nothing is run). */
  trainer: Trainer;
  plans: LayerPlan[];
  loaded: LoadedData;
  dtype: DType;
  nTrain: number;
  nTest: number;
  /** The loss takes class indices (cross-entropy, NLL) rather than float targets. */
  classTargets: boolean;
  /** The data set has class labels (classification), so accuracies are measured. */
  hasLabels: boolean;
  standardized: boolean;
  dropouts: StoredDropout[];
  /** Named arrays, written to a .npz archive. */
  arrays: Record<string, NpyArray>;
}

/** Largest amount of replay data (batch orders and masks) an export writes: beyond it the run is refused. */
export const MAX_REPLAY_BYTES = 1 << 30;

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function rowsOf(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/**
 * The split as row indices into the whole data set, computed as @descent/data's loadData splits (same seed,
 * stratified for classification), and checked against the data the run trains on: a mismatch would mean the
 * two ways of splitting disagree, and is an error rather than a silently different run.
 */
function splitRows(spec: RunSpec, loaded: LoadedData): { train: Int32Array; test: Int32Array; trainRaw: Dataset } {
  const all = loaded.all;
  const n = all.x.shape[0];
  const testFraction = spec.data.testFraction ?? 0.2;
  if (!(testFraction > 0)) return { train: rowsOf(n), test: new Int32Array(0), trainRaw: all };
  const seed = spec.data.seed ?? spec.seed ?? 0;
  const split = trainTestSplit(all, { testFraction, seed, stratify: all.task !== 'regression' });
  return { train: split.trainIndices, test: split.testIndices, trainRaw: split.train };
}

/** The arrays and facts a replaying script needs for `spec` (validated as the trainer validates it). */
export function runData(owner: string, spec: RunSpec, ctx: ExportContext = {}, record: RunRecord | null = null): RunData {
  const p = prepareRun(spec, ctx);
  // The script trains on the data's columns; computed features (RunSpec.features) are not written into it yet.
  if (p.features) throw new OptionError(owner, 'features', 'are not exported to PyTorch yet: the script would train on the raw inputs; export TypeScript instead (it reruns the spec), or bake the features into a CSV', { path: ['features'] });
  const trainer = new Trainer(p.model, p.data, p.options);
  const o = trainer.options;
  const dtype = trainer.dtype;
  const loaded = p.loaded;
  const { plans } = planModel(p.model);
  const arrays: Record<string, NpyArray> = {};

  const all = loaded.all;
  const [n, features] = all.x.shape;
  arrays.x = { dtype: 'float64', shape: [n, features], data: all.x.data };
  const classTargets = lossInfo(o.loss.name).target === 'classes';
  const hasLabels = all.labels !== undefined && all.task !== 'regression';
  if (hasLabels) arrays.labels = { dtype: 'int32', shape: [n], data: all.labels! };
  if (!classTargets) arrays.y = { dtype: 'float64', shape: [n, all.y.shape[1] ?? 1], data: all.y.data };

  const rows = splitRows(spec, loaded);
  arrays.train_rows = { dtype: 'int32', shape: [rows.train.length], data: rows.train };
  arrays.test_rows = { dtype: 'int32', shape: [rows.test.length], data: rows.test };
  const standardized = spec.data.standardize === true;
  let expectTrain = rows.trainRaw.x.data;
  if (standardized) {
    const s = standardize(rows.trainRaw);
    arrays.standardize_mean = { dtype: 'float64', shape: [features], data: s.mean };
    arrays.standardize_std = { dtype: 'float64', shape: [features], data: s.std };
    expectTrain = s.apply(rows.trainRaw.x).data;
  }
  if (!sameValues(expectTrain, loaded.train.x.data) || (loaded.test && loaded.test.x.shape[0] !== rows.test.length)) {
    throw new Error(`${owner}: internal error: the split rows do not reproduce the training set of '${all.name}'; please report it`);
  }

  // The weights as Descent initialized them from the run's seed (state-dict names, as nn.Sequential has them).
  for (const [key, v] of trainer.model.namedParameters()) {
    arrays[`init.${key}`] = { dtype, shape: v.shape, data: v.value.data };
  }

  const nTrain = rows.train.length;
  const epochs = o.epochs;
  const dropouts: StoredDropout[] = [];
  plans.forEach((pl, i) => {
    if (pl.type === 'dropout' && pl.p > 0 && pl.p < 1) dropouts.push({ layer: i, p: pl.p, width: pl.in, key: `dropout.${i}` });
  });
  const orderBytes = o.shuffle ? epochs * nTrain * (nTrain <= 0x10000 ? 2 : 4) : 0;
  const maskBytes = dropouts.reduce((s, d) => s + Math.ceil((epochs * nTrain * d.width) / 8), 0);
  if (orderBytes + maskBytes > MAX_REPLAY_BYTES) {
    throw new OptionError(owner, 'epochs', `the batch orders${maskBytes ? ' and dropout masks' : ''} of ${epochs} epochs would take ${formatBytes(orderBytes + maskBytes)}, more than ${formatBytes(MAX_REPLAY_BYTES)}: export a shorter run`, { path: ['epochs'], value: epochs });
  }

  if (o.shuffle) {
    // Each epoch's order exactly as the trainer draws it: batches() seeded from (seed, epoch).
    const order = nTrain <= 0x10000 ? new Uint16Array(epochs * nTrain) : new Int32Array(epochs * nTrain);
    for (let e = 0; e < epochs; e++) {
      let at = e * nTrain;
      for (const b of batches(nTrain, { mode: 'minibatch', batchSize: trainer.batchSize, shuffle: true, seed: o.seed, epoch: e })) {
        order.set(b, at);
        at += b.length;
      }
    }
    arrays.batch_order = { dtype: nTrain <= 0x10000 ? 'uint16' : 'int32', shape: [epochs, nTrain], data: order };
  }

  // Dropout masks: each Dropout draws from its own generator, one value per element of every training
  // forward pass, in batch order. An epoch's batches cover every training row once, so running the layer on
  // [nTrain, width] per epoch makes exactly the draws of the run. The model is a fresh one (nothing is trained).
  const modules = trainer.model instanceof Sequential ? trainer.model.modules : [trainer.model];
  for (const d of dropouts) {
    const layer = modules[d.layer];
    if (!(layer instanceof Dropout)) throw new Error(`${owner}: internal error: layer ${d.layer} is not a Dropout`);
    layer.train(true);
    const ones = constant(full([nTrain, d.width], 1, dtype));
    const bits = new Uint8Array(Math.ceil((epochs * nTrain * d.width) / 8));
    let k = 0;
    for (let e = 0; e < epochs; e++) {
      const m = layer.forward(ones).value.data;
      // Packed most significant bit first, as numpy.unpackbits reads them.
      for (let i = 0; i < m.length; i++, k++) if (m[i] !== 0) bits[k >> 3] |= 0x80 >> (k & 7);
    }
    arrays[d.key] = { dtype: 'uint8', shape: [bits.length], data: bits };
  }

  if (record) {
    arrays['descent.epoch_loss'] = { dtype: 'float64', shape: [record.epochs.length], data: record.epochs.map((e) => e.trainLoss ?? NaN) };
  }
  return {
    spec,
    trainer,
    plans,
    loaded,
    dtype,
    nTrain,
    nTest: rows.test.length,
    classTargets,
    hasLabels,
    standardized,
    dropouts,
    arrays,
  };
}
