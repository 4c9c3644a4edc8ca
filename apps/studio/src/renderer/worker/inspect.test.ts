// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { Tensor } from '@descent/core-tensor';
import { constant } from '@descent/autodiff';
import { createLoss } from '@descent/losses';
import { Activation, Linear, Sequential, backprop, buildModel, forwardTrace, type Module } from '@descent/layers';
import { prepareRun, type RunSpec } from '@descent/train';
import { activationGrids, batchRows, inspect, rowsOf, lossOfSpec, type InspectReport } from './inspect.js';
import { createRunner } from './runner.js';
import { boundsOf } from './predictions.js';
import type { FromWorker } from './protocol.js';

// The Backprop panel's numbers, as the worker computes them: the four equations for a training sample or
// its batch must be autodiff's gradients of the run's own loss; the batch average is the mean of per-sample
// gradients under 'mean' (their sum under 'sum'); the thumbnails are each unit's activation over the plane.

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  seed: 5,
  data: { preset: 'circles', options: { n: 120, noise: 0.1 }, testFraction: 0.25, seed: 2 },
  model: {
    layers: [
      { type: 'dense', units: 5 },
      { type: 'activation', fn: 'tanh' },
      { type: 'dense', units: 4 },
      { type: 'activation', fn: 'sigmoid' },
      { type: 'dense', units: 1 },
    ],
  },
  loss: 'bceWithLogits',
  optimizer: { name: 'sgd', options: { lr: 0.1 } },
  batch: { mode: 'minibatch', batchSize: 8 },
  epochs: 3,
  ...over,
});

function setup(s: RunSpec) {
  const loaded = prepareRun(s).loaded;
  const model = buildModel({ ...s.model, input: loaded.features }, { dtype: 'float64', seed: 11 });
  return { loaded, model, bounds: boundsOf(loaded) };
}

/** Autodiff's ∂C/∂W and ∂C/∂b of every Linear for training rows [start, end). */
function autodiffGrads(model: Sequential, s: RunSpec, loaded: ReturnType<typeof setup>['loaded'], start: number, end: number) {
  const loss = lossOfSpec(s.loss);
  const { x, target } = rowsOf(loaded, loss, start, end);
  model.zeroGrad();
  const out = model.forward(constant(x));
  const C = createLoss(loss.name as never, (loss.options ?? {}) as never)(out, target as never);
  C.backward();
  const lin = model.modules.filter((m): m is Linear => m instanceof Linear);
  return { loss: C.item(), w: lin.map((l) => Float64Array.from(l.weight.grad!.data as ArrayLike<number>)), b: lin.map((l) => Float64Array.from(l.bias!.grad!.data as ArrayLike<number>)) };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

const at = { steps: 0, epoch: 0 };

describe('inspect: the Backprop panel’s report', () => {
  const cases: [string, Partial<RunSpec>][] = [
    ['bceWithLogits, mean', {}],
    ['bceWithLogits, sum', { loss: { name: 'bceWithLogits', options: { reduction: 'sum' } } }],
    [
      'crossEntropy on 3 blobs',
      {
        data: { preset: 'blobs', options: { n: 90, k: 3 }, testFraction: 0.2, seed: 1 },
        model: { layers: [{ type: 'dense', units: 6 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 3 }] },
        loss: 'crossEntropy',
      },
    ],
    ['mse', { loss: 'mse', model: { layers: [{ type: 'dense', units: 3 }, { type: 'activation', fn: 'sigmoid' }, { type: 'dense', units: 1 }, { type: 'activation', fn: 'sigmoid' }] } }],
  ];
  for (const [name, over] of cases) {
    it(`equals autodiff's gradients of the run's loss (${name}), for one sample and for its batch`, () => {
      const s = spec(over);
      const { loaded, model, bounds } = setup(s);
      for (const [sample, mode] of [[0, 'sample'], [13, 'sample'], [13, 'batch'], [loaded.train.x.shape[0] - 1, 'batch']] as const) {
        const r = inspect(model, loaded, s.loss, bounds, { sample, mode, batchSize: 8, grid: 0 }, at);
        const ref = autodiffGrads(model, s, loaded, r.rows[0], r.rows[1]);
        expect(r.rows).toEqual(mode === 'sample' ? [sample, sample + 1] : batchRows(sample, 8, loaded.train.x.shape[0]));
        expect(Math.abs(r.loss - ref.loss)).toBeLessThan(1e-10);
        r.layers.forEach((L, i) => {
          expect(maxDiff(L.gradWeight.data, ref.w[i])).toBeLessThan(1e-10);
          expect(maxDiff(L.gradBias!, ref.b[i])).toBeLessThan(1e-10);
        });
        expect(r.layers.map((L) => L.equation)).toEqual([...r.layers.slice(1).map(() => 'BP2'), 'BP1']);
      }
    });
  }

  it("the batch gradient is the mean of the per-sample gradients under 'mean', their sum under 'sum'", () => {
    for (const reduction of ['mean', 'sum'] as const) {
      const s = spec({ loss: { name: 'bceWithLogits', options: { reduction } } });
      const { loaded, model, bounds } = setup(s);
      const batch = inspect(model, loaded, s.loss, bounds, { sample: 21, mode: 'batch', batchSize: 8, grid: 0 }, at);
      expect(batch.rows).toEqual([16, 24]);
      expect(batch.reduction).toBe(reduction);
      const per: InspectReport[] = [];
      for (let i = 16; i < 24; i++) per.push(inspect(model, loaded, s.loss, bounds, { sample: i, mode: 'sample', batchSize: 8, grid: 0 }, at));
      batch.layers.forEach((L, l) => {
        const agg = new Float64Array(L.gradWeight.data.length);
        for (const p of per) p.layers[l].gradWeight.data.forEach((v, k) => (agg[k] += reduction === 'mean' ? v / per.length : v));
        expect(maxDiff(L.gradWeight.data, agg)).toBeLessThan(1e-12);
        // δ rows of the batch are the per-sample δ scaled by the reduction.
        expect(L.delta.rows).toBe(8);
        expect(L.delta.data[3 * L.outFeatures] * (reduction === 'mean' ? 8 : 1)).toBeCloseTo(per[3].layers[l].delta.data[0], 12);
      });
    }
  });

  it('picks clamp into the training set, and the last batch may be short', () => {
    const s = spec();
    const { loaded, model, bounds } = setup(s);
    const n = loaded.train.x.shape[0];
    expect(n).toBe(90);
    expect(inspect(model, loaded, s.loss, bounds, { sample: 999, mode: 'sample', batchSize: 8, grid: 0 }, at).sample).toBe(n - 1);
    expect(inspect(model, loaded, s.loss, bounds, { sample: 89, mode: 'batch', batchSize: 8, grid: 0 }, at).rows).toEqual([88, 90]);
    expect(batchRows(5, 1000, 90)).toEqual([0, 90]); // full batch
  });

  it("activation grids are every unit's aˡ over the plane (row 0 at the top)", () => {
    const s = spec();
    const { model, bounds } = setup(s);
    const g = activationGrids(model, bounds, 8);
    expect(g.layers.map((a) => a.length)).toEqual([5 * 64, 4 * 64, 1 * 64]);
    // cell (row 2, col 5) is x = x0 + 5.5/8 · width, y = y1 − 2.5/8 · height
    const x = bounds.x0 + (5.5 / 8) * (bounds.x1 - bounds.x0), y = bounds.y1 - (2.5 / 8) * (bounds.y1 - bounds.y0);
    const tr = forwardTrace(model, new Tensor(new Float64Array([x, y]), [1, 2]));
    for (let l = 0; l < 3; l++) for (let j = 0; j < tr.layers[l].outFeatures; j++) expect(g.layers[l][j * 64 + 2 * 8 + 5]).toBeCloseTo(tr.layers[l].a.data[j] as number, 6);
  });

  it('with computed input features, a⁰ is the features of the raw inputs (for the rows and over the plane)', () => {
    const s = spec({ features: ['x1', 'x2', 'x1*x1', 'x2*x2'] } as Partial<RunSpec>);
    const prepared = prepareRun(s);
    const model = buildModel({ ...s.model, input: 4 }, { dtype: 'float64', seed: 11 });
    const bounds = boundsOf(prepared.loaded);
    const r = inspect(model, prepared.loaded, s.loss, bounds, { sample: 3, mode: 'sample', batchSize: 8, grid: 4 }, at, prepared.features);
    expect(r.raw.cols).toBe(2);
    expect(r.input.cols).toBe(4);
    expect(r.input.data[2]).toBeCloseTo(r.raw.data[0] ** 2, 12);
    expect(r.input.data[3]).toBeCloseTo(r.raw.data[1] ** 2, 12);
    expect(r.grids!.input.length).toBe(4 * 16);
    expect(r.layers[0].inFeatures).toBe(4);
    // Same numbers as autodiff on the mapped rows.
    model.zeroGrad();
    const C = createLoss('bceWithLogits')(model.forward(constant(new Tensor(r.input.data, [1, 4]))), new Tensor(r.target.data, [1, 1]));
    C.backward();
    const w0 = (model.modules[0] as Linear).weight.grad!.data as ArrayLike<number>;
    expect(maxDiff(r.layers[0].gradWeight.data, w0)).toBeLessThan(1e-10);
  });
});

/** Rebuild the report's network from its own parameters (to recompute with @descent/layers directly). */
function rebuilt(r: InspectReport): Module[] {
  const mods: Module[] = [];
  for (const L of r.layers) {
    const lin = new Linear(L.inFeatures, L.outFeatures, { dtype: 'float64' });
    (lin.weight.value.data as Float64Array).set(L.weight.data);
    (lin.bias!.value.data as Float64Array).set(L.bias!);
    mods.push(lin, ...L.stages.map((s) => new Activation(s)));
  }
  return mods;
}

describe('training runner: the backprop request', () => {
  it('answers while running, paused and after the end, with layers’ backprop of the model as it is then', async () => {
    const msgs: FromWorker[] = [];
    let resolveEnd!: () => void;
    const ended = new Promise<void>((r) => (resolveEnd = r));
    const handle = createRunner((m) => {
      msgs.push(m);
      if (m.type === 'status' && m.status === 'completed') resolveEnd();
    });
    handle({ type: 'backprop', id: 1, request: { sample: 0, mode: 'sample', batchSize: 8, grid: 0 } });
    expect(msgs[0]).toMatchObject({ type: 'backprop', id: 1, error: { message: expect.stringMatching(/No model yet/) } });
    const s = spec({ epochs: 4 });
    handle({ type: 'start', spec: s, gridEvery: 1 });
    handle({ type: 'backprop', id: 2, request: { sample: 7, mode: 'batch', batchSize: 8, grid: 16 } });
    await ended;
    handle({ type: 'backprop', id: 3, request: { sample: 7, mode: 'sample', batchSize: 8, grid: 16 } });
    const answers = msgs.filter((m): m is Extract<FromWorker, { type: 'backprop' }> => m.type === 'backprop');
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    const first = answers[1].report!, last = answers[2].report!;
    expect(first.steps).toBe(0);
    expect(last.steps).toBe(4 * Math.ceil(90 / 8));
    expect(last.epoch).toBe(4);
    expect(last.grids!.size).toBe(16);
    // Training moved the weights between the two answers.
    expect(maxDiff(first.layers[0].weight.data, last.layers[0].weight.data)).toBeGreaterThan(1e-4);
    // The answer is @descent/layers' backprop of the final parameters on the picked row.
    const loaded = prepareRun(s).loaded;
    const { x, target } = rowsOf(loaded, lossOfSpec(s.loss), 7, 8);
    const ref = backprop(rebuilt(last), x, target, lossOfSpec(s.loss));
    expect(last.loss).toBeCloseTo(ref.loss, 12);
    ref.layers.forEach((L, i) => expect(maxDiff(last.layers[i].gradWeight.data, L.gradWeight.data as Float64Array)).toBeLessThan(1e-12));
  });

  it('a model the equations do not cover (softmax over the batch axis) answers with a structured error', async () => {
    const msgs: FromWorker[] = [];
    const handle = createRunner((m) => msgs.push(m));
    handle({ type: 'start', spec: spec({ epochs: 1, model: { layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'softmax', options: { dim: 0 } }, { type: 'dense', units: 1 }] } }), gridEvery: 1 });
    handle({ type: 'backprop', id: 9, request: { sample: 0, mode: 'sample', batchSize: 8, grid: 0 } });
    const a = msgs.find((m) => m.type === 'backprop');
    expect(a).toMatchObject({ type: 'backprop', id: 9, error: { owner: 'backprop', option: 'model', message: expect.stringMatching(/over axis 0/) } });
    handle({ type: 'stop' });
  });
});
