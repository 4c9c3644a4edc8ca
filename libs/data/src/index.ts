export {
  type Dataset,
  type Task,
  type TargetEncoding,
  numSamples,
  isClassification,
  encodeLabels,
  classificationDataset,
  regressionDataset,
  type ClassificationParts,
  type RegressionParts,
} from './dataset.js';
export {
  type DatasetId,
  type DatasetPreset,
  type ParameterSpec,
  type MakeDatasetOptions,
  DATASET_PRESETS,
  DATASET_IDS,
  MAX_SAMPLES,
  SEED_OPTION,
  getPreset,
  makeDataset,
  makeXor,
  makeCircles,
  makeSpirals,
  makeMoons,
  makeBlobs,
  makeLinear,
  makeSine,
} from './registry.js';
export { loadIris, IRIS_FEATURE_NAMES, IRIS_CLASS_NAMES } from './iris.js';
export { blobCenter, BLOB_RADIUS } from './generators/blobs.js';
export { XOR_MARGIN } from './generators/xor.js';
export { SPIRAL_MIN_RADIUS } from './generators/spirals.js';
export { parseCsv, type ParseCsvOptions } from './csv/parse.js';
export { inspectCsv, type CsvInspection, type CsvColumnSummary } from './csv/inspect.js';
export { CsvError, type CsvProblem, type CsvProblemReason } from './csv/errors.js';
export { inferTask, sortedClasses, MAX_CLASSES } from './csv/classes.js';
export { standardize, type Standardizer } from './standardize.js';
export { trainTestSplit, type SplitOptions, type Split } from './split.js';
export { batches, countBatches, epochSeed, batchPlan, BATCH_MODES, type BatchModeInfo, type BatchMode, type BatchOptions, type BatchSpec, type BatchPlan } from './batches.js';
export {
  loadData,
  loadDataset,
  dataSpecProblems,
  presetOptions,
  SPLIT_OPTIONS,
  type DataSpec,
  type PresetDataSpec,
  type CsvDataSpec,
  type BoundaryDataSpec,
  type BoundarySource,
  BOUNDARY_FUNCTIONS,
  type CsvSource,
  type LoadedData,
  type LoadDataOptions,
} from './data-spec.js';
export { selectRows } from './gather.js';
export { generateFunctionBoundary, type FunctionBoundaryOptions } from './generators/function-boundary.js';
export { mapFeatures, mapFeatureRows, PLANE_FEATURES, type FeatureColumn, type PlaneFeature } from './feature-map.js';
export { tensorDataset, isTensorDataset, type TensorDataset, type Targets, type Sample } from './tensor-dataset.js';
export { DataLoader, DATA_LOADER_OPTIONS, type DataLoaderOptions, type Batch } from './data-loader.js';
/** Re-exported from @descent/core-tensor for convenience: rows of a tensor by index. */
export { gatherRows } from '@descent/core-tensor';
