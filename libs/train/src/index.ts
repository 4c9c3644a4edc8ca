// @descent/train: fit() and a steerable training run (pause/resume/stop/step, events), divergence detection,
// early stopping, reproducible versioned run records, evaluation and decision-boundary grids.
export { fit, fitSync, startTraining, type TrainingRun, type StartOptions } from './run.js';
export { Trainer, type DataInput } from './trainer.js';
export { type ModelInput, describeModule } from './model.js';
export {
  type FitOptions,
  type LossSpec,
  type OptimizerSpec,
  type SchedulerSpec,
  type BatchSpec,
  type EarlyStoppingSpec,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
export {
  type BatchEvent,
  type EpochEvent,
  type StatusEvent,
  type EndEvent,
  type TrainingEvent,
  type TrainingEventType,
  type RunStatus,
  type Listener,
  Emitter,
} from './events.js';
export {
  RUN_RECORD_FORMAT,
  RUN_RECORD_SCHEMA_VERSION,
  FINAL_STATUSES,
  METRIC_NAMES,
  type FinalStatus,
  type MetricName,
  type RunRecord,
  type RunConfig,
  type EpochMetrics,
  type BatchMetrics,
  type LayerGradNorm,
  runRecordSchema,
  runConfigSchema,
  epochMetricsSchema,
  layerGradNormSchema,
  parseRunRecord,
  serializeRunRecord,
  RunRecordError,
} from './record.js';
export { predict, predictGrid, evaluate, type GridBounds, type GridPrediction, type PredictGridOptions, type Evaluation } from './predict.js';
export { accuracy, predictClasses, denseLayers, gradNorms, type DenseRef } from './metrics.js';
export { LIBRARY_VERSIONS } from './versions.js';
export { nextMacrotask } from './yield.js';
