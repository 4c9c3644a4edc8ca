// @descent/train: fit() and a steerable training run (pause/resume/stop/step, events), divergence detection,
// early stopping, reproducible versioned run records, evaluation and decision-boundary grids.
export { fit, fitSync, startTraining, startRun, fitRunSync, type TrainingRun, type StartOptions } from './run.js';
export { Trainer, type DataInput } from './trainer.js';
export { parseRunSpecJson, fromLegacySpec } from './spec-file.js';
export { type RunSpec, type SpecContext, type PreparedRun, RUN_SPEC_KEYS, runSpecProblems, prepareRun } from './spec.js';
export { compileBoundaryFunction, boundaryCurve } from './boundary-function.js';
export { type FeatureSpec, type FeatureMap, MAX_FEATURES, inputVariables, compileFeature, compileFeatures, featureProblems, applyFeatures } from './features.js';
export { LAYER_METRICS, gradNormMetric, updateRatioMetric, type LayerMetric, type LayerMetricProbe } from './layer-metrics.js';
export { assessHealth, BLOW_UP_FACTOR, PROGRESS_FRACTION, type Health, type HealthVerdict } from './health.js';
export { adviseRun, VANISHING_NORM, VANISHING_RATIO, LR_RISE, LR_WINDOW, PLATEAU_EPOCHS, PLATEAU_DELTA, PLATEAU_TREND, type Advice, type AdviceId, type AdviceEpoch } from './advice.js';
export { type ModelInput, describeModule } from './model.js';
export {
  type FitOptions,
  type TrainingSpec,
  type FitContext,
  type LossSpec,
  type OptimizerSpec,
  type SchedulerSpec,
  type BatchSpec,
  type EarlyStoppingSpec,
  type ResolvedOptions,
  TRAINING_KEYS,
  MAX_EPOCHS,
  resolveOptions,
  fitOptionProblems,
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
  RECORD_STATUSES,
  METRIC_NAMES,
  type FinalStatus,
  type RecordStatus,
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
  healthSchema,
  parseRunRecord,
  serializeRunRecord,
  RunRecordError,
} from './record.js';
export { predict, predictGrid, evaluate, type GridBounds, type GridPrediction, type PredictGridOptions, type Evaluation } from './predict.js';
export { accuracy, predictClasses, denseLayers, gradNorms, type DenseRef } from './metrics.js';
export { batchPlan, type BatchPlan } from '@descent/data';
export { LIBRARY_VERSIONS } from './versions.js';
export { nextMacrotask } from './yield.js';
