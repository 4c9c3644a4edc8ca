// @descent/layers: MLP building blocks over @descent/autodiff: modules, activations, initializers, model specs.
export { type Module, type ModuleInput, BaseModule, isModule, countParameters, asInput } from './module.js';
export { type StateDict } from './state-dict.js';
export { toBytes, fromBytes, safetensorsMetadata, TO_BYTES_OPTIONS, MAX_HEADER_BYTES, type TensorSource, type ToBytesOptions } from './safetensors.js';
export { loadParameters } from './load-parameters.js';
// Node only (node:fs is imported when they run, so browser bundles that do not call them leave it out).
export { save, load } from './parameter-files.js';
export { Linear, type LinearOptions } from './linear.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { Sequential } from './sequential.js';
export {
  ACTIVATION_NAMES,
  ACTIVATION_DEFAULTS,
  type ActivationName,
  type ActivationOptions,
  activationName,
  isActivationName,
  resolveActivation,
  activationFn,
  Activation,
  Sigmoid,
  Tanh,
  ReLU,
  LeakyReLU,
  ELU,
  Softplus,
  GELU,
  SiLU,
  Softmax,
  LogSoftmax,
  Identity,
} from './activations.js';
// The activation functions themselves live in autodiff (forward and backward side by side).
export { sigmoid, tanh, relu, leakyRelu, elu, softplus, gelu, silu, softmax, logSoftmax, identity } from '@descent/autodiff';
export * as init from './init.js';
export { type InitSpec, type InitOptions, type KaimingOptions, type Nonlinearity, calculateGain, fans, initTensor } from './init.js';
export {
  type ModelSpec,
  type LayerSpec,
  type DenseLayerSpec,
  type ActivationLayerSpec,
  type DropoutLayerSpec,
  type BuildOptions,
  type LayerDescription,
  type ModelDescription,
  LAYER_TYPES,
  type LayerPlan,
  planModel,
  planParameters,
  buildModel,
  describeModel,
  MAX_PARAMETERS,
} from './spec.js';
export { LAYER_INFO, ACTIVATION_INFO, MAX_UNITS, type LayerInfo, type ActivationInfo } from './layer-info.js';
export {
  type BackpropStage,
  type TraceLayer,
  type ForwardTrace,
  type BackpropLoss,
  type BackpropTarget,
  type BackpropLayer,
  type BackpropResult,
  type GradientFlow,
  type GradientFlowLayer,
  type GradientPathStep,
  forwardTrace,
  backprop,
  lossAndGradient,
  gradientFlow,
} from './backprop.js';
