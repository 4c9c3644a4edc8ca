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
  /** 'values': float targets shaped like the output; 'classes': one class index per row. */
  target: 'values' | 'classes';
  /** What the output should be: raw scores, probabilities, log-probabilities or any real values. */
  expects: 'values' | 'probabilities' | 'logits' | 'logProbabilities';
  /** Options besides reduction, with their defaults. */
  options: Record<string, number>;
}

export const LOSSES: Record<LossName, LossInfo> = {
  mse: { name: 'mse', target: 'values', expects: 'values', options: {} },
  l1: { name: 'l1', target: 'values', expects: 'values', options: {} },
  huber: { name: 'huber', target: 'values', expects: 'values', options: { delta: 1 } },
  smoothL1: { name: 'smoothL1', target: 'values', expects: 'values', options: { beta: 1 } },
  bce: { name: 'bce', target: 'values', expects: 'probabilities', options: {} },
  bceWithLogits: { name: 'bceWithLogits', target: 'values', expects: 'logits', options: {} },
  crossEntropy: { name: 'crossEntropy', target: 'classes', expects: 'logits', options: {} },
  nll: { name: 'nll', target: 'classes', expects: 'logProbabilities', options: {} },
};

/** Canonical name for a spelling ('cross_entropy' → 'crossEntropy'), or undefined. */
export function lossName(name: unknown): LossName | undefined {
  if (typeof name !== 'string') return undefined;
  if ((LOSS_NAMES as readonly string[]).includes(name)) return name as LossName;
  return ALIASES[name];
}

export function isLossName(name: unknown): boolean {
  return lossName(name) !== undefined;
}

export function lossInfo(name: string): LossInfo {
  const n = lossName(name);
  if (!n) throw new Error(`unknown loss ${JSON.stringify(name)} (expected one of ${LOSS_NAMES.join(', ')}, or smooth_l1, bce_with_logits, cross_entropy)`);
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
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw new Error(`loss ${info.name}: options must be an object, got ${JSON.stringify(options)}`);
  for (const k of Object.keys(options)) {
    if (k !== 'reduction' && !(k in info.options)) {
      const keys = ['reduction', ...Object.keys(info.options)];
      throw new Error(`loss ${info.name}: unknown option "${k}" (expected ${keys.join(', ')})`);
    }
  }
  const o: LossOptions = { ...info.options, ...options };
  if (o.reduction !== undefined && o.reduction !== 'mean' && o.reduction !== 'sum') {
    throw new Error(`loss ${info.name}: reduction must be 'mean' or 'sum', got ${JSON.stringify(o.reduction)}`);
  }
  // Check numeric options now rather than on the first batch (the loss functions re-check).
  if (o.delta !== undefined && !(typeof o.delta === 'number' && o.delta > 0 && Number.isFinite(o.delta))) {
    throw new Error(`loss ${info.name}: delta must be a positive finite number, got ${JSON.stringify(o.delta)}`);
  }
  if (o.beta !== undefined && !(typeof o.beta === 'number' && o.beta >= 0 && Number.isFinite(o.beta))) {
    throw new Error(`loss ${info.name}: beta must be a non-negative finite number, got ${JSON.stringify(o.beta)}`);
  }
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
