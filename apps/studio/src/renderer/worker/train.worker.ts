/// <reference lib="webworker" />
import { makeSplit, type Split } from '../engine/datasets.js';
import { Trainer } from '../engine/trainer.js';
import type { EpochRow, FromWorker, Prediction, ToWorker } from './protocol.js';

// The training loop, off the UI thread. Runs batches in short time slices and yields between them so pause,
// step and stop messages are handled promptly; progress is posted once per slice.

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const SLICE_MS = 12;
const GRID = 44;

let trainer: Trainer | null = null;
let split: Split | null = null;
let running = false;
let gridEvery = 1;
let pending: EpochRow[] = [];
let last: { epoch: number; batch: number; loss: number; lr: number } | null = null;
let steps = 0;
let bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
let lastGridAt = 0;

const post = (m: FromWorker, transfer: Transferable[] = []) => ctx.postMessage(m, transfer);

function flush() {
  if (pending.length || last) post({ type: 'progress', epochs: pending, last, steps });
  pending = [];
}

function predict(): Prediction | null {
  if (!trainer || !split) return null;
  const t = trainer;
  const d = split.train;
  if (d.inputDim === 2) {
    const n = GRID * GRID;
    const xs = new Float64Array(n * 2);
    for (let j = 0; j < GRID; j++)
      for (let i = 0; i < GRID; i++) {
        xs[(j * GRID + i) * 2] = bounds.x0 + ((i + 0.5) / GRID) * (bounds.x1 - bounds.x0);
        xs[(j * GRID + i) * 2 + 1] = bounds.y0 + ((j + 0.5) / GRID) * (bounds.y1 - bounds.y0);
      }
    const out = t.model.predict(xs, n);
    const K = t.model.outputDim;
    const value = new Float32Array(n);
    const confidence = new Float32Array(n);
    const logits = t.task === 'binary' && (trainerLoss === 'bceWithLogits');
    for (let c = 0; c < n; c++) {
      if (K === 1) {
        const o = out[c];
        const p = logits ? 1 / (1 + Math.exp(-o)) : Math.min(1, Math.max(0, o));
        value[c] = p;
        confidence[c] = p;
      } else {
        let best = 0;
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, out[c * K + k]);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(out[c * K + k] - max);
        for (let k = 1; k < K; k++) if (out[c * K + k] > out[c * K + best]) best = k;
        value[c] = best;
        confidence[c] = Math.exp(out[c * K + best] - max) / sum;
      }
    }
    return { kind: 'grid', epoch: t.completedEpochs, size: GRID, ...bounds, value, confidence };
  }
  if (d.inputDim === 1) {
    const n = 160;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = bounds.x0 + (i / (n - 1)) * (bounds.x1 - bounds.x0);
    const out = t.model.predict(xs, n);
    return { kind: 'curve', epoch: t.completedEpochs, x: Float32Array.from(xs), y: Float32Array.from(out) };
  }
  return null;
}

let trainerLoss = '';

function sendPrediction() {
  const p = predict();
  if (!p) return;
  lastGridAt = performance.now();
  post({ type: 'prediction', prediction: p }, p.kind === 'grid' ? [p.value.buffer, p.confidence.buffer] : [p.x.buffer, p.y.buffer]);
}

/** One batch; returns false when training ended. */
function stepOnce(): boolean {
  const t = trainer!;
  const s = t.step();
  steps++;
  last = s.batch;
  if (s.diverged) {
    flush();
    post({ type: 'status', status: 'diverged', diverged: s.diverged });
    trainer = null;
    return false;
  }
  if (s.epochDone) {
    pending.push(s.epochDone);
    const e = s.epochDone.epoch;
    if (e % gridEvery === 0 || performance.now() - lastGridAt > 400) sendPrediction();
  }
  if (s.finished) {
    flush();
    sendPrediction();
    post({ type: 'status', status: 'completed' });
    trainer = null;
    return false;
  }
  return true;
}

function loop() {
  if (!running || !trainer) return;
  const until = performance.now() + SLICE_MS;
  try {
    while (performance.now() < until) if (!stepOnce()) return void (running = false);
  } catch (e) {
    fail(e);
    return;
  }
  flush();
  setTimeout(loop, 0);
}

function fail(e: unknown) {
  running = false;
  trainer = null;
  post({ type: 'status', status: 'failed', error: e instanceof Error ? e.message : String(e) });
}

function boundsOf(s: Split) {
  const all = [s.train, s.test];
  const dim = s.train.inputDim;
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const d of all)
    for (let i = 0; i < d.n; i++) {
      const a = d.x[i * dim];
      x0 = Math.min(x0, a);
      x1 = Math.max(x1, a);
      if (dim > 1) {
        const b = d.x[i * dim + 1];
        y0 = Math.min(y0, b);
        y1 = Math.max(y1, b);
      }
    }
  const px = (x1 - x0) * 0.08 || 1;
  const py = (y1 - y0) * 0.08 || 1;
  return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
}

ctx.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.type) {
      case 'start': {
        split = makeSplit(m.config.data);
        trainer = new Trainer(m.config, split);
        trainerLoss = m.config.training.loss;
        gridEvery = Math.max(1, m.gridEvery);
        steps = 0;
        pending = [];
        last = null;
        bounds = boundsOf(split);
        const t = trainer;
        const f32 = (a: Float64Array) => Float32Array.from(a);
        post({
          type: 'ready',
          info: {
            task: t.task,
            inputDim: split.train.inputDim,
            outputDim: split.train.outputDim,
            classes: split.train.classes,
            paramCount: t.model.paramCount,
            batchSize: t.batchSize,
            batchesPerEpoch: t.batchesPerEpoch,
            epochs: t.epochs,
            train: { x: f32(split.train.x), y: f32(split.train.y), n: split.train.n },
            test: { x: f32(split.test.x), y: f32(split.test.y), n: split.test.n },
            featureNames: split.train.featureNames,
          },
        });
        sendPrediction();
        running = true;
        post({ type: 'status', status: 'running' });
        setTimeout(loop, 0);
        break;
      }
      case 'pause':
        if (!trainer) return;
        running = false;
        flush();
        sendPrediction();
        post({ type: 'status', status: 'paused' });
        break;
      case 'resume':
        if (!trainer || running) return;
        running = true;
        post({ type: 'status', status: 'running' });
        setTimeout(loop, 0);
        break;
      case 'step':
        if (!trainer || running) return;
        if (stepOnce()) {
          flush();
          sendPrediction();
        }
        break;
      case 'stop':
        if (!trainer) return;
        running = false;
        flush();
        sendPrediction();
        trainer = null;
        post({ type: 'status', status: 'stopped' });
        break;
    }
  } catch (e) {
    fail(e);
  }
};
