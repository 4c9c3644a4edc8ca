import type { Activation } from '@shared/model-spec.js';

// Display names of the activations the builder offers (the functions themselves are in @descent/layers).
export const activationLabels: Record<Activation, string> = {
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leakyRelu: 'Leaky ReLU',
  elu: 'ELU',
  softplus: 'Softplus',
  gelu: 'GELU',
  silu: 'SiLU',
  identity: 'Identity',
};
