import type { OptimizerName, OptimizerOptionsMap } from './options.js';
import { Optimizer, type OptimizerExtras } from './optimizer.js';

/** Create an optimizer by name; missing options take PyTorch's defaults, bad ones throw. */
export function createOptimizer<N extends OptimizerName>(name: N, options: Partial<OptimizerOptionsMap[N]> = {}, extras: OptimizerExtras = {}): Optimizer<N> {
  return new Optimizer(name, options, extras);
}

type Factory<N extends OptimizerName> = (options?: Partial<OptimizerOptionsMap[N]>, extras?: OptimizerExtras) => Optimizer<N>;
const factory =
  <N extends OptimizerName>(name: N): Factory<N> =>
  (options = {}, extras = {}) =>
    new Optimizer(name, options, extras);

/** SGD; with momentum 0 (the default) the plain full-batch step p -= lr * g. */
export const sgd = factory('sgd');
export const adagrad = factory('adagrad');
export const rmsprop = factory('rmsprop');
export const adam = factory('adam');
export const adamw = factory('adamw');
export const nadam = factory('nadam');
export const radam = factory('radam');
export const adamax = factory('adamax');
export const adadelta = factory('adadelta');
