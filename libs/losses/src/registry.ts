import { OptionError, describeValue, resolveOptionValues, type OptionMeta } from '@descent/core-tensor';
import type { Var, VarLike } from '@descent/autodiff';
import type { ClassTarget, Reduction, Target } from './common.js';
import { bce, bceWithLogits, huber, l1, mse, smoothL1 } from './elementwise.js';
import { crossEntropy, nll } from './classification.js';

export const LOSS_NAMES = ['mse', 'l1', 'huber', 'smoothL1', 'bce', 'bceWithLogits', 'crossEntropy', 'nll'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

const ALIASES: Record<string, LossName> = {
  smooth_l1: 'smoothL1',
  bce_with_logits: 'bceWithLogits',
  cross_entropy: 'crossEntropy',
};

export interface LossInfo {
  name: LossName;
  label: string;
  description: string;
  /** 'values': float targets shaped like the output; 'classes': one class index per row. */
  target: 'values' | 'classes';
  /** What the output should be: raw scores, probabilities, log-probabilities or any real values. */
  expects: 'values' | 'probabilities' | 'logits' | 'logProbabilities';
  /** The loss in TeX (reduction 'mean'), as the code computes it. */
  formula: string;
  /** Every option (reduction first), in the shared OptionMeta vocabulary. */
  options: readonly OptionMeta[];
}

/** Each loss in TeX with reduction 'mean' (N elements, or N rows for the class losses); 'sum' drops the 1/N. */
const FORMULAS: Record<LossName, string> = {
  mse: '\\ell = \\frac{1}{N}\\sum_i (y_i - t_i)^2',
  l1: '\\ell = \\frac{1}{N}\\sum_i |y_i - t_i|',
  huber: '\\ell_i = \\begin{cases} \\tfrac12 (y_i - t_i)^2 & |y_i - t_i| < \\delta \\\\ \\delta\\,(|y_i - t_i| - \\tfrac12 \\delta) & \\text{otherwise} \\end{cases}',
  smoothL1: '\\ell_i = \\begin{cases} \\tfrac{0.5\\,(y_i - t_i)^2}{\\beta} & |y_i - t_i| < \\beta \\\\ |y_i - t_i| - \\tfrac12 \\beta & \\text{otherwise} \\end{cases}',
  bce: '\\ell = -\\frac{1}{N}\\sum_i \\bigl(t_i \\log p_i + (1 - t_i) \\log(1 - p_i)\\bigr)\\ \\ (\\log \\text{ clamped at } -100)',
  bceWithLogits: '\\ell = -\\frac{1}{N}\\sum_i \\bigl(t_i \\log \\sigma(y_i) + (1 - t_i) \\log(1 - \\sigma(y_i))\\bigr)',
  crossEntropy: '\\ell = -\\frac{1}{N}\\sum_n \\log \\frac{e^{y_{n, c_n}}}{\\sum_k e^{y_{n,k}}}',
  nll: '\\ell = -\\frac{1}{N}\\sum_n y_{n, c_n}',
};

const reduction: OptionMeta = { name: 'reduction', kind: 'enum', values: ['mean', 'sum'], default: 'mean', description: 'Average the per-element losses, or add them up.' };
const entry = (name: LossName, label: string, target: LossInfo['target'], expects: LossInfo['expects'], description: string, extra: OptionMeta[] = []): LossInfo => ({
  name,
  label,
  description,
  formula: FORMULAS[name],
  target,
  expects,
  options: [reduction, ...extra],
});

export const LOSSES: Record<LossName, LossInfo> = {
  mse: entry('mse', 'Mean squared error', 'values', 'values', 'Squared difference between output and target (MSELoss).'),
  l1: entry('l1', 'Mean absolute error (L1)', 'values', 'values', 'Absolute difference between output and target (L1Loss).'),
  huber: entry('huber', 'Huber', 'values', 'values', 'Squared near zero, linear beyond delta (HuberLoss).', [
    { name: 'delta', kind: 'number', default: 1, symbol: '\\delta', min: 0, minExclusive: true, description: 'Where the loss turns from quadratic to linear.' },
  ]),
  smoothL1: entry('smoothL1', 'Smooth L1', 'values', 'values', 'Huber divided by beta; beta 0 is plain L1 (SmoothL1Loss).', [
    { name: 'beta', kind: 'number', default: 1, min: 0, symbol: '\\beta', description: 'Width of the quadratic zone.' },
  ]),
  bce: entry('bce', 'Binary cross-entropy', 'values', 'probabilities', 'Cross-entropy of probabilities in (0, 1) against 0/1 targets (BCELoss).'),
  bceWithLogits: entry('bceWithLogits', 'Binary cross-entropy (logits)', 'values', 'logits', 'Sigmoid and binary cross-entropy in one, stable for large scores (BCEWithLogitsLoss).'),
  crossEntropy: entry('crossEntropy', 'Cross-entropy (softmax)', 'classes', 'logits', 'Softmax of the scores, then the negative log-probability of the true class (CrossEntropyLoss).'),
  nll: entry('nll', 'Negative log-likelihood', 'classes', 'logProbabilities', 'Negative log-probability of the true class, given log-probabilities (NLLLoss).'),
};

/** Canonical name for a spelling ('cross_entropy' → 'crossEntropy'), or undefined. */
export function lossName(name: unknown): LossName | undefined {
  if (typeof name !== 'string') return undefined;
  if ((LOSS_NAMES as readonly string[]).includes(name)) return name as LossName;
  return Object.prototype.hasOwnProperty.call(ALIASES, name) ? ALIASES[name] : undefined;
}

export function isLossName(name: unknown): boolean {
  return lossName(name) !== undefined;
}

export function lossInfo(name: string): LossInfo {
  const n = lossName(name);
  if (!n) throw new OptionError('loss', 'name', `must be one of ${LOSS_NAMES.join(', ')} (or smooth_l1, bce_with_logits, cross_entropy), got ${describeValue(name)}`, { value: name });
  return LOSSES[n];
}

export interface LossOptions {
  reduction?: Reduction;
  delta?: number;
  beta?: number;
}

/** A configured loss: (output, target) → scalar Var. Targets are float values or class indices, per `info.target`. */
export type LossFn = ((output: VarLike, target: Target | ClassTarget) => Var) & { readonly info: LossInfo; readonly options: Readonly<LossOptions> };

/** A loss by name (camelCase or the fixtures' snake_case) with validated options. */
export function createLoss(name: string, options: LossOptions = {}): LossFn {
  const info = lossInfo(name);
  const o = resolveOptionValues<LossOptions>(info.name, info.options, options);
  const impl = {
    mse: (out: VarLike, t: unknown) => mse(out, t as Target, o),
    l1: (out: VarLike, t: unknown) => l1(out, t as Target, o),
    huber: (out: VarLike, t: unknown) => huber(out, t as Target, o),
    smoothL1: (out: VarLike, t: unknown) => smoothL1(out, t as Target, o),
    bce: (out: VarLike, t: unknown) => bce(out, t as Target, o),
    bceWithLogits: (out: VarLike, t: unknown) => bceWithLogits(out, t as Target, o),
    crossEntropy: (out: VarLike, t: unknown) => crossEntropy(out, t as ClassTarget, o),
    nll: (out: VarLike, t: unknown) => nll(out, t as ClassTarget, o),
  }[info.name];
  const fn = (output: VarLike, target: Target | ClassTarget): Var => impl(output, target);
  return Object.assign(fn, { info, options: Object.freeze({ ...o }) });
}
