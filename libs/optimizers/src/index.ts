// @descent/optimizers: Optax-style gradient transformations and PyTorch-compatible optimizers built from them.
export type { GradientTransformation, TransformState, LearningRate } from './transform.js';
export { applyUpdates, emptyState, buffersLike, zerosLike } from './transform.js';
export { chain } from './transforms/chain.js';
export { scale, scaleByLearningRate, flipSign, addDecayedWeights, traceMomentum, type MomentumOptions } from './transforms/basic.js';
export {
  scaleByAdagrad,
  scaleByRms,
  scaleByAdadelta,
  type AdagradScaleOptions,
  type RmsScaleOptions,
  type AdadeltaScaleOptions,
} from './transforms/adaptive.js';
export {
  scaleByAdam,
  scaleByNadam,
  scaleByRadam,
  scaleByAdamax,
  type AdamScaleOptions,
  type NadamScaleOptions,
  type RadamScaleOptions,
  type AdamaxScaleOptions,
} from './transforms/adam-family.js';
export { globalNorm, clipGradNorm, clipGradValue, clipByGlobalNorm, clipByValue, type ClipOptions } from './transforms/clip.js';
export {
  type SgdOptions,
  type AdagradOptions,
  type RmspropOptions,
  type AdamOptions,
  type AdamwOptions,
  type NadamOptions,
  type RadamOptions,
  type AdamaxOptions,
  type AdadeltaOptions,
  type OptimizerOptionsMap,
  type OptimizerName,
  type OptionValue,
  type OptionMeta,
  type OptimizerInfo,
  OPTIMIZERS,
  optimizerNames,
  isOptimizerName,
  optimizerInfo,
  optimizerDefaults,
  resolveOptions,
  validateOption,
  optimizerProblems,
  describeValue,
} from './options.js';
export { Optimizer, momentumKindOf, type ScheduleTarget, type OptimizerExtras } from './optimizer.js';
export type { OptimizerStateDict, SerializedTransformState } from './state-dict.js';
export { BoundOptimizer, SGD, Adagrad, RMSprop, Adam, AdamW, NAdam, RAdam, Adamax, Adadelta, type Parameter, type ParamGroup, type BoundStateDict } from './bound.js';
export { createOptimizer, sgd, adagrad, rmsprop, adam, adamw, nadam, radam, adamax, adadelta } from './registry.js';
