import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { optimizerInfo } from '@descent/optimizers';
import type { EpochEvent, RunRecord, RunSpec, RunStatus } from '@descent/train';
import { storedRun, type StoredRun } from '@shared/studio-run.js';
import { host } from '../host/host.js';
import { MAX_RECORDED_BATCHES } from '../worker/runner.js';
import type { FromWorker, LastBatch, LrRange, Prediction, ReadyInfo, ToWorker } from '../worker/protocol.js';
import { useDataStore } from './data.js';
import { useRunsStore } from './runs.js';
import { useSetupStore } from './setup.js';

// One training session: owns the worker, collects the library's epoch events and saves the library's run
// record (in the Studio's wrapper) from the worker's checkpoints and at the end.

export interface WorkerLike {
  postMessage(m: ToWorker): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

let makeWorker: () => WorkerLike = () =>
  new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module', name: 'descent-training' }) as unknown as WorkerLike;

/** Tests replace the worker factory. */
export function setWorkerFactory(f: () => WorkerLike) {
  makeWorker = f;
}

export type SessionStatus = 'starting' | RunStatus;

export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>('idle');
  const info = shallowRef<ReadyInfo | null>(null);
  const epochs = shallowRef<EpochEvent[]>([]);
  const lrRanges = shallowRef<LrRange[]>([]);
  const prediction = shallowRef<Prediction | null>(null);
  const last = ref<LastBatch | null>(null);
  const error = ref<string | null>(null);
  const record = shallowRef<RunRecord | null>(null);
  const spec = shallowRef<RunSpec | null>(null);
  /** The stored run's id, name and creation time (UI extras around the record). */
  const meta = ref<{ id: string; name: string; createdAt: string } | null>(null);
  let worker: WorkerLike | null = null;
  let saving: Promise<void> = Promise.resolve();
  /** Panels that ask the worker about its model (the Backprop panel) get the worker's answers here. */
  const listeners = new Set<(m: FromWorker) => void>();

  const active = computed(() => status.value === 'starting' || status.value === 'running' || status.value === 'paused');

  function persist(rec: RunRecord): Promise<void> {
    record.value = rec;
    const m = meta.value;
    if (!m) return saving;
    const run: StoredRun = storedRun(m.id, m.name, m.createdAt, rec);
    const runs = useRunsStore();
    saving = saving
      .then(() => host().runs.save(run))
      .then(() => (rec.status === 'running' && runs.summaries.some((r) => r.id === m.id) ? undefined : runs.refresh()))
      .catch((e) => {
        error.value = `Could not save the run: ${(e as Error).message}`;
      });
    return saving;
  }

  function onMessage(msg: FromWorker) {
    switch (msg.type) {
      case 'ready':
        info.value = msg.info;
        break;
      case 'progress':
        if (msg.epochs.length) {
          epochs.value.push(...msg.epochs);
          triggerRef(epochs);
        }
        if (msg.lr.length) {
          lrRanges.value.push(...msg.lr);
          triggerRef(lrRanges);
        }
        last.value = msg.last;
        break;
      case 'prediction':
        prediction.value = msg.prediction;
        break;
      case 'checkpoint':
        if (active.value) void persist(msg.record);
        break;
      case 'status':
        status.value = msg.status;
        if (msg.error) error.value = msg.error.message;
        if (msg.record) void persist(msg.record);
        // An ended run's worker is kept (idle) so its final model can still be inspected; the next start ends it.
        if (msg.status === 'failed') {
          worker?.terminate();
          worker = null;
        }
        break;
      case 'backprop':
        for (const f of listeners) f(msg);
        break;
    }
  }

  /** Start training the current setup. Returns the new run id, or null (with `error` saying why). */
  async function start(name?: string): Promise<string | null> {
    if (active.value) return null;
    const setup = useSetupStore();
    if (!setup.valid) {
      error.value = 'Some settings are invalid: fix the marked fields, then train.';
      return null;
    }
    const s = setup.snapshot();
    // Very long per-sample runs keep epoch metrics only: say so in the spec itself (it is saved with the run).
    if (s.recordBatches === undefined && setup.plan) s.recordBatches = s.epochs * setup.plan.batchesPerEpoch <= MAX_RECORDED_BATCHES;
    const runs = useRunsStore();
    const id = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
    // An opened spec keeps its own name; otherwise the run is named after what it is.
    const runName = name ?? s.name ?? `Run ${runs.summaries.length + 1} · ${optimizerInfo(s.optimizer.name).label} · ${useDataStore().label}`;
    s.name = runName;
    spec.value = s;
    meta.value = { id, name: runName, createdAt: new Date().toISOString() };
    epochs.value = [];
    lrRanges.value = [];
    prediction.value = null;
    last.value = null;
    error.value = null;
    info.value = null;
    record.value = null;
    status.value = 'starting';
    worker?.terminate();
    worker = makeWorker();
    worker.onmessage = (ev) => onMessage(ev.data);
    worker.onerror = (ev) => onMessage({ type: 'status', status: 'failed', error: { name: 'Error', owner: null, option: null, message: ev.message || 'The training worker crashed' } });
    // Progress arrives a few times per second; a boundary every 1/60 of the run at least.
    worker.postMessage({ type: 'start', spec: s, gridEvery: Math.max(1, Math.round(s.epochs / 60)) });
    return id;
  }

  const pause = () => worker?.postMessage({ type: 'pause' });
  const resume = () => worker?.postMessage({ type: 'resume' });
  const step = () => worker?.postMessage({ type: 'step' });
  const stop = () => worker?.postMessage({ type: 'stop' });
  /** Send a question about the model to the worker (false when there is none); answers go to `listen`ers. */
  const ask = (m: ToWorker): boolean => (worker ? (worker.postMessage(m), true) : false);
  const listen = (f: (m: FromWorker) => void): (() => void) => {
    listeners.add(f);
    return () => listeners.delete(f);
  };

  /** Resolves when pending saves are written (tests, app shutdown). */
  const flushed = () => saving;

  return { status, info, epochs, lrRanges, prediction, last, error, record, spec, meta, active, start, pause, resume, step, stop, flushed, onMessage, ask, listen };
});
