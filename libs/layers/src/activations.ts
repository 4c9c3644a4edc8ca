import * as A from '@descent/autodiff';
import type { Var } from '@descent/autodiff';
import { OptionError, describeValue, resolveOptionValues } from '@descent/core-tensor';
import { BaseModule, type ModuleInput, asInput } from './module.js';
import { ACTIVATION_INFO, ACTIVATION_NAMES, type ActivationName } from './layer-info.js';

export { ACTIVATION_NAMES, type ActivationName };

export interface ActivationOptions {
  leakyRelu: { negativeSlope: number };
  elu: { alpha: number };
  softplus: { beta: number; threshold: number };
  softmax: { dim: number };
  logSoftmax: { dim: number };
}
export type OptionsOf<N extends ActivationName> = N extends keyof ActivationOptions ? ActivationOptions[N] : Record<string, never>;

/** PyTorch's defaults; softmax and logSoftmax work over the last axis (the features of each row). */
export const ACTIVATION_DEFAULTS: { [N in ActivationName]: OptionsOf<N> } = {
  sigmoid: {},
  tanh: {},
  relu: {},
  leakyRelu: { negativeSlope: 0.01 },
  elu: { alpha: 1 },
  softplus: { beta: 1, threshold: 20 },
  gelu: {},
  silu: {},
  softmax: { dim: -1 },
  logSoftmax: { dim: -1 },
  identity: {},
};

const NAME_ALIASES: Record<string, ActivationName> = {
  leaky_relu: 'leakyRelu',
  log_softmax: 'logSoftmax',
  linear: 'identity',
  none: 'identity',
};
const OPTION_ALIASES: Record<string, string> = { negative_slope: 'negativeSlope' };

/** The canonical name for a spelling ('leaky_relu' → 'leakyRelu'), or undefined when unknown. */
export function activationName(name: unknown): ActivationName | undefined {
  if (typeof name !== 'string') return undefined;
  if ((ACTIVATION_NAMES as readonly string[]).includes(name)) return name as ActivationName;
  return Object.prototype.hasOwnProperty.call(NAME_ALIASES, name) ? NAME_ALIASES[name] : undefined;
}

export function isActivationName(name: unknown): boolean {
  return activationName(name) !== undefined;
}

/** Validate a name and options (defaults filled in); errors are OptionErrors naming the activation and the option. */
export function resolveActivation(name: unknown, options: unknown = {}): { name: ActivationName; options: Record<string, number> } {
  const n = activationName(name);
  if (!n) throw new OptionError('activation', 'fn', `must be one of ${ACTIVATION_NAMES.join(', ')} (or leaky_relu, log_softmax), got ${describeValue(name)}`, { value: name });
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new OptionError(n, 'options', `must be an object, got ${describeValue(options)}`, { value: options });
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options as Record<string, unknown>)) given[OPTION_ALIASES[k] ?? k] = v;
  return { name: n, options: resolveOptionValues<Record<string, number>>(n, ACTIVATION_INFO[n].options, given) };
}

/** The activation as a function of a Var (options validated once, here). */
export function activationFn(name: unknown, options?: unknown): (x: Var) => Var {
  const r = resolveActivation(name, options);
  const o = r.options;
  switch (r.name) {
    case 'sigmoid': return A.sigmoid;
    case 'tanh': return A.tanh;
    case 'relu': return A.relu;
    case 'leakyRelu': return (x) => A.leakyRelu(x, o.negativeSlope);
    case 'elu': return (x) => A.elu(x, o.alpha);
    case 'softplus': return (x) => A.softplus(x, o.beta, o.threshold);
    case 'gelu': return A.gelu;
    case 'silu': return A.silu;
    case 'softmax': return (x) => A.softmax(x, o.dim);
    case 'logSoftmax': return (x) => A.logSoftmax(x, o.dim);
    case 'identity': return (x) => x;
  }
}

const fmtOptions = (o: Record<string, number>): string => {
  const e = Object.entries(o);
  return e.length ? `(${e.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
};

/** An activation as a module (no parameters). */
export class Activation extends BaseModule {
  readonly name: ActivationName;
  readonly options: Readonly<Record<string, number>>;
  private readonly fn: (x: Var) => Var;

  constructor(name: ActivationName | string, options?: Record<string, number>) {
    super();
    const r = resolveActivation(name, options);
    this.name = r.name;
    this.options = Object.freeze(r.options);
    this.fn = activationFn(r.name, r.options);
  }
  forward(input: ModuleInput): Var {
    const x = asInput(input, this.toString());
    return this.fn(x);
  }
  override toString(): string {
    return `${this.name}${fmtOptions(this.options as Record<string, number>)}`;
  }
}

export class Sigmoid extends Activation { constructor() { super('sigmoid'); } }
export class Tanh extends Activation { constructor() { super('tanh'); } }
export class ReLU extends Activation { constructor() { super('relu'); } }
export class LeakyReLU extends Activation { constructor(negativeSlope = 0.01) { super('leakyRelu', { negativeSlope }); } }
export class ELU extends Activation { constructor(alpha = 1) { super('elu', { alpha }); } }
export class Softplus extends Activation { constructor(beta = 1, threshold = 20) { super('softplus', { beta, threshold }); } }
export class GELU extends Activation { constructor() { super('gelu'); } }
export class SiLU extends Activation { constructor() { super('silu'); } }
export class Softmax extends Activation { constructor(dim = -1) { super('softmax', { dim }); } }
export class LogSoftmax extends Activation { constructor(dim = -1) { super('logSoftmax', { dim }); } }
export class Identity extends Activation { constructor() { super('identity'); } }
