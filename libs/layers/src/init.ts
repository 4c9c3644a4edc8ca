import { OptionError, Tensor, Rng, allocate, describeValue, isDType, type DType } from '@descent/core-tensor';

/** Where an initializer draws from and what it allocates. */
export interface InitOptions {
  /** A generator to continue from (several tensors from one stream); otherwise a fresh Rng(seed). */
  rng?: Rng;
  /** Seed for a fresh generator when no rng is given (default 0). */
  seed?: number;
  dtype?: DType;
}

export type Nonlinearity = 'linear' | 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'selu';
const NONLINEARITIES: readonly Nonlinearity[] = ['linear', 'identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'leaky_relu', 'selu'];

/** A weight initializer by name, as JSON (model specs) or as an object. */
export type InitSpec =
  | 'default'
  | 'zeros'
  | 'ones'
  | 'xavierUniform'
  | 'xavierNormal'
  | 'kaimingUniform'
  | 'kaimingNormal'
  | { type: 'default' }
  | { type: 'zeros' }
  | { type: 'ones' }
  | { type: 'constant'; value: number }
  | { type: 'uniform'; low?: number; high?: number }
  | { type: 'normal'; mean?: number; std?: number }
  | { type: 'xavierUniform' | 'xavierNormal'; gain?: number }
  | { type: 'kaimingUniform' | 'kaimingNormal'; a?: number; mode?: 'fanIn' | 'fanOut'; nonlinearity?: Nonlinearity };

export const INIT_TYPES = ['default', 'zeros', 'ones', 'constant', 'uniform', 'normal', 'xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal'] as const;

// Errors are OptionErrors owned by the initializer (owner 'init' for a spec that is not one), option = the argument.
const fail = (owner: string, option: string | null, reason: string, value?: unknown): never => {
  throw new OptionError(owner, option, reason, { value });
};

const rngOf = (o: InitOptions): Rng => o.rng ?? new Rng(o.seed ?? 0);

function checkShape(name: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    fail(name, 'shape', `must be an array of non-negative integers, got ${describeValue(shape)}`, shape);
  }
}

function filled(name: string, shape: readonly number[], o: InitOptions, draw: () => number): Tensor {
  checkShape(name, shape);
  const dtype = o.dtype ?? 'float32';
  if (!isDType(dtype)) fail(name, 'dtype', `must be 'float32' or 'float64', got ${describeValue(dtype)}`, dtype);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = allocate(dtype, n, name, shape);
  for (let i = 0; i < n; i++) data[i] = draw();
  return new Tensor(data, shape);
}

function finite(name: string, what: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(name, what, `must be a finite number, got ${describeValue(v)}`, v);
  return v;
}

/**
 * fan_in and fan_out as PyTorch computes them: a weight [out, in, ...receptive] has fan_in = in·receptive and
 * fan_out = out·receptive. Tensors with fewer than 2 dimensions have no fans.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (!Array.isArray(shape) || shape.length < 2) fail('fans', 'shape', `needs at least 2 dimensions (a weight), got ${describeValue(shape)}`, shape);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/** torch.nn.init.calculate_gain: the std scale that keeps activations' variance for a nonlinearity. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'identity':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      finite('calculateGain', 'negativeSlope', slope);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      return fail('calculateGain', 'nonlinearity', `unknown nonlinearity ${describeValue(nonlinearity)} (expected ${NONLINEARITIES.join(', ')})`, nonlinearity);
  }
}

export function zeros(shape: readonly number[], o: InitOptions = {}): Tensor {
  return filled('zeros', shape, o, () => 0);
}

export function ones(shape: readonly number[], o: InitOptions = {}): Tensor {
  return filled('ones', shape, o, () => 1);
}

export function constant(shape: readonly number[], value: number, o: InitOptions = {}): Tensor {
  finite('constant', 'value', value);
  return filled('constant', shape, o, () => value);
}

/** U(low, high). */
export function uniform(shape: readonly number[], low = 0, high = 1, o: InitOptions = {}): Tensor {
  finite('uniform', 'low', low);
  finite('uniform', 'high', high);
  if (!(low <= high)) fail('uniform', 'low', `(${low}) must be <= high (${high})`, low);
  const r = rngOf(o);
  return filled('uniform', shape, o, () => r.uniform(low, high));
}

/** N(mean, std²). */
export function normal(shape: readonly number[], mean = 0, std = 1, o: InitOptions = {}): Tensor {
  finite('normal', 'mean', mean);
  if (!(finite('normal', 'std', std) >= 0)) fail('normal', 'std', `must be >= 0, got ${std}`, std);
  const r = rngOf(o);
  return filled('normal', shape, o, () => r.normal(mean, std));
}

/** Glorot uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)). */
export function xavierUniform(shape: readonly number[], gain = 1, o: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  // |gain|, as xavierNormal: the interval is symmetric, so a negative gain is the same init (PyTorch refuses it).
  const b = Math.abs(finite('xavierUniform', 'gain', gain)) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -b, b, o);
}

/** Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
export function xavierNormal(shape: readonly number[], gain = 1, o: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  return normal(shape, 0, Math.abs(finite('xavierNormal', 'gain', gain)) * Math.sqrt(2 / (fanIn + fanOut)), o);
}

export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (only used by nonlinearity leakyRelu; default 0). */
  a?: number;
  mode?: 'fanIn' | 'fanOut';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(name: string, shape: readonly number[], k: KaimingOptions): number {
  const { fanIn, fanOut } = fans(shape);
  const mode = k.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') fail(name, 'mode', `must be 'fanIn' or 'fanOut', got ${describeValue(mode)}`, mode);
  const gain = calculateGain(k.nonlinearity ?? 'leakyRelu', finite(name, 'a', k.a ?? 0));
  return gain / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/** He uniform: U(−b, b) with b = gain·√(3 / fan). Defaults follow torch.nn.init.kaiming_uniform_ (a = 0, fanIn, leaky_relu). */
export function kaimingUniform(shape: readonly number[], k: KaimingOptions = {}, o: InitOptions = {}): Tensor {
  const b = Math.sqrt(3) * kaimingStd('kaimingUniform', shape, k);
  return uniform(shape, -b, b, o);
}

/** He normal: N(0, std²) with std = gain / √fan. */
export function kaimingNormal(shape: readonly number[], k: KaimingOptions = {}, o: InitOptions = {}): Tensor {
  return normal(shape, 0, kaimingStd('kaimingNormal', shape, k), o);
}

/**
 * nn.Linear's default weight init, kaiming_uniform with a = √5: the gain √(2/6) makes the bound exactly
 * 1/√fan_in. The bias uses the same bound (see linearBiasBound).
 */
export function linearDefault(shape: readonly number[], o: InitOptions = {}): Tensor {
  return kaimingUniform(shape, { a: Math.sqrt(5) }, o);
}

/** nn.Linear's default bias bound 1/√fan_in (0 when fan_in is 0, as PyTorch). */
export function linearBiasBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}

const KEYS: Record<(typeof INIT_TYPES)[number], readonly string[]> = {
  default: [],
  zeros: [],
  ones: [],
  constant: ['value'],
  uniform: ['low', 'high'],
  normal: ['mean', 'std'],
  xavierUniform: ['gain'],
  xavierNormal: ['gain'],
  kaimingUniform: ['a', 'mode', 'nonlinearity'],
  kaimingNormal: ['a', 'mode', 'nonlinearity'],
};

/**
 * Check an InitSpec, its option values included (so a model spec is refused before anything is built), and
 * return it as an object. Errors are OptionErrors with owner 'init' whose reason names the initializer.
 */
export function resolveInit(spec: unknown): Exclude<InitSpec, string> {
  const obj = typeof spec === 'string' ? { type: spec } : spec;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    fail('init', null, `expected a name or an object with a "type", got ${describeValue(spec)}`, spec);
  }
  const type = (obj as { type?: unknown }).type;
  if (typeof type !== 'string' || !(INIT_TYPES as readonly string[]).includes(type)) {
    fail('init', null, `unknown initializer ${describeValue(type)} (expected one of ${INIT_TYPES.join(', ')})`, type);
  }
  const t = type as (typeof INIT_TYPES)[number];
  const allowed = KEYS[t];
  const o = obj as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'type' && !allowed.includes(k)) {
      fail('init', null, `${t}: unknown option "${k}"${allowed.length ? ` (expected ${allowed.join(', ')})` : ' (it takes no options)'}`, o[k]);
    }
  }
  const num = (k: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail('init', null, `${t}: ${k} must be a finite number, got ${describeValue(v)}`, v);
    return v as number;
  };
  if (t === 'constant') num('value', o.value);
  if (t === 'uniform') {
    const low = o.low === undefined ? 0 : num('low', o.low), high = o.high === undefined ? 1 : num('high', o.high);
    if (!(low <= high)) fail('init', null, `uniform: low (${low}) must be <= high (${high})`, o.low);
  }
  if (t === 'normal') {
    if (o.mean !== undefined) num('mean', o.mean);
    if (o.std !== undefined && num('std', o.std) < 0) fail('init', null, `normal: std must be >= 0, got ${o.std}`, o.std);
  }
  if ((t === 'xavierUniform' || t === 'xavierNormal') && o.gain !== undefined) num('gain', o.gain);
  if (t === 'kaimingUniform' || t === 'kaimingNormal') {
    if (o.a !== undefined) num('a', o.a);
    if (o.mode !== undefined && o.mode !== 'fanIn' && o.mode !== 'fanOut') fail('init', null, `${t}: mode must be 'fanIn' or 'fanOut', got ${describeValue(o.mode)}`, o.mode);
    if (o.nonlinearity !== undefined && !(NONLINEARITIES as readonly unknown[]).includes(o.nonlinearity)) {
      fail('init', null, `${t}: unknown nonlinearity ${describeValue(o.nonlinearity)} (expected ${NONLINEARITIES.join(', ')})`, o.nonlinearity);
    }
  }
  return obj as Exclude<InitSpec, string>;
}

/** Make a weight tensor of the given shape from an InitSpec ('default' is nn.Linear's init). */
export function initTensor(spec: InitSpec, shape: readonly number[], o: InitOptions = {}): Tensor {
  const s = resolveInit(spec);
  switch (s.type) {
    case 'default':
      return linearDefault(shape, o);
    case 'zeros':
      return zeros(shape, o);
    case 'ones':
      return ones(shape, o);
    case 'constant':
      return constant(shape, s.value, o);
    case 'uniform':
      return uniform(shape, s.low ?? 0, s.high ?? 1, o);
    case 'normal':
      return normal(shape, s.mean ?? 0, s.std ?? 1, o);
    case 'xavierUniform':
      return xavierUniform(shape, s.gain ?? 1, o);
    case 'xavierNormal':
      return xavierNormal(shape, s.gain ?? 1, o);
    case 'kaimingUniform':
      return kaimingUniform(shape, s, o);
    case 'kaimingNormal':
      return kaimingNormal(shape, s, o);
  }
}
