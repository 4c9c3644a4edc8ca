import type { ActivationName } from '@descent/layers';
import type { LossName } from '@descent/losses';
import type { OptimizerName } from '@descent/optimizers';
import type { ScheduleName } from '@descent/schedulers';

// Descent's names and PyTorch 1.13's, side by side. Descent's options are PyTorch's in camelCase, with a few
// spelled differently (T_max, T_0, T_mult); every option a class takes is listed, in PyTorch's order.

/** torch.nn modules of Descent's activations, with their options ([Descent name, PyTorch keyword]). */
export const TORCH_ACTIVATIONS: Record<ActivationName, { module: string; options: [string, string][] }> = {
  sigmoid: { module: 'Sigmoid', options: [] },
  tanh: { module: 'Tanh', options: [] },
  relu: { module: 'ReLU', options: [] },
  leakyRelu: { module: 'LeakyReLU', options: [['negativeSlope', 'negative_slope']] },
  elu: { module: 'ELU', options: [['alpha', 'alpha']] },
  softplus: { module: 'Softplus', options: [['beta', 'beta'], ['threshold', 'threshold']] },
  gelu: { module: 'GELU', options: [] }, // the exact (erf) form, PyTorch's default, as Descent computes it
  silu: { module: 'SiLU', options: [] },
  softmax: { module: 'Softmax', options: [['dim', 'dim']] },
  logSoftmax: { module: 'LogSoftmax', options: [['dim', 'dim']] },
  identity: { module: 'Identity', options: [] },
};

/** torch.nn losses, with their options. */
export const TORCH_LOSSES: Record<LossName, { module: string; options: [string, string][] }> = {
  mse: { module: 'MSELoss', options: [['reduction', 'reduction']] },
  l1: { module: 'L1Loss', options: [['reduction', 'reduction']] },
  huber: { module: 'HuberLoss', options: [['reduction', 'reduction'], ['delta', 'delta']] },
  smoothL1: { module: 'SmoothL1Loss', options: [['reduction', 'reduction'], ['beta', 'beta']] },
  bce: { module: 'BCELoss', options: [['reduction', 'reduction']] },
  bceWithLogits: { module: 'BCEWithLogitsLoss', options: [['reduction', 'reduction']] },
  crossEntropy: { module: 'CrossEntropyLoss', options: [['reduction', 'reduction']] },
  nll: { module: 'NLLLoss', options: [['reduction', 'reduction']] },
};

/**
 * torch.optim classes. `extra` are keywords Descent has no option for, fixed to what makes PyTorch 1.13 compute
 * Descent's (and the documented) update: see the fixtures README, section 3.2.
 */
export const TORCH_OPTIMIZERS: Record<OptimizerName, { cls: string; options: [string, string][]; extra?: [string, string, string][] }> = {
  sgd: { cls: 'SGD', options: [['lr', 'lr'], ['momentum', 'momentum'], ['dampening', 'dampening'], ['weightDecay', 'weight_decay'], ['nesterov', 'nesterov'], ['maximize', 'maximize']] },
  adagrad: {
    cls: 'Adagrad',
    options: [['lr', 'lr'], ['lrDecay', 'lr_decay'], ['weightDecay', 'weight_decay'], ['initialAccumulatorValue', 'initial_accumulator_value'], ['eps', 'eps'], ['maximize', 'maximize']],
  },
  rmsprop: {
    cls: 'RMSprop',
    options: [['lr', 'lr'], ['alpha', 'alpha'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['momentum', 'momentum'], ['centered', 'centered'], ['maximize', 'maximize']],
  },
  adam: { cls: 'Adam', options: [['lr', 'lr'], ['betas', 'betas'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['amsgrad', 'amsgrad'], ['maximize', 'maximize']] },
  adamw: { cls: 'AdamW', options: [['lr', 'lr'], ['betas', 'betas'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['amsgrad', 'amsgrad'], ['maximize', 'maximize']] },
  nadam: {
    cls: 'NAdam',
    options: [['lr', 'lr'], ['betas', 'betas'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['momentumDecay', 'momentum_decay']],
    extra: [['foreach', 'True', "1.13's default (single-tensor) NAdam counts mu_t twice in its last step; the foreach one implements the documented update, as Descent does"]],
  },
  radam: {
    cls: 'RAdam',
    options: [['lr', 'lr'], ['betas', 'betas'], ['eps', 'eps'], ['weightDecay', 'weight_decay']],
    extra: [['foreach', 'False', "1.13's foreach RAdam leaves eps out; the single-tensor one is the documented update, as Descent does"]],
  },
  adamax: { cls: 'Adamax', options: [['lr', 'lr'], ['betas', 'betas'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['maximize', 'maximize']] },
  adadelta: { cls: 'Adadelta', options: [['lr', 'lr'], ['rho', 'rho'], ['eps', 'eps'], ['weightDecay', 'weight_decay'], ['maximize', 'maximize']] },
};

/** torch.optim.lr_scheduler classes (lambda is not part of a run spec: it takes a function). */
export const TORCH_SCHEDULERS: Record<Exclude<ScheduleName, 'lambda'>, { cls: string; options: [string, string][] }> = {
  constant: { cls: 'ConstantLR', options: [['factor', 'factor'], ['totalIters', 'total_iters']] },
  step: { cls: 'StepLR', options: [['stepSize', 'step_size'], ['gamma', 'gamma']] },
  multistep: { cls: 'MultiStepLR', options: [['milestones', 'milestones'], ['gamma', 'gamma']] },
  exponential: { cls: 'ExponentialLR', options: [['gamma', 'gamma']] },
  cosine: { cls: 'CosineAnnealingLR', options: [['tMax', 'T_max'], ['etaMin', 'eta_min']] },
  cosineWarmRestarts: { cls: 'CosineAnnealingWarmRestarts', options: [['t0', 'T_0'], ['tMult', 'T_mult'], ['etaMin', 'eta_min']] },
  linear: { cls: 'LinearLR', options: [['startFactor', 'start_factor'], ['endFactor', 'end_factor'], ['totalIters', 'total_iters']] },
  polynomial: { cls: 'PolynomialLR', options: [['totalIters', 'total_iters'], ['power', 'power']] },
  cyclic: {
    cls: 'CyclicLR',
    options: [
      ['baseLr', 'base_lr'],
      ['maxLr', 'max_lr'],
      ['stepSizeUp', 'step_size_up'],
      ['stepSizeDown', 'step_size_down'],
      ['mode', 'mode'],
      ['gamma', 'gamma'],
      ['cycleMomentum', 'cycle_momentum'],
      ['baseMomentum', 'base_momentum'],
      ['maxMomentum', 'max_momentum'],
    ],
  },
  onecycle: {
    cls: 'OneCycleLR',
    options: [
      ['maxLr', 'max_lr'],
      ['totalSteps', 'total_steps'],
      ['pctStart', 'pct_start'],
      ['annealStrategy', 'anneal_strategy'],
      ['cycleMomentum', 'cycle_momentum'],
      ['baseMomentum', 'base_momentum'],
      ['maxMomentum', 'max_momentum'],
      ['divFactor', 'div_factor'],
      ['finalDivFactor', 'final_div_factor'],
      ['threePhase', 'three_phase'],
    ],
  },
  plateau: {
    cls: 'ReduceLROnPlateau',
    options: [
      ['mode', 'mode'],
      ['factor', 'factor'],
      ['patience', 'patience'],
      ['threshold', 'threshold'],
      ['thresholdMode', 'threshold_mode'],
      ['cooldown', 'cooldown'],
      ['minLr', 'min_lr'],
      ['eps', 'eps'],
    ],
  },
  sequential: { cls: 'SequentialLR', options: [['schedulers', 'schedulers'], ['milestones', 'milestones']] },
};

/** Schedules that can run inside SequentialLR as Descent runs them (each restarts from its closed form at its milestone). */
export const SEQUENTIAL_PARTS: readonly ScheduleName[] = ['constant', 'step', 'multistep', 'exponential', 'cosine', 'linear', 'polynomial'];

/** Descent's metric names and the script's. */
export const PY_METRICS = { trainLoss: 'train_loss', testLoss: 'test_loss', trainAccuracy: 'train_accuracy', testAccuracy: 'test_accuracy' } as const;
