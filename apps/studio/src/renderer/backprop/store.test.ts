import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { setWorkerFactory, useSessionStore, type WorkerLike } from '../stores/session.js';
import type { InspectReport } from '../worker/inspect.js';
import type { FromWorker, ReadyInfo, ToWorker } from '../worker/protocol.js';
import { REFRESH_MS, THUMB_GRID, nearestSample, useBackpropStore, wrapSample } from './store.js';
import { layerTex, logAxis, logPercent, num } from './format.js';

// The Backprop panel's store: sample picking, one question in flight at a time, answers matched by id.

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror = null;
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {}
  emit(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
  asked() {
    return this.sent.filter((m): m is Extract<ToWorker, { type: 'backprop' }> => m.type === 'backprop');
  }
}

const info = (): ReadyInfo =>
  ({
    task: 'binary',
    inputDim: 2,
    outputDim: 1,
    classes: 2,
    classNames: ['a', 'b'],
    paramCount: 9,
    backend: 'cpu',
    batchSize: 4,
    batchesPerEpoch: 3,
    epochs: 5,
    train: { x: Float32Array.from([0, 0, 1, 1, -1, 2, 3, -3, 0.2, 0.1, 5, 5]), y: Float32Array.from([0, 1, 0, 1, 0, 1]), n: 6 },
    test: { x: new Float32Array(0), y: new Float32Array(0), n: 0 },
    featureNames: ['x₁', 'x₂'],
    bounds: { x0: -4, x1: 6, y0: -4, y1: 6 },
  }) as ReadyInfo;

const fakeReport = (sample: number): InspectReport => ({ sample, mode: 'sample', rows: [sample, sample + 1], samples: 6, steps: 1, epoch: 0, loss: 0.5, reduction: 'mean', lossName: 'bceWithLogits', input: { rows: 1, cols: 2, data: new Float64Array(2) }, raw: { rows: 1, cols: 2, data: new Float64Array(2) }, target: { rows: 1, cols: 1, data: new Float64Array(1) }, layers: [], flow: { layers: [], path: [], pathProduct: 1 }, grids: null });

let w: FakeWorker;
beforeEach(async () => {
  setActivePinia(createPinia());
  setHost(memoryHost());
  localStorage.clear();
  vi.useFakeTimers();
  w = new FakeWorker();
  setWorkerFactory(() => w);
  const s = useSessionStore();
  await s.start();
  w.emit({ type: 'ready', info: info() });
  w.emit({ type: 'status', status: 'paused' });
});
afterEach(() => vi.useRealTimers());

describe('backprop store', () => {
  it('asks nothing while closed; opening asks for the picked sample with thumbnails for 2-D inputs', async () => {
    const bp = useBackpropStore();
    await nextTick();
    vi.runAllTimers();
    expect(w.asked()).toEqual([]);
    bp.setOpen(true);
    vi.runAllTimers();
    expect(w.asked()).toEqual([{ type: 'backprop', id: 1, request: { sample: 0, mode: 'sample', batchSize: 4, grid: THUMB_GRID } }]);
  });

  it('next / previous wrap around; the sample number is clamped to whole indices', () => {
    const bp = useBackpropStore();
    bp.previous();
    expect(bp.sample).toBe(5);
    bp.next();
    bp.next();
    expect(bp.sample).toBe(1);
    bp.pick(8.4);
    expect(bp.sample).toBe(2);
    expect(wrapSample(-7, 6)).toBe(5);
  });

  it('a click on the plot picks the nearest training point', () => {
    const bp = useBackpropStore();
    expect(bp.pickAt(0.3, 0.2)).toBe(4);
    expect(bp.sample).toBe(4);
    expect(bp.pickAt(4, 6)).toBe(5);
    expect(nearestSample([0, 0, 10, 10], 2, 2, 6, 6)).toBe(1);
    expect(nearestSample([0, 10, 3], 3, 1, 2.5, 99)).toBe(2); // 1-D: x only
  });

  it('one question in flight: a new pick waits for the answer, stale answers are ignored', () => {
    const bp = useBackpropStore();
    bp.setOpen(true);
    vi.runAllTimers();
    bp.next();
    bp.setMode('batch');
    vi.runAllTimers();
    expect(w.asked()).toHaveLength(1);
    w.emit({ type: 'backprop', id: 99, report: fakeReport(3) }); // not ours
    expect(bp.report).toBeNull();
    w.emit({ type: 'backprop', id: 1, report: fakeReport(0) });
    expect(bp.report?.sample).toBe(0);
    expect(bp.version).toBe(1);
    vi.runAllTimers();
    // The queued question carries the latest pick and mode.
    expect(w.asked()[1]).toMatchObject({ id: 2, request: { sample: 1, mode: 'batch' } });
    w.emit({ type: 'backprop', id: 2, error: { name: 'OptionError', owner: 'backprop', option: 'model', message: 'no' } });
    expect(bp.error?.message).toBe('no');
    expect(bp.version).toBe(1);
  });

  it('while training, progress re-asks at most every REFRESH_MS', async () => {
    const s = useSessionStore();
    const bp = useBackpropStore();
    bp.setOpen(true);
    vi.runAllTimers();
    w.emit({ type: 'backprop', id: 1, report: fakeReport(0) });
    w.emit({ type: 'status', status: 'running' });
    for (let i = 1; i <= 5; i++) {
      s.onMessage({ type: 'progress', epochs: [], lr: [], last: { epoch: 1, batch: i, step: i, loss: 1, lr: 0.1 } });
      await nextTick();
    }
    // The same last batch again (the worker repeats it while paused): no new question.
    s.onMessage({ type: 'progress', epochs: [], lr: [], last: { epoch: 1, batch: 5, step: 5, loss: 1, lr: 0.1 } });
    await nextTick();
    vi.advanceTimersByTime(REFRESH_MS / 2);
    expect(w.asked()).toHaveLength(1);
    vi.advanceTimersByTime(REFRESH_MS);
    expect(w.asked()).toHaveLength(2);
    w.emit({ type: 'backprop', id: 2, report: fakeReport(0) });
    s.onMessage({ type: 'progress', epochs: [], lr: [], last: { epoch: 1, batch: 5, step: 5, loss: 1, lr: 0.1 } });
    await nextTick();
    vi.advanceTimersByTime(REFRESH_MS * 3);
    expect(w.asked()).toHaveLength(2);
  });
});

describe('backprop labels', () => {
  it('names each quantity by its equation with the layer number filled in', () => {
    const out = layerTex({ l: 3, stages: ['sigmoid'], equation: 'BP1' }, false);
    expect(out.delta).toBe("\\delta^{3} = \\nabla_a C \\odot \\sigma'(z^{3})");
    expect(out.a).toBe('a^{3} = \\sigma(z^{3})');
    const hidden = layerTex({ l: 2, stages: ['tanh'], equation: 'BP2' }, true);
    expect(hidden.delta).toContain('(W^{3})^{\\top} \\delta^{3}');
    expect(hidden.gradWeight).toContain('\\sum_{\\text{rows}} \\delta^{2} (a^{1})^{\\top}');
  });
  it('formats numbers and log axes', () => {
    expect(num(6.8e-6)).toBe('6.80e-6');
    expect(num(0.2104)).toBe('0.2104');
    expect(logAxis([6.8e-6, 0.21])).toEqual({ lo: -6, hi: 0 });
    expect(logPercent(1e-3, -6, 0)).toBeCloseTo(50, 10);
    expect(logPercent(0, -6, 0)).toBe(0);
  });
});
