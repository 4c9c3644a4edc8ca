import { getBackend, isDescentError } from '@descent/core-tensor';
import { countParameters } from '@descent/layers';
import { prepareRun, startRun, type BatchEvent, type EpochEvent, type RunSpec, type TrainingRun } from '@descent/train';
import { boundsOf, predictionOf, type Bounds } from './predictions.js';
import { inspect, transferables, type InspectRequest } from './inspect.js';
import type { FromWorker, LastBatch, LrRange, Prediction, ReadyInfo, ToWorker } from './protocol.js';

// The training session behind the worker: @descent/train's steerable run started from the RunSpec as posted
// (it yields every few ms, so pause, step and stop are handled promptly). Progress is batched and posted a
// few times per second; a checkpoint of the record goes out every few seconds. No worker globals here, so it
// runs in tests as is.

export type Post = (m: FromWorker, transfer?: Transferable[]) => void;

const FLUSH_MS = 100;
const CHECKPOINT_MS = 3000;
/** A new prediction (decision boundary) at least this often while training, and at every `gridEvery` epochs... */
const PREDICT_MS = 250;
/** ...but never more often than this: each one is an image the page has to build and draw. */
const PREDICT_MIN_MS = 150;
/** Beyond this many optimizer steps the record keeps epoch metrics only (per-batch rows would be huge). */
export const MAX_RECORDED_BATCHES = 20_000;

function errorOf(e: unknown): { name: string; owner: string | null; option: string | null; message: string } {
  const d = isDescentError(e) ? e : null;
  return { name: e instanceof Error ? e.name : 'Error', owner: d?.owner ?? null, option: d?.option ?? null, message: e instanceof Error ? e.message : String(e) };
}

/** Returns the message handler of one training session; `post` sends messages back to the page. */
export function createRunner(post: Post): (m: ToWorker) => void {
  let run: TrainingRun | null = null;
  let spec: RunSpec | null = null;
  let loaded: ReturnType<typeof prepareRun>['loaded'] | null = null;
  let features: ReturnType<typeof prepareRun>['features'] = null;
  let bounds: Bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  let gridEvery = 1;
  let pending: EpochEvent[] = [];
  let lrs: LrRange[] = [];
  let lrNow: LrRange | null = null;
  let last: LastBatch | null = null;
  let lastPredictAt = 0;
  let flushTimer: ReturnType<typeof setInterval> | null = null;
  let checkpointTimer: ReturnType<typeof setInterval> | null = null;
  // The model outlives the run (`run` is dropped at the end) so a finished model can still be inspected.
  let model: TrainingRun['model'] | null = null;
  let steps = 0;
  let epochNow = 0;

  function flush() {
    if (pending.length || last) post({ type: 'progress', epochs: pending, lr: lrs, last });
    pending = [];
    lrs = [];
  }

  function sendPrediction() {
    if (!run || !loaded || !spec) return;
    const p: Prediction | null = predictionOf(run.model, loaded, spec.loss, bounds, run.trainer.epoch, features);
    if (!p) return;
    lastPredictAt = performance.now();
    post({ type: 'prediction', prediction: p }, p.kind === 'grid' ? [p.value.buffer, p.confidence.buffer] : [p.x.buffer, p.y.buffer]);
  }

  function onBatch(e: BatchEvent) {
    last = { epoch: e.epoch, batch: e.batch, step: e.step, loss: e.loss, lr: e.lr };
    steps = e.step;
    if (!lrNow || lrNow.epoch !== e.epoch) lrNow = { epoch: e.epoch, min: e.lr, max: e.lr };
    else {
      lrNow.min = Math.min(lrNow.min, e.lr);
      lrNow.max = Math.max(lrNow.max, e.lr);
    }
  }

  function onEpoch(e: EpochEvent) {
    epochNow = e.epoch;
    pending.push(e);
    if (lrNow) lrs.push({ ...lrNow });
    const since = performance.now() - lastPredictAt;
    if (since > PREDICT_MS || (e.epoch % gridEvery === 0 && since >= PREDICT_MIN_MS)) sendPrediction();
  }

  function stopTimers() {
    if (flushTimer) clearInterval(flushTimer);
    if (checkpointTimer) clearInterval(checkpointTimer);
    flushTimer = checkpointTimer = null;
  }

  function fail(e: unknown) {
    stopTimers();
    flush();
    const record = run?.record();
    run = null;
    post({ type: 'status', status: 'failed', error: errorOf(e), ...(record ? { record: JSON.parse(JSON.stringify(record)) } : {}) });
  }

  function info(r: TrainingRun, s: RunSpec): ReadyInfo {
    const d = loaded!;
    const pts = (ds: typeof d.train | null) => {
      if (!ds) return { x: new Float32Array(0), y: new Float32Array(0), n: 0 };
      const n = ds.x.shape[0];
      const k = ds.y.shape[1] ?? 1;
      return {
        x: Float32Array.from(ds.x.data as ArrayLike<number>),
        y: ds.labels ? Float32Array.from(ds.labels) : Float32Array.from({ length: n }, (_, i) => Number(ds.y.data[i * k])),
        n,
      };
    };
    return {
      task: d.task,
      inputDim: d.features,
      outputDim: d.train.y.shape[1] ?? 1,
      classes: d.classes,
      classNames: [...(d.train.classNames ?? [])],
      paramCount: countParameters(r.model),
      backend: getBackend().name,
      batchSize: r.trainer.batchSize,
      batchesPerEpoch: r.trainer.batchesPerEpoch,
      epochs: s.epochs,
      train: pts(d.train),
      test: pts(d.test),
      featureNames: [...d.train.featureNames],
      bounds,
    };
  }

  function start(s: RunSpec, every: number) {
    spec = s;
    gridEvery = Math.max(1, every);
    pending = [];
    lrs = [];
    lrNow = null;
    last = null;
    const prepared = prepareRun(s); // validated like the page validated it; throws an OptionError otherwise
    loaded = prepared.loaded;
    features = prepared.features;
    bounds = boundsOf(loaded);
    const r = startRun(s, { data: loaded });
    run = r;
    model = r.model;
    steps = 0;
    epochNow = 0;
    post({ type: 'ready', info: info(r, s) });
    // A first checkpoint at once: the run is saved (status running) before its first epoch ends.
    post({ type: 'checkpoint', record: JSON.parse(JSON.stringify(r.record())) });
    sendPrediction();
    r.on('batch', onBatch);
    r.on('epoch', onEpoch);
    r.on('status', (e) => {
      if (e.status === 'running' || e.status === 'paused') {
        flush();
        if (e.status === 'paused') sendPrediction();
        post({ type: 'status', status: e.status });
      }
    });
    r.on('end', (e) => {
      stopTimers();
      flush();
      sendPrediction();
      post({ type: 'status', status: e.record.status as never, record: JSON.parse(JSON.stringify(e.record)) });
      run = null;
    });
    r.result.catch(fail);
    flushTimer = setInterval(flush, FLUSH_MS);
    checkpointTimer = setInterval(() => run && post({ type: 'checkpoint', record: JSON.parse(JSON.stringify(run.record())) }), CHECKPOINT_MS);
    post({ type: 'status', status: 'running' });
  }

  function answerBackprop(id: number, req: InspectRequest) {
    try {
      if (!model || !loaded || !spec) throw new Error('No model yet: start a run first');
      const report = inspect(model, loaded, spec.loss, bounds, req, { steps, epoch: epochNow }, features);
      post({ type: 'backprop', id, report }, transferables(report));
    } catch (e) {
      // A model the equations do not cover (e.g. a layer other than Dense/activation/dropout) says so.
      post({ type: 'backprop', id, error: errorOf(e) });
    }
  }

  return (m: ToWorker) => {
    try {
      switch (m.type) {
        case 'start':
          start(m.spec, m.gridEvery);
          break;
        case 'pause':
          run?.pause();
          break;
        case 'resume':
          run?.resume();
          break;
        case 'step':
          if (run && run.status === 'paused')
            void run.step().then(() => {
              flush();
              sendPrediction();
            }, fail);
          break;
        case 'stop':
          run?.stop();
          break;
        case 'backprop':
          answerBackprop(m.id, m.request);
          break;
      }
    } catch (e) {
      fail(e);
    }
  };
}
