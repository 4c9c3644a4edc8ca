import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { denseLayer, dropoutLayer, useModelStore } from './model.js';
import { useDataStore } from './data.js';
import { useSetupStore } from './setup.js';
import { setWorkerFactory, useSessionStore, type WorkerLike } from './session.js';
import { metricsCsv, useRunsStore } from './runs.js';
import { compareRows } from './compare.js';
import { sampleRun } from '@shared/sample-run.js';
import type { FromWorker, ToWorker } from '../worker/protocol.js';

let host: ReturnType<typeof memoryHost>;
beforeEach(() => {
  setActivePinia(createPinia());
  host = memoryHost();
  setHost(host);
});

describe('model store', () => {
  it('inserts, moves, updates and removes layers with undo/redo', () => {
    const m = useModelStore();
    m.clear();
    m.insert(denseLayer(4, 'relu'));
    m.insert(dropoutLayer(0.1));
    m.insert(denseLayer(1, 'identity'));
    const [a, b] = m.layers.map((l) => l.id);
    m.move(b, 0);
    expect(m.layers[0].kind).toBe('dropout');
    m.update(a, { units: 16 });
    expect((m.layers[1] as any).units).toBe(16);
    m.remove(b);
    expect(m.layers.map((l) => l.kind)).toEqual(['dense', 'dense']);
    m.undo();
    expect(m.layers.length).toBe(3);
    m.undo();
    expect((m.layers[1] as any).units).toBe(4);
    m.redo();
    m.redo();
    expect(m.layers.length).toBe(2);
    expect(m.canRedo).toBe(false);
  });

  it('does not record no-op edits, and a new edit clears redo', () => {
    const m = useModelStore();
    const id = m.layers[0].id;
    expect(m.canUndo).toBe(false);
    m.update(id, { units: (m.layers[0] as any).units });
    m.setLayers(m.layers.map((l) => ({ ...l })));
    expect(m.canUndo).toBe(false);
    m.update(id, { units: 3 });
    m.undo();
    expect(m.canRedo).toBe(true);
    m.update(id, { activation: 'relu' });
    expect(m.canRedo).toBe(false);
  });
});

describe('data store', () => {
  it('a broken CSV sets a readable error (line and column) and keeps the current data', () => {
    const d = useDataStore();
    const before = JSON.stringify(d.config);
    expect(d.importCsv('bad.csv', 'a,b,label\n1,2,0\n3,oops,1\n4,5,0\n')).toBe(false);
    expect(d.csvError).toMatch(/Could not import bad\.csv/);
    expect(d.csvError).toMatch(/line 3/);
    expect(d.csvError).toMatch(/oops/);
    expect(d.csvDraft).toBeNull();
    expect(JSON.stringify(d.config)).toBe(before);
  });

  it('imports a CSV with column choice and derives the model shape', () => {
    const d = useDataStore();
    const rows = Array.from({ length: 12 }, (_, i) => `${i},${i * 2},${i % 3},${['cat', 'dog', 'fox'][i % 3]}`).join('\n');
    expect(d.importCsv('ok.csv', `a,b,c,animal\n${rows}\n`)).toBe(true);
    expect(d.csvDraft!.target).toBe('animal');
    expect(d.csvDraft!.task).toBe('multiclass');
    d.csvDraft!.features = ['a', 'b'];
    expect(d.csvDraftError()).toBeNull();
    expect(d.applyCsv()).toBe(true);
    expect(d.shape).toMatchObject({ inputDim: 2, outputDim: 3, task: 'multiclass', classes: 3 });
    expect(d.split!.train.x.shape[0] + d.split!.test.x.shape[0]).toBe(12);
  });
});

describe('setup store', () => {
  it('plans batches and previews the schedule', () => {
    const s = useSetupStore();
    s.batch.mode = 'full';
    expect(s.batchesPerEpoch).toBe(1);
    s.batch.mode = 'sgd';
    expect(s.batchesPerEpoch).toBe(s.trainSize);
    s.batch.mode = 'mini';
    s.batch.size = 32;
    s.epochs = 10;
    s.setSchedule('step');
    expect(s.lrPreview.length).toBe(10 * s.batchesPerEpoch);
    expect(s.lrPreview[s.lrPreview.length - 1].lr).toBeLessThan(s.lrPreview[0].lr);
    s.setOption('lr', -1);
    expect(s.valid).toBe(false);
    expect(s.optimizerErrors.lr).toMatch(/Learning rate/);
  });
});

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror = null;
  terminated = false;
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
}

describe('session store', () => {
  it('streams progress into the run record and saves it when the worker finishes', async () => {
    const w = new FakeWorker();
    setWorkerFactory(() => w);
    const s = useSessionStore();
    const id = await s.start();
    expect(id).toBeTruthy();
    expect(w.sent[0]).toMatchObject({ type: 'start' });
    expect(host.store.get(id!)!.status).toBe('running');
    w.emit({ type: 'progress', epochs: [{ epoch: 1, trainLoss: 0.7, testLoss: 0.69, trainAcc: 0.5, testAcc: 0.5, lr: 0.001, gradNorms: [1, 2, 3] }], last: null, steps: 15 });
    w.emit({ type: 'status', status: 'diverged', diverged: { epoch: 2, batch: 3, loss: NaN } });
    await s.flushed();
    const rec = host.store.get(id!)!;
    expect(rec.status).toBe('diverged');
    expect(rec.diverged).toEqual({ epoch: 2, batch: 3, loss: null });
    expect(rec.metrics.trainLoss).toEqual([0.7]);
    expect(w.terminated).toBe(true);
    expect(useRunsStore().summaries.map((r) => r.id)).toEqual([id]);
  });

  it('refuses to start a model that cannot fit', async () => {
    setWorkerFactory(() => new FakeWorker());
    useModelStore().clear();
    const s = useSessionStore();
    expect(await s.start()).toBeNull();
    expect(s.error).toMatch(/cannot be trained/);
    expect(host.store.size).toBe(0);
  });
});

describe('runs store and comparison', () => {
  it('re-opens a run config in the builder and exports CSV', async () => {
    const run = sampleRun('r1');
    await host.runs.save(run);
    const runs = useRunsStore();
    await runs.refresh();
    await runs.reopen('r1');
    expect(useModelStore().layers.map((l) => l.id)).toEqual(['a', 'b']);
    expect(useSetupStore().optimizer).toBe('adam');
    await runs.exportCsv('r1');
    expect(host.files[0].name).toBe('Run_r1-metrics.csv');
    expect(metricsCsv(run).split('\n')[1]).toBe('1,0.5,0.6,0.7,0.65,0.01,1,0.5');
  });

  it('compareRows marks differing settings such as the optimizer', () => {
    const rows = compareRows([sampleRun('a', undefined, 'adam'), sampleRun('b', undefined, 'sgd')]);
    const opt = rows.find((r) => r.label === 'Optimizer')!;
    expect(opt.values).toEqual(['Adam', 'SGD']);
    expect(opt.differs).toBe(true);
    expect(rows.find((r) => r.label === 'Epochs')!.differs).toBe(false);
    expect(rows.find((r) => r.label === 'Architecture')!.values[0]).toBe('2 → 8 Tanh → 1 Identity');
  });
});
