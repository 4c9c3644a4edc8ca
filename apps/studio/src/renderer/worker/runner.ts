import { Tensor, getBackend } from '@descent/core-tensor';
import { countParameters } from '@descent/layers';
import { predict, predictGrid, startTraining, type BatchEvent, type EpochEvent, type TrainingRun } from '@descent/train';
import type { RunConfig } from '@shared/model-spec.js';
import { makeSplit, pointsOf, type Split } from '../engine/datasets.js';
import { toModelSpec } from '../engine/model.js';
import type { EpochRow, FromWorker, Prediction, ToWorker } from './protocol.js';

// The training session behind the worker: @descent/train's steerable run (it yields every few ms, so pause,
// step and stop messages are handled promptly). Progress is batched and posted a few times per second.
// No worker globals here, so it runs in tests as is.

export type Post = (m: FromWorker, transfer?: Transferable[]) => void;

/** Returns the message handler of one training session; `post` sends messages back to the page. */
export function createRunner(post: Post): (m: ToWorker) => void {
  const GRID = 44;
  const FLUSH_MS = 50;
  /** Beyond this many optimizer steps the record keeps epoch metrics only (per-batch rows would be huge). */
  const MAX_RECORDED_BATCHES = 20_000;

  let run: TrainingRun | null = null;
  let split: Split | null = null;
  let config: RunConfig | null = null;
  let gridEvery = 1;
  let pending: EpochRow[] = [];
  let last: { epoch: number; batch: number; loss: number; lr: number } | null = null;
  let steps = 0;
  let bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
  let lastGridAt = 0;
  let flushTimer: ReturnType<typeof setInterval> | null = null;


  function flush() {
    if (pending.length || last) post({ type: 'progress', epochs: pending, last, steps });
    pending = [];
  }

  function predictNow(): Prediction | null {
    if (!run || !split || !config) return null;
    const dim = split.train.x.shape[1];
    const epoch = run.trainer.epoch;
    if (dim === 2 && split.train.task !== 'regression') {
      const g = predictGrid(run.model, { xMin: bounds.x0, xMax: bounds.x1, yMin: bounds.y0, yMax: bounds.y1 }, GRID, { loss: config.training.loss });
      const n = GRID * GRID;
      const value = new Float32Array(n);
      const confidence = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const p = g.probability ? g.probability[i] : 0.5;
        value[i] = g.outputs === 1 ? p : (g.classes?.[i] ?? 0);
        confidence[i] = p;
      }
      return { kind: 'grid', epoch, size: GRID, ...bounds, value, confidence };
    }
    if (dim === 1) {
      const n = 160;
      const xs = new Float64Array(n);
      for (let i = 0; i < n; i++) xs[i] = bounds.x0 + (i / (n - 1)) * (bounds.x1 - bounds.x0);
      const out = predict(run.model, new Tensor(xs, [n, 1]));
      return { kind: 'curve', epoch, x: Float32Array.from(xs), y: Float32Array.from(out.data as ArrayLike<number>, (_, i) => Number(out.data[i * out.shape[1]])) };
    }
    return null;
  }

  function sendPrediction() {
    const p = predictNow();
    if (!p) return;
    lastGridAt = performance.now();
    post({ type: 'prediction', prediction: p }, p.kind === 'grid' ? [p.value.buffer, p.confidence.buffer] : [p.x.buffer, p.y.buffer]);
  }

  function boundsOf(s: Split) {
    const dim = s.train.x.shape[1];
    let x0 = Infinity,
      x1 = -Infinity,
      y0 = Infinity,
      y1 = -Infinity;
    for (const d of [s.train, s.test]) {
      const x = d.x.data;
      const n = d.x.shape[0];
      for (let i = 0; i < n; i++) {
        x0 = Math.min(x0, Number(x[i * dim]));
        x1 = Math.max(x1, Number(x[i * dim]));
        if (dim > 1) {
          y0 = Math.min(y0, Number(x[i * dim + 1]));
          y1 = Math.max(y1, Number(x[i * dim + 1]));
        }
      }
    }
    const px = (x1 - x0) * 0.08 || 1;
    const py = (y1 - y0) * 0.08 || 1;
    return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
  }

  const norm = (g: { weight: number | null; bias: number | null }) => Math.hypot(g.weight ?? NaN, g.bias ?? 0);

  function onEpoch(e: EpochEvent) {
    pending.push({
      epoch: e.epoch,
      trainLoss: e.trainLoss,
      testLoss: e.testLoss,
      trainAcc: e.trainAccuracy,
      testAcc: e.testAccuracy,
      lr: e.lr,
      gradNorms: e.gradNorms.map(norm),
    });
    if (e.epoch % gridEvery === 0 || performance.now() - lastGridAt > 400) sendPrediction();
  }

  function onBatch(e: BatchEvent) {
    last = { epoch: e.epoch, batch: e.batch, loss: e.loss, lr: e.lr };
    steps = e.step;
  }

  function stopTimer() {
    if (flushTimer) clearInterval(flushTimer);
    flushTimer = null;
  }

  function fail(e: unknown) {
    stopTimer();
    flush();
    run = null;
    post({ type: 'status', status: 'failed', error: e instanceof Error ? e.message : String(e) });
  }

  function start(cfg: RunConfig, every: number) {
    config = cfg;
    split = makeSplit(cfg.data);
    gridEvery = Math.max(1, every);
    steps = 0;
    pending = [];
    last = null;
    bounds = boundsOf(split);
    const t = cfg.training;
    const inputDim = split.train.x.shape[1];
    const nTrain = split.train.x.shape[0];
    const batchSize = t.batch.mode === 'full' ? nTrain : t.batch.mode === 'sgd' ? 1 : Math.min(t.batch.size, nTrain);
    const batchesPerEpoch = Math.ceil(nTrain / batchSize);
    const { csv, ...dataSource } = cfg.data;
    const r = startTraining(toModelSpec(cfg.model, inputDim), { train: split.train, test: split.test }, {
      loss: t.loss,
      optimizer: { name: t.optimizer.name as never, options: t.optimizer.options },
      scheduler:
        t.schedule.name === 'none'
          ? null
          : { name: t.schedule.name as never, options: t.schedule.options, stepEvery: t.schedule.name === 'plateau' ? 'epoch' : t.schedule.stepEvery },
      epochs: t.epochs,
      batch: t.batch.mode === 'mini' ? { mode: 'minibatch', batchSize: t.batch.size } : { mode: t.batch.mode },
      seed: t.seed,
      dtype: 'float32', // the fast path (WebAssembly SIMD matmul); float64 stays for gradient checks
      dataSource: csv ? { ...dataSource, csv: { fileName: csv.fileName, features: csv.features, target: csv.target, task: csv.task } } : dataSource,
      recordBatches: t.epochs * batchesPerEpoch <= MAX_RECORDED_BATCHES,
    });
    run = r;
    const info = (d: Split['train']) => {
      const p = pointsOf(d);
      return { x: Float32Array.from(p.x), y: Float32Array.from(p.y), n: p.n };
    };
    post({
      type: 'ready',
      info: {
        task: split.train.task,
        inputDim,
        outputDim: cfg.model.length ? (cfg.model.filter((l) => l.kind === 'dense').pop() as { units: number }).units : 1,
        classes: split.train.task === 'regression' ? 0 : (split.train.numClasses ?? 2),
        paramCount: countParameters(r.model),
        backend: getBackend().name,
        batchSize,
        batchesPerEpoch,
        epochs: t.epochs,
        train: info(split.train),
        test: info(split.test),
        featureNames: [...split.train.featureNames],
        bounds,
      },
    });
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
      stopTimer();
      flush();
      sendPrediction();
      const rec = e.record;
      const d = rec.divergence;
      post({
        type: 'status',
        status: rec.status === 'early-stopped' ? 'completed' : rec.status,
        diverged: d ? { epoch: d.epoch, batch: d.batch, loss: d.loss ?? NaN } : undefined,
        record: JSON.parse(JSON.stringify(rec)),
      });
      run = null;
    });
    r.result.catch(fail);
    flushTimer = setInterval(flush, FLUSH_MS);
    post({ type: 'status', status: 'running' });
  }

  return (m: ToWorker) => {
    try {
      switch (m.type) {
        case 'start':
          start(m.config, m.gridEvery);
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
      }
    } catch (e) {
      fail(e);
    }
  };
}
