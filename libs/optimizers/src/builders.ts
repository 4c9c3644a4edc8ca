import type { OptimizerName, OptimizerOptionsMap } from './options.js';
import type { GradientTransformation } from './transform.js';
import { addDecayedWeights, flipSign, scaleByLearningRate, traceMomentum } from './transforms/basic.js';
import { scaleByAdadelta, scaleByAdagrad, scaleByRms } from './transforms/adaptive.js';
import { scaleByAdam, scaleByAdamax, scaleByNadam, scaleByRadam } from './transforms/adam-family.js';

/**
 * The PyTorch optimizers as chains of building blocks. Each chain reads the live options object `o`
 * at every step. Order matters and follows PyTorch 1.13: maximize negation, then the L2 weight decay,
 * then the rule, then -lr (AdamW: decoupled decay after the rule, i.e. p -= lr * (adam + wd * p)).
 */
type Builders = { [N in OptimizerName]: (o: OptimizerOptionsMap[N]) => GradientTransformation[] };

export const BUILDERS: Builders = {
  sgd: (o) => [flipSign(o), addDecayedWeights(o), traceMomentum(o), scaleByLearningRate(o)],
  adagrad: (o) => [flipSign(o), addDecayedWeights(o), scaleByAdagrad(o), scaleByLearningRate(o)],
  rmsprop: (o) => [flipSign(o), addDecayedWeights(o), scaleByRms(o), traceMomentum(o), scaleByLearningRate(o)],
  adam: (o) => [flipSign(o), addDecayedWeights(o), scaleByAdam(o), scaleByLearningRate(o)],
  adamw: (o) => [flipSign(o), scaleByAdam(o), addDecayedWeights(o), scaleByLearningRate(o)],
  nadam: (o) => [addDecayedWeights(o), scaleByNadam(o), scaleByLearningRate(o)],
  radam: (o) => [addDecayedWeights(o), scaleByRadam(o), scaleByLearningRate(o)],
  adamax: (o) => [flipSign(o), addDecayedWeights(o), scaleByAdamax(o), scaleByLearningRate(o)],
  adadelta: (o) => [flipSign(o), addDecayedWeights(o), scaleByAdadelta(o), scaleByLearningRate(o)],
};
