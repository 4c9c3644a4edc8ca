import type { Task } from '@descent/data';
import type { BatchEvent, EpochEvent, RunRecord, RunSpec, RunStatus } from '@descent/train';
import type { InspectReport, InspectRequest } from './inspect.js';

// Messages between the page and the training worker. What travels is @descent/train's own shapes: the RunSpec
// in, its EpochEvents, statuses and RunRecord out. The only extras are for drawing (points, predictions).

export type ToWorker =
  | { type: 'start'; spec: RunSpec; gridEvery: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  /** The Backprop panel: the equations for one training sample or its batch, now (running, paused or ended). */
  | { type: 'backprop'; id: number; request: InspectRequest };

/** Model output over a grid of the input plane (2-D inputs) or along a line (1-D inputs). */
export type Prediction =
  | {
      kind: 'grid';
      epoch: number;
      size: number; // size × size cells
      x0: number;
      x1: number;
      y0: number;
      y1: number;
      /** binary: P(class 1); multiclass: winning class */
      value: Float32Array;
      /** multiclass: confidence of the winning class; binary: same as value */
      confidence: Float32Array;
    }
  | { kind: 'curve'; epoch: number; x: Float32Array; y: Float32Array };

export type WorkerError = { name: string; owner: string | null; option: string | null; message: string };

export interface PointSet {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

export interface ReadyInfo {
  task: Task;
  inputDim: number;
  outputDim: number;
  classes: number;
  classNames: string[];
  paramCount: number;
  /** the compute backend training runs on, e.g. wasm-simd(2) */
  backend: string;
  batchSize: number;
  batchesPerEpoch: number;
  epochs: number;
  train: PointSet;
  test: PointSet;
  featureNames: string[];
  /** the input-plane rectangle that predictions cover */
  bounds: { x0: number; x1: number; y0: number; y1: number };
}

/** The lr range an epoch's optimizer steps used (per-batch schedules change it inside the epoch). */
export interface LrRange {
  epoch: number;
  min: number;
  max: number;
}

export type LastBatch = Pick<BatchEvent, 'epoch' | 'batch' | 'step' | 'loss' | 'lr'>;

export type FromWorker =
  | { type: 'ready'; info: ReadyInfo }
  | { type: 'progress'; epochs: EpochEvent[]; lr: LrRange[]; last: LastBatch | null }
  | { type: 'prediction'; prediction: Prediction }
  /** The run so far (status 'running'), every few seconds: saved, so a crash loses little. */
  | { type: 'checkpoint'; record: RunRecord }
  | { type: 'status'; status: RunStatus; record?: RunRecord; error?: WorkerError }
  /** The answer to a 'backprop' request with the same id: the report, or why there is none. */
  | { type: 'backprop'; id: number; report?: InspectReport; error?: WorkerError };
