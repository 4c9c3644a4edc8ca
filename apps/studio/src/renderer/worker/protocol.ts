import type { RunConfig, Task } from '@shared/model-spec.js';

// Messages between the page and the training worker.

export type ToWorker =
  | { type: 'start'; config: RunConfig; gridEvery: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' };

export interface EpochRow {
  epoch: number;
  trainLoss: number;
  testLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
  lr: number;
  gradNorms: number[];
}

/** Model output over a coarse grid (2-D inputs) or a line (1-D inputs). */
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

export interface ReadyInfo {
  task: Task;
  inputDim: number;
  outputDim: number;
  classes: number;
  paramCount: number;
  /** the compute backend training runs on, e.g. wasm-simd(2) */
  backend: string;
  batchSize: number;
  batchesPerEpoch: number;
  epochs: number;
  train: { x: Float32Array; y: Float32Array; n: number };
  test: { x: Float32Array; y: Float32Array; n: number };
  featureNames: string[];
  /** the input-plane rectangle that predictions cover */
  bounds: { x0: number; x1: number; y0: number; y1: number };
}

export type WorkerStatus = 'running' | 'paused' | 'completed' | 'stopped' | 'diverged' | 'failed';

export type FromWorker =
  | { type: 'ready'; info: ReadyInfo }
  | {
      type: 'progress';
      epochs: EpochRow[];
      last: { epoch: number; batch: number; loss: number; lr: number } | null;
      steps: number;
    }
  | { type: 'prediction'; prediction: Prediction }
  | {
      type: 'status';
      status: WorkerStatus;
      diverged?: { epoch: number; batch: number; loss: number };
      error?: string;
      /** the final @descent/train run record, when the run has ended */
      record?: unknown;
    };
