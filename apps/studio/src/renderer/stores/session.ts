import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { RunConfig } from '@shared/model-spec.js';
import { RUN_FORMAT, RUN_VERSION, type RunRecord, type RunStatus } from '@shared/run-record.js';
import { host } from '../host/host.js';
import { analyzeModel } from '../engine/model-shape.js';
import { optimizerInfo } from '../engine/optimizers.js';
import type { EpochRow, FromWorker, Prediction, ReadyInfo, ToWorker, WorkerStatus } from '../worker/protocol.js';
import { useDataStore } from './data.js';
import { useModelStore } from './model.js';
import { useSetupStore } from './setup.js';
import { useRunsStore } from './runs.js';

// One training session: owns the worker, collects live metrics and saves the run record as it goes.

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

export type SessionStatus = 'idle' | 'starting' | WorkerStatus;

const toNull = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
const SAVE_EVERY_MS = 3000;

export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>('idle');
  const info = shallowRef<ReadyInfo | null>(null);
  const rows = shallowRef<EpochRow[]>([]);
  const prediction = shallowRef<Prediction | null>(null);
  const lastBatch = ref<{ epoch: number; batch: number; loss: number; lr: number } | null>(null);
  const steps = ref(0);
  const diverged = ref<{ epoch: number; batch: number; loss: number } | null>(null);
  const error = ref<string | null>(null);
  const record = shallowRef<RunRecord | null>(null);
  const config = shallowRef<RunConfig | null>(null);
  /** @descent/train's own record of the run, once it has ended */
  let trainRecord: unknown = undefined;
  let worker: WorkerLike | null = null;
  let lastSave = 0;
  let saving: Promise<void> = Promise.resolve();

  const active = computed(() => status.value === 'starting' || status.value === 'running' || status.value === 'paused');

  function buildRecord(runStatus: RunStatus): RunRecord {
    const r = record.value!;
    const m = rows.value;
    return {
      ...r,
      status: runStatus,
      finishedAt: runStatus === 'running' ? null : new Date().toISOString(),
      metrics: {
        epoch: m.map((e) => e.epoch),
        trainLoss: m.map((e) => toNull(e.trainLoss)),
        testLoss: m.map((e) => toNull(e.testLoss)),
        trainAcc: m.map((e) => toNull(e.trainAcc)),
        testAcc: m.map((e) => toNull(e.testAcc)),
        lr: m.map((e) => toNull(e.lr)),
        gradNorms: m.map((e) => e.gradNorms.map(toNull)),
      },
      diverged: diverged.value ? { ...diverged.value, loss: toNull(diverged.value.loss) } : null,
      error: error.value,
      ...(trainRecord === undefined ? {} : { trainRecord }),
    };
  }

  function persist(runStatus: RunStatus) {
    if (!record.value) return saving;
    const rec = buildRecord(runStatus);
    record.value = rec;
    lastSave = Date.now();
    const runs = useRunsStore();
    saving = saving
      .then(() => host().runs.save(rec))
      .then(() => (runStatus === 'running' && runs.summaries.some((r) => r.id === rec.id) ? undefined : runs.refresh()))
      .catch((e) => {
        error.value = `Could not save the run: ${(e as Error).message}`;
      });
    return saving;
  }

  function onMessage(m: FromWorker) {
    switch (m.type) {
      case 'ready':
        info.value = m.info;
        break;
      case 'progress':
        if (m.epochs.length) {
          rows.value.push(...m.epochs);
          triggerRef(rows);
        }
        lastBatch.value = m.last;
        steps.value = m.steps;
        if (status.value === 'running' && Date.now() - lastSave > SAVE_EVERY_MS) persist('running');
        break;
      case 'prediction':
        prediction.value = m.prediction;
        break;
      case 'status':
        status.value = m.status;
        if (m.diverged) diverged.value = m.diverged;
        if (m.error) error.value = m.error;
        if (m.record !== undefined) trainRecord = m.record;
        if (m.status === 'completed' || m.status === 'stopped' || m.status === 'diverged' || m.status === 'failed') {
          void persist(m.status);
          worker?.terminate();
          worker = null;
        }
        break;
    }
  }

  /** Start training the model currently in the builder. Returns the new run id. */
  async function start(name?: string): Promise<string | null> {
    if (active.value) return null;
    const model = useModelStore();
    const data = useDataStore();
    const setup = useSetupStore();
    const report = analyzeModel(model.layers, { ...data.shape, datasetLabel: data.label }, setup.loss);
    if (!report.valid || !setup.valid) {
      error.value = !report.valid
        ? 'The model cannot be trained yet: fix the marked layers in the builder.'
        : 'Some training settings are invalid: fix the marked fields.';
      return null;
    }
    const runs = useRunsStore();
    const cfg: RunConfig = JSON.parse(JSON.stringify({ model: model.layers, data: data.config, training: setup.config }));
    config.value = cfg;
    rows.value = [];
    prediction.value = null;
    lastBatch.value = null;
    diverged.value = null;
    error.value = null;
    steps.value = 0;
    info.value = null;
    trainRecord = undefined;
    const id = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
    record.value = {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      id,
      name: name ?? `Run ${runs.summaries.length + 1} · ${optimizerInfo(cfg.training.optimizer.name).label} · ${data.label}`,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      status: 'running',
      task: data.shape.task,
      inputDim: data.shape.inputDim,
      outputDim: data.shape.outputDim,
      paramCount: report.totalParams,
      config: cfg,
      metrics: { epoch: [], trainLoss: [], testLoss: [], trainAcc: [], testAcc: [], lr: [], gradNorms: [] },
      diverged: null,
      error: null,
    };
    status.value = 'starting';
    worker = makeWorker();
    worker.onmessage = (ev) => onMessage(ev.data);
    worker.onerror = (ev) => {
      onMessage({ type: 'status', status: 'failed', error: ev.message || 'The training worker crashed' });
    };
    const gridEvery = Math.max(1, Math.round(cfg.training.epochs / 60));
    worker.postMessage({ type: 'start', config: cfg, gridEvery });
    await persist('running');
    return id;
  }

  const pause = () => worker?.postMessage({ type: 'pause' });
  const resume = () => worker?.postMessage({ type: 'resume' });
  const step = () => worker?.postMessage({ type: 'step' });
  const stop = () => worker?.postMessage({ type: 'stop' });

  /** Resolves when pending saves are written (tests, app shutdown). */
  const flushed = () => saving;

  return { status, info, rows, prediction, lastBatch, steps, diverged, error, record, config, active, start, pause, resume, step, stop, flushed, onMessage };
});
