// @descent/losses: loss functions over @descent/autodiff (PyTorch 1.13 semantics), a registry, and penalties.
export { type Reduction, type Target, type ClassTarget, type ReductionOptions } from './common.js';
export { mse, l1, huber, smoothL1, bce, bceWithLogits } from './elementwise.js';
export { crossEntropy, nll, classIndices } from './classification.js';
export { l1Regularization, l2Regularization } from './regularization.js';
export { LOSS_NAMES, LOSSES, type LossName, type LossInfo, type LossOptions, type LossFn, lossName, isLossName, lossInfo, createLoss } from './registry.js';
