import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { formatPath } from '@descent/core-tensor';
import { fitRunSync, type EpochEvent, type RunRecord } from '@descent/train';
import { parseStoredRun } from '@shared/studio-run.js';
import { sampleRun, sampleSpec } from '@shared/sample-run.js';
import { setHost } from '../host/host.js';
import { FakeWorker, memoryHost } from '../test-utils.js';
import type { ToWorker } from '../worker/protocol.js';
import { OPTIMIZERS } from '@descent/optimizers';
import { OFFERED_SCHEDULES } from '../engine/schedule-suggestions.js';
import { compareRows } from './compare.js';
import { useDataStore } from './data.js';
import { useModelStore } from './model.js';
import { metricsCsv, useRunsStore } from './runs.js';
import { setWorkerFactory, useSessionStore } from './session.js';
import { SETUP_STORAGE_KEY, useSetupStore } from './setup.js';

let host: ReturnType<typeof memoryHost>;
beforeEach(() => {
  setActivePinia(createPinia());
  host = memoryHost();
  setHost(host);
  localStorage.clear();
});

describe('setup store: the RunSpec, validated by the library', () => {
  it('the default setup is a valid spec with a batch plan and an LR preview', () => {
    const s = useSetupStore();
    expect(s.problems).toEqual([]);
    expect(s.plan).toEqual({ batchSize: 16, batchesPerEpoch: 15, lastBatchSize: 16 });
    s.setSchedule('step');
    expect(s.spec.scheduler).toMatchObject({ name: 'step', options: { stepSize: 33, gamma: 0.5 }, stepEvery: 'epoch' });
    expect(s.lrPoints.length).toBeGreaterThan(2);
  });
  it('an invalid value stays in the spec, is marked at its path, and makes the setup invalid', () => {
    const s = useSetupStore();
    s.setOptimizerOption('lr', -3);
    expect(s.spec.optimizer.options).toMatchObject({ lr: -3 });
    expect(s.valid).toBe(false);
    expect(s.errors['optimizer.options.lr']).toBe('Learning rate must be at least 0, got -3');
  });
  it('one batch plan: a mini-batch larger than the data is the whole data', () => {
    const s = useSetupStore();
    s.spec.batch = { mode: 'minibatch', batchSize: 5000 };
    expect(s.plan).toEqual({ batchSize: 240, batchesPerEpoch: 1, lastBatchSize: 240 });
    s.spec.batch = { mode: 'minibatch', batchSize: 2.5 };
    expect(s.plan).toBeNull();
    expect(s.errors['batch.batchSize']).toMatch(/must be a positive integer, got 2.5/);
  });
  it('switching optimizers keeps what was typed for each', () => {
    const s = useSetupStore();
    s.setOptimizerOption('lr', 0.05);
    s.setOptimizer('sgd');
    expect(s.spec.optimizer).toMatchObject({ name: 'sgd', options: { lr: 0.01 } });
    s.setOptimizer('adam');
    expect(s.spec.optimizer.options).toMatchObject({ lr: 0.05 });
  });
  it('is kept across reloads (localStorage)', async () => {
    const s = useSetupStore();
    s.spec.epochs = 7;
    await new Promise((r) => setTimeout(r, 350));
    expect(JSON.parse(localStorage.getItem(SETUP_STORAGE_KEY)!).epochs).toBe(7);
  });
});

describe('model store', () => {
  it('inserts, moves, updates and removes library layers with undo/redo', () => {
    const m = useModelStore();
    expect(m.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'dense', 'activation', 'dense']);
    m.insert([{ type: 'dense', units: 4 }, { type: 'activation', fn: 'relu' }], 0);
    expect(m.layers).toHaveLength(7);
    const id = m.ids[0];
    m.move(id, 2);
    expect(m.ids[2]).toBe(id);
    m.update(id, { units: 5 });
    expect(m.layers[2]).toEqual({ type: 'dense', units: 5 });
    m.remove(id);
    expect(m.layers).toHaveLength(6);
    m.undo();
    m.undo();
    expect(m.layers[2]).toEqual({ type: 'dense', units: 4 });
    m.redo();
    expect(m.layers[2]).toEqual({ type: 'dense', units: 5 });
  });
  it('a layer the library refuses is marked at its path', () => {
    const m = useModelStore();
    m.update(m.ids[0], { units: 0 });
    expect(useSetupStore().errors['model.layers[0].units']).toBe('Units must be at least 1, got 0');
    m.undo();
    m.update(m.ids[4], { units: 3 });
    expect(useSetupStore().errors['model.layers[4].units']).toMatch(/^Units must be 1: bceWithLogits/);
  });
});

describe('data store', () => {
  it('a broken CSV lists its problems with lines and keeps the current data', () => {
    const d = useDataStore();
    expect(d.importCsv('bad.csv', 'x1,x2,label\n0.1,0.2,0\n0.3,abc,1\n')).toBe(false);
    expect(d.csvError!.lines.join('\n')).toMatch(/line 3.*"abc".*x2/);
    expect(d.presetId).toBe('circles');
  });
  it('semicolon and tab files import; a binary file says so', () => {
    const d = useDataStore();
    expect(d.importCsv('semi.csv', 'a;b;y\n1;2;0\n3;4;1\n5;6;0\n7;8;1\n')).toBe(true);
    expect(d.csvDraft!.inspection.delimiter).toBe(';');
    expect(d.applyCsv()).toBe(true);
    expect(useSetupStore().spec.data).toMatchObject({ csv: { fileName: 'semi.csv', target: 'y', features: ['a', 'b'], delimiter: ';' } });
    expect(useSetupStore().data?.features).toBe(2);
    expect(d.importCsv('photo.csv', '\uFFFDPNG\r\n\u001a\n\u0000\u0000')).toBe(false);
    expect(d.csvError!.lines[0]).toMatch(/this is not a text CSV file/);
  });
});


/** A real record of the setup's spec (what the worker would send), with a status. */
const recordOf = (spec: unknown, status: RunRecord['status'] = 'completed'): RunRecord => ({ ...fitRunSync({ ...(spec as object), epochs: 2 } as never), status });

describe('session store', () => {
  it('posts the library spec, keeps the library events, saves the library record', async () => {
    const w = new FakeWorker();
    setWorkerFactory(() => w);
    const s = useSessionStore();
    const id = await s.start();
    expect(id).toBeTruthy();
    const sent = w.sent[0] as Extract<ToWorker, { type: 'start' }>;
    expect(sent.spec).toEqual({ ...useSetupStore().snapshot(), name: sent.spec.name, recordBatches: true });
    w.emit({ type: 'checkpoint', record: recordOf(sent.spec, 'running') });
    await s.flushed();
    expect(parseStoredRun(host.store.get(id!)).record.status).toBe('running');
    const ev = { type: 'epoch', epoch: 1, trainLoss: 0.7 } as EpochEvent;
    w.emit({ type: 'progress', epochs: [ev], lr: [{ epoch: 1, min: 0.001, max: 0.001 }], last: null });
    expect(s.epochs[0]).toBe(ev);
    w.emit({ type: 'status', status: 'early-stopped', record: recordOf(sent.spec, 'early-stopped') });
    await s.flushed();
    // Statuses survive as they are: early-stopped stays early-stopped.
    expect(parseStoredRun(host.store.get(id!)).record.status).toBe('early-stopped');
    expect(s.status).toBe('early-stopped');
    // The ended run's worker stays (idle) so the Backprop panel can inspect the final model; the next start ends it.
    expect(w.terminated).toBe(false);
    expect(useRunsStore().summaries.map((r) => r.id)).toEqual([id]);
  });

  it('refuses to start while a setting is invalid, and posts nothing', async () => {
    const w = new FakeWorker();
    setWorkerFactory(() => w);
    useSetupStore().setOptimizerOption('lr', -3);
    const s = useSessionStore();
    expect(await s.start()).toBeNull();
    expect(s.error).toMatch(/fix the marked fields/);
    expect(w.sent).toEqual([]);
    expect(host.store.size).toBe(0);
  });
});

describe('runs store and comparison', () => {
  it('re-opens a run’s spec in the builder and exports CSV with every per-layer metric', async () => {
    const run = sampleRun('r1', undefined, 'sgd');
    await host.runs.save(run);
    const runs = useRunsStore();
    await runs.refresh();
    expect(await runs.reopen('r1')).toBe(true);
    expect(useSetupStore().spec.optimizer).toEqual(sampleSpec('sgd').optimizer);
    expect(useModelStore().layers).toEqual(sampleSpec().model.layers);
    await runs.exportCsv('r1');
    expect(host.files[0].name).toBe('Run_r1-metrics.csv');
    const [head, first] = metricsCsv(run.record).split('\n');
    expect(head).toBe('epoch,train_loss,test_loss,train_accuracy,test_accuracy,lr,gradNorm_layer1,gradNorm_layer2,updateRatio_layer1,updateRatio_layer2');
    expect(first.split(',')).toHaveLength(10);
  });

  it('a run left running by a reload is marked interrupted, metrics kept', async () => {
    const run = sampleRun('zombie');
    await host.runs.save({ ...run, record: { ...run.record, status: 'running' } });
    const runs = useRunsStore();
    await runs.refresh();
    expect(runs.summaries[0]).toMatchObject({ id: 'zombie', status: 'interrupted', epochs: 2 });
  });

  it('one bad stored item is skipped with its reason, the others listed', async () => {
    await host.runs.save(sampleRun('ok'));
    host.store.set('bad', { format: 'descent-studio-run', version: 2, id: 'bad', name: 'x', createdAt: 'now', record: { nope: 1 } });
    const runs = useRunsStore();
    await runs.refresh();
    expect(runs.summaries.map((r) => r.id)).toEqual(['ok']);
    expect(runs.skipped).toEqual([{ name: 'bad', reason: expect.stringMatching(/record/) }]);
  });

  it('compareRows marks differing settings such as the optimizer', () => {
    const rows = compareRows([sampleRun('a', undefined, 'adam'), sampleRun('b', undefined, 'sgd')]);
    const opt = rows.find((r) => r.label === 'Optimizer')!;
    expect(opt.values).toEqual(['Adam', 'SGD']);
    expect(opt.differs).toBe(true);
    expect(rows.find((r) => r.label === 'Epochs')!.differs).toBe(false);
    expect(rows.find((r) => r.label === 'Architecture')!.values[0]).toBe('2 → 8 Tanh → 1');
  });

  it('compare keeps up with a rename', async () => {
    await host.runs.save(sampleRun('a'));
    await host.runs.save(sampleRun('b'));
    const runs = useRunsStore();
    await runs.refresh();
    runs.toggle('a');
    runs.toggle('b');
    await runs.loadCompared();
    await runs.rename('a', 'Renamed');
    expect(runs.compared.find((r) => r.id === 'a')!.name).toBe('Renamed');
  });
});

describe('every option of every optimizer and schedule, set invalid, is marked and refuses Train', () => {
  const invalid = (m: { kind: string; values?: readonly string[]; max?: number; min?: number }) =>
    m.kind === 'boolean' ? 'yes' : m.kind === 'enum' ? 'not-a-choice' : m.kind === 'pair' ? [2, 2] : m.kind === 'integers' ? [-1] : m.kind === 'integer' ? 0.5 : NaN;
  const cases = [
    ...OPTIMIZERS.flatMap((o) => o.options.map((m) => ({ what: `${o.name}.${m.name}`, path: `optimizer.options.${m.name}`, set: (s: ReturnType<typeof useSetupStore>) => (s.setOptimizer(o.name), s.setOptimizerOption(m.name, invalid(m))) }))),
    ...OFFERED_SCHEDULES.flatMap((sc) =>
      sc.options
        .filter((m) => m.kind !== 'custom')
        .map((m) => ({ what: `${sc.name}.${m.name}`, path: `scheduler.options.${m.name}`, set: (s: ReturnType<typeof useSetupStore>) => (s.setSchedule(sc.name), s.setScheduleOption(m.name, invalid(m))) })),
    ),
  ];
  it.each(cases)('$what', async ({ path, set }) => {
    const s = useSetupStore();
    set(s);
    expect(s.problems.map((e) => formatPath(e.path))).toContain(path);
    expect(s.errors[path]).toBeTruthy();
    const w = new FakeWorker();
    setWorkerFactory(() => w);
    expect(await useSessionStore().start()).toBeNull();
    expect(w.sent).toEqual([]);
  });
});
