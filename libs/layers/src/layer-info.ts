import { OptionError, describeValue, type OptionMeta } from '@descent/core-tensor';

// What each layer and activation takes, in the shared OptionMeta vocabulary: forms are generated from
// this, and planModel checks specs against it.

/** Activation names (camelCase); the fixtures' snake_case spellings are accepted as aliases. */
export const ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softplus', 'gelu', 'silu', 'softmax', 'logSoftmax', 'identity'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** Widest dense layer a spec may ask for (a typo like 1e9 units is refused before anything is allocated). */
export const MAX_UNITS = 1 << 16;

export interface LayerInfo {
  type: 'dense' | 'activation' | 'dropout';
  label: string;
  description: string;
  options: readonly OptionMeta[];
}

export const LAYER_INFO: Record<LayerInfo['type'], LayerInfo> = {
  dense: {
    type: 'dense',
    label: 'Dense',
    description: 'A fully connected layer z = W a + b (PyTorch nn.Linear).',
    options: [
      { name: 'units', kind: 'integer', min: 1, max: MAX_UNITS, suggested: 8, description: 'Number of neurons (outputs) of the layer.' },
      { name: 'useBias', kind: 'boolean', default: true, description: 'Add a learned bias b.' },
    ],
  },
  activation: {
    type: 'activation',
    label: 'Activation',
    description: 'An element-wise non-linearity a = σ(z) (softmax and logSoftmax work on each row).',
    options: [{ name: 'fn', kind: 'enum', values: ACTIVATION_NAMES, suggested: 'relu', description: 'Which function.' }],
  },
  dropout: {
    type: 'dropout',
    label: 'Dropout',
    description: 'While training, zero each input with probability p and scale the rest by 1/(1 − p) (nn.Dropout).',
    options: [{ name: 'p', kind: 'number', min: 0, max: 1, default: 0.5, description: 'Probability of zeroing an input.' }],
  },
};

export interface ActivationInfo {
  name: ActivationName;
  label: string;
  /** f(z) and f′(z) in TeX, as the code computes them (kinks as PyTorch: relu′(0) = 0). */
  formula: string;
  derivative: string;
  description: string;
  options: readonly OptionMeta[];
}

const dim: OptionMeta = { name: 'dim', kind: 'integer', default: -1, description: 'Axis the function normalizes over (-1: the features of each row).' };

export const ACTIVATION_INFO: Record<ActivationName, ActivationInfo> = {
  sigmoid: { name: 'sigmoid', label: 'Sigmoid', formula: '\\sigma(z) = \\frac{1}{1 + e^{-z}}', derivative: '\\sigma\'(z) = \\sigma(z)\\,(1 - \\sigma(z)) \\le \\tfrac14', description: 'σ(z) = 1 / (1 + e^(−z)), between 0 and 1; σ′ ≤ 1/4.', options: [] },
  tanh: { name: 'tanh', label: 'Tanh', formula: '\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}', derivative: '\\tanh\'(z) = 1 - \\tanh^2(z) \\le 1', description: 'tanh(z), between −1 and 1; tanh′ ≤ 1.', options: [] },
  relu: { name: 'relu', label: 'ReLU', formula: '\\operatorname{relu}(z) = \\max(0, z)', derivative: '\\operatorname{relu}\'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}', description: 'max(0, z); gradient 1 for z > 0, 0 otherwise.', options: [] },
  leakyRelu: {
    name: 'leakyRelu',
    label: 'Leaky ReLU',
    formula: 'f(z) = \\begin{cases} z & z > 0 \\\\ a z & z \\le 0 \\end{cases}', derivative: 'f\'(z) = \\begin{cases} 1 & z > 0 \\\\ a & z \\le 0 \\end{cases}', description: 'z for z > 0, negativeSlope · z otherwise.',
    options: [{ name: 'negativeSlope', kind: 'number', default: 0.01, symbol: 'a', description: 'Slope for negative inputs.' }],
  },
  elu: { name: 'elu', label: 'ELU', formula: 'f(z) = \\begin{cases} z & z > 0 \\\\ \\alpha (e^{z} - 1) & z \\le 0 \\end{cases}', derivative: 'f\'(z) = \\begin{cases} 1 & z > 0 \\\\ \\alpha e^{z} & z \\le 0 \\end{cases}', description: 'z for z > 0, α (e^z − 1) otherwise.', options: [{ name: 'alpha', kind: 'number', default: 1, symbol: '\\alpha', description: 'Value approached for very negative inputs (−α).' }] },
  softplus: {
    name: 'softplus',
    label: 'Softplus',
    formula: 'f(z) = \\tfrac{1}{\\beta} \\log(1 + e^{\\beta z}) \\ (\\text{linear where } \\beta z > \\text{threshold})', derivative: 'f\'(z) = \\sigma(\\beta z)', description: 'log(1 + e^(βz)) / β, a smooth ReLU.',
    options: [
      { name: 'beta', kind: 'custom', default: 1, symbol: '\\beta', description: 'Sharpness (non-zero).', check: (v, owner) => nonZero(v, owner) },
      { name: 'threshold', kind: 'number', default: 20, description: 'Above β·z > threshold the function is linear.' },
    ],
  },
  gelu: { name: 'gelu', label: 'GELU', formula: 'f(z) = z\\, \\Phi(z)', derivative: 'f\'(z) = \\Phi(z) + z\\, \\varphi(z),\\ \\varphi(z) = \\tfrac{1}{\\sqrt{2\\pi}} e^{-z^2/2}', description: 'z · Φ(z), with Φ the standard normal CDF.', options: [] },
  silu: { name: 'silu', label: 'SiLU', formula: 'f(z) = z\\, \\sigma(z)', derivative: 'f\'(z) = \\sigma(z)\\,\\bigl(1 + z (1 - \\sigma(z))\\bigr)', description: 'z · σ(z) (swish).', options: [] },
  softmax: { name: 'softmax', label: 'Softmax', formula: '\\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}', derivative: '\\frac{\\partial s_i}{\\partial z_j} = s_i (\\delta_{ij} - s_j)', description: 'e^(z_i) / Σ_j e^(z_j) over each row: probabilities.', options: [dim] },
  logSoftmax: { name: 'logSoftmax', label: 'Log-softmax', formula: '\\log \\operatorname{softmax}(z)_i = z_i - \\log \\sum_j e^{z_j}', derivative: '\\frac{\\partial \\ell_i}{\\partial z_j} = \\delta_{ij} - \\operatorname{softmax}(z)_j', description: 'log of softmax, computed stably.', options: [dim] },
  identity: { name: 'identity', label: 'Identity', formula: 'f(z) = z', derivative: 'f\'(z) = 1', description: 'z unchanged (a linear output).', options: [] },
};

function nonZero(v: unknown, owner: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) throw new OptionError(owner, 'beta', `must be a finite non-zero number, got ${describeValue(v)}`, { value: v });
  return v;
}
