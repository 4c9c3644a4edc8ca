import type { FinalStatus, LayerGradNorm, RunRecord } from './record.js';

/** After every optimizer step (or the batch whose loss diverged, which gets no step). */
export interface BatchEvent {
  type: 'batch';
  /** 1-based epoch. */
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** 1-based count of batches since the start of the run. */
  step: number;
  /** Rows in this batch (the last batch of an epoch may be smaller). */
  size: number;
  /** Loss of this batch, computed before its optimizer step (NaN/Infinity when it diverged). */
  loss: number;
  /** Accuracy on this batch from the same forward pass (classification), else null. */
  accuracy: number | null;
  /** Learning rate the optimizer used for this batch. */
  lr: number;
  /** SGD/RMSprop momentum or Adam-family beta1 at this step (undefined for optimizers without one). */
  momentum?: number;
  /** L2 norms of each dense layer's weight and bias gradients for this batch. */
  gradNorms: LayerGradNorm[];
  /** This batch's per-layer metrics (LAYER_METRICS: name → one value per dense layer). */
  layers: Record<string, (number | null)[]>;
  /** ms since the run started. */
  wallMs: number;
}

/** After the last batch of every epoch (and evaluation on the train/test sets). */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  /** Unweighted mean of this epoch's batch losses (the README's epoch loss). */
  trainLoss: number;
  /** Loss on the test set after the epoch (null without test data). */
  testLoss: number | null;
  /** Accuracy on the whole train set after the epoch (classification), else null. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** Learning rate of the epoch's last batch. */
  lr: number;
  /** Learning rate the next epoch starts with (after an epoch-wise scheduler step). */
  nextLr: number;
  /** Mean over this epoch's batches of each dense layer's gradient norms. */
  gradNorms: LayerGradNorm[];
  /** Mean over this epoch's batches of each per-layer metric (LAYER_METRICS). */
  layers: Record<string, (number | null)[]>;
  /** With regularization: the penalty on the weights after the epoch (trainLoss is the data loss alone), else null. */
  penalty: number | null;
  /** Wall time of this epoch, ms. */
  epochMs: number;
  /** ms since the run started. */
  wallMs: number;
}

export type RunStatus = 'idle' | 'running' | 'paused' | FinalStatus | 'failed';

export interface StatusEvent {
  type: 'status';
  status: RunStatus;
}

/** The run ended: the record is final (status, metrics, parameters). */
export interface EndEvent {
  type: 'end';
  record: RunRecord;
}

export type TrainingEvent = BatchEvent | EpochEvent | StatusEvent | EndEvent;
export type TrainingEventType = TrainingEvent['type'];
export type EventOf<T extends TrainingEventType> = Extract<TrainingEvent, { type: T }>;
export type Listener<T extends TrainingEventType = TrainingEventType> = (event: EventOf<T>) => void;

/**
 * A tiny typed emitter (no EventTarget: it needs no DOM types and behaves the same in Node, browsers and
 * Web Workers). A listener that throws does not break the run; the error is reported through `onListenerError`.
 */
export class Emitter {
  private readonly listeners = new Map<TrainingEventType | '*', Set<(e: TrainingEvent) => void>>();

  constructor(private readonly onListenerError: (e: unknown) => void = (e) => console.error('@descent/train: an event listener threw', e)) {}

  /** Subscribe to one event type, or '*' for all; returns the unsubscribe function. */
  on<T extends TrainingEventType>(type: T | '*', fn: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const f = fn as (e: TrainingEvent) => void;
    set.add(f);
    return () => set!.delete(f);
  }

  emit(event: TrainingEvent): void {
    for (const key of [event.type, '*'] as const) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const fn of [...set]) {
        try {
          fn(event);
        } catch (e) {
          this.onListenerError(e);
        }
      }
    }
  }
}
