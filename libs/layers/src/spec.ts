import { MAX_TENSOR_BYTES, OptionError, Rng, bytesPerElement, checkOption, describeValue, formatBytes, fromArray, type DType, type PathKey } from '@descent/core-tensor';
import { type ActivationName, Activation, resolveActivation } from './activations.js';
import { Dropout } from './dropout.js';
import { type InitSpec, resolveInit } from './init.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';
import { LAYER_INFO } from './layer-info.js';

/**
 * A dense layer. Give its width as `units` (or `out`, the fixtures' name). The fixture format also gives
 * `in` and explicit `weight` [out][in] and `bias` [out], which replace the random init.
 */
export interface DenseLayerSpec {
  type: 'dense';
  units?: number;
  out?: number;
  in?: number;
  weight?: readonly (readonly number[])[];
  bias?: readonly number[];
  /** false: no bias term (default true). */
  useBias?: boolean;
  init?: InitSpec;
  biasInit?: InitSpec;
}
/** An element-wise activation (softmax/logSoftmax: over each row); `fn` may be camelCase or snake_case. */
export interface ActivationLayerSpec {
  type: 'activation';
  fn: ActivationName | 'leaky_relu' | 'log_softmax' | 'linear' | 'none';
  options?: Readonly<Record<string, number>>;
}
export interface DropoutLayerSpec {
  type: 'dropout';
  /** Drop probability (`rate` is accepted as an alias). */
  p?: number;
  rate?: number;
}
export type LayerSpec = DenseLayerSpec | ActivationLayerSpec | DropoutLayerSpec;

export interface ModelSpec {
  /** Number of input features; may be omitted when the first layer is dense with `in` or `weight`. */
  input?: number;
  /** Readonly, so `as const` specs are accepted. */
  layers: readonly LayerSpec[];
}

export interface BuildOptions {
  dtype?: DType;
  /** One generator for every layer's init, in order (default: new Rng(seed ?? 0)). */
  rng?: Rng;
  seed?: number;
}

/** A validated layer: what buildModel makes and describeModel reports. */
export type LayerPlan =
  | { type: 'dense'; in: number; out: number; useBias: boolean; weight?: number[][]; bias?: number[]; init?: InitSpec; biasInit?: InitSpec }
  | { type: 'activation'; in: number; out: number; fn: ActivationName; options: Record<string, number> }
  | { type: 'dropout'; in: number; out: number; p: number };

/**
 * Most parameters a model spec may have (2^30 = 1,073,741,824: 4.3 GB as float32). planModel counts them before
 * anything is allocated and refuses more, naming the largest layer; buildModel also keeps each weight within
 * core-tensor's MAX_TENSOR_BYTES for the dtype it builds in.
 */
export const MAX_PARAMETERS = 2 ** 30;

/** Parameters of one planned layer (weight and bias of a dense layer; 0 for the others). */
export const planParameters = (p: LayerPlan): number => (p.type === 'dense' ? p.in * p.out + (p.useBias ? p.out : 0) : 0);

export const LAYER_TYPES = ['dense', 'activation', 'dropout'] as const;
const COMMON_KEYS = ['type', 'id', 'name'];
const KEYS: Record<(typeof LAYER_TYPES)[number], string[]> = {
  dense: ['units', 'out', 'in', 'weight', 'bias', 'useBias', 'init', 'biasInit'],
  activation: ['fn', 'options'],
  dropout: ['p', 'rate'],
};

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const show = (v: unknown): string => describeValue(v);

type Err = (option: string | null, reason: string, value?: unknown) => never;

function planDense(l: Record<string, unknown>, width: number | undefined, err: Err): LayerPlan {
  if (l.units !== undefined && l.out !== undefined && l.units !== l.out) err('units', `(${show(l.units)}) and out (${show(l.out)}) disagree`, l.units);
  let out = l.units ?? l.out;
  const w = l.weight;
  if (w !== undefined) {
    if (!Array.isArray(w) || w.length === 0 || !w.every((r) => Array.isArray(r))) err('weight', 'must be a non-empty array of rows [out][in]', w);
    const rows = w as unknown[][];
    if (out === undefined) out = rows.length;
    if (rows.length !== out) err('weight', `has ${rows.length} rows but the layer has ${show(out)} units`);
    const cols = rows[0].length;
    rows.forEach((r, i) => {
      if (r.length !== cols) err('weight', `row ${i} has ${r.length} values, expected ${cols}`);
      r.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) err('weight', `[${i}][${j}] is not a finite number (${show(v)})`, v);
      });
    });
    if (l.in !== undefined && l.in !== cols) err('in', `is ${show(l.in)} but weight has ${cols} columns`, l.in);
  }
  if (out === undefined) err('units', 'is required: the number of neurons');
  checkUnits(out, err);
  const declaredIn = l.in ?? (Array.isArray(w) ? (w[0] as unknown[]).length : undefined);
  if (declaredIn !== undefined && !isPosInt(declaredIn)) err('in', `must be a positive integer, got ${show(declaredIn)}`, declaredIn);
  if (width !== undefined && declaredIn !== undefined && declaredIn !== width) err('in', `is ${declaredIn} but the previous layer outputs ${width} features`, declaredIn);
  const inW = width ?? declaredIn;
  if (inW === undefined) err(null, 'the number of input features is unknown: set the spec\'s "input" or this layer\'s "in"');
  if (l.useBias !== undefined && typeof l.useBias !== 'boolean') err('useBias', `must be true or false, got ${show(l.useBias)}`, l.useBias);
  const useBias = l.useBias !== false;
  const b = l.bias;
  if (b !== undefined) {
    if (!useBias) err('bias', 'values are given but useBias is false');
    if (!Array.isArray(b)) err('bias', `must be an array of ${out} numbers, got ${show(b)}`, b);
    if (b.length !== out) err('bias', `has ${b.length} values but the layer has ${out} units`);
    b.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) err('bias', `[${j}] is not a finite number (${show(v)})`, v);
    });
  }
  const init = l.init === undefined ? undefined : tryInit(l.init, 'init', err);
  const biasInit = l.biasInit === undefined ? undefined : tryInit(l.biasInit, 'biasInit', err);
  return { type: 'dense', in: inW as number, out, useBias, weight: w as number[][] | undefined, bias: b as number[] | undefined, init, biasInit };
}

function tryInit(s: unknown, key: string, err: Err): InitSpec {
  try {
    return resolveInit(s);
  } catch (e) {
    return err(key, (e as Error).message.replace(/^init:?\s*/, ''), s);
  }
}

function checkUnits(v: unknown, err: Err): asserts v is number {
  try {
    checkOption('dense', LAYER_INFO.dense.options[0], v);
  } catch (e) {
    err('units', (e as OptionError).reason, v);
  }
}

/** Validate a spec into one plan per layer; the error names the layer index, its type and the problem. */
export function planModel(spec: unknown): { input: number; plans: LayerPlan[] } {
  if (Array.isArray(spec)) spec = { layers: spec };
  const top = (option: string | null, reason: string, value?: unknown): never => {
    throw new OptionError('model', option, reason, { value, path: option === null ? [] : [option] });
  };
  if (!spec || typeof spec !== 'object') top(null, `expected an object { input, layers }, got ${show(spec)}`, spec);
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) if (k !== 'input' && k !== 'layers') top(k, 'is not a field of a model spec (expected input, layers)', s[k]);
  if (!Array.isArray(s.layers) || s.layers.length === 0) top('layers', `must be a non-empty array, got ${show(s.layers)}`, s.layers);
  if (s.input !== undefined && !isPosInt(s.input)) top('input', `must be a positive integer (the number of features), got ${show(s.input)}`, s.input);
  let width = s.input as number | undefined;
  const plans: LayerPlan[] = [];
  (s.layers as unknown[]).forEach((raw, i) => {
    const type = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
    const owner = `layer ${i}${typeof type === 'string' ? ` (${type})` : ''}`;
    const err: Err = (option, reason, value) => {
      const path: PathKey[] = ['layers', i, ...(option === null ? [] : [option])];
      throw new OptionError(owner, option, reason, { value, path });
    };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) err(null, `expected an object with a "type", got ${show(raw)}`, raw);
    if (typeof type !== 'string' || !(LAYER_TYPES as readonly string[]).includes(type)) err('type', `must be one of ${LAYER_TYPES.join(', ')}, got ${show(type)}`, type);
    const t = type as (typeof LAYER_TYPES)[number];
    const l = raw as Record<string, unknown>;
    for (const k of Object.keys(l)) {
      if (!COMMON_KEYS.includes(k) && !KEYS[t].includes(k)) err(k, `is not a field of a ${t} layer (expected ${KEYS[t].join(', ')})`, l[k]);
    }
    if (t !== 'dense' && width === undefined) err(null, `the number of input features is unknown: set the spec's "input"`);
    let plan: LayerPlan;
    if (t === 'dense') {
      plan = planDense(l, width, err);
    } else if (t === 'activation') {
      let r: ReturnType<typeof resolveActivation>;
      try {
        r = resolveActivation(l.fn, l.options);
      } catch (e) {
        const o = e as OptionError;
        // An error about one option names it ("options beta: …"); one about the options object as a whole does not.
        const whole = o.option === null || o.option === 'options';
        return err(o.option === 'fn' ? 'fn' : 'options', o.option === 'fn' || whole ? o.reason : `${o.option}: ${o.reason}`, o.value);
      }
      plan = { type: 'activation', in: width!, out: width!, fn: r.name, options: r.options };
    } else {
      if (l.p !== undefined && l.rate !== undefined) err('p', 'give either p or rate, not both');
      const p = l.p ?? l.rate ?? 0.5;
      try {
        checkOption('dropout', LAYER_INFO.dropout.options[0], p);
      } catch (e) {
        err(l.p === undefined && l.rate !== undefined ? 'rate' : 'p', (e as OptionError).reason, p);
      }
      plan = { type: 'dropout', in: width!, out: width!, p: p as number };
    }
    width = plan.out;
    plans.push(plan);
  });
  checkModelSize(s.layers as unknown[], plans);
  return { input: plans[0].in, plans };
}

const layerOwner = (layers: readonly unknown[], i: number): string => `layer ${i} (${(layers[i] as { type: string }).type})`;

/** Count the parameters before anything is allocated: beyond MAX_PARAMETERS, name the largest layer. */
function checkModelSize(layers: readonly unknown[], plans: readonly LayerPlan[]): void {
  let total = 0, largest = 0;
  plans.forEach((p, i) => {
    total += planParameters(p);
    if (planParameters(p) > planParameters(plans[largest])) largest = i;
  });
  if (total <= MAX_PARAMETERS) return;
  const p = plans[largest] as Extract<LayerPlan, { type: 'dense' }>;
  throw new OptionError(
    layerOwner(layers, largest),
    'units',
    `makes the model too large: ${total} parameters (this layer has ${planParameters(p)}: ${p.in} inputs × ${p.out} units${p.useBias ? ' + bias' : ''}) ` +
      `would need ${formatBytes(total * 4)} as float32, above the limit of ${MAX_PARAMETERS} parameters (MAX_PARAMETERS)`,
    { value: p.out, path: ['layers', largest, 'units'] },
  );
}

/** Each weight must fit core-tensor's per-tensor limit in the dtype the model is built in. */
function checkWeightBytes(layers: readonly unknown[], plans: readonly LayerPlan[], dtype: DType): void {
  plans.forEach((p, i) => {
    if (p.type !== 'dense') return;
    const bytes = p.in * p.out * bytesPerElement(dtype);
    if (bytes > MAX_TENSOR_BYTES) {
      throw new OptionError(
        layerOwner(layers, i),
        'units',
        `gives a weight [${p.out}, ${p.in}] of ${formatBytes(bytes)} as ${dtype}, above the limit of ${formatBytes(MAX_TENSOR_BYTES)} per tensor (MAX_TENSOR_BYTES)`,
        { value: p.out, path: ['layers', i, 'units'] },
      );
    }
  });
}

/**
 * Build a Sequential from a JSON model spec (see ModelSpec; an array of layers is accepted too).
 * Layer i of the spec is module i, so parameters are named "i.weight" / "i.bias".
 */
export function buildModel(spec: ModelSpec | readonly LayerSpec[], o: BuildOptions = {}): Sequential {
  const { plans } = planModel(spec);
  const dtype = o.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new OptionError('buildModel', 'dtype', `must be 'float32' or 'float64', got ${describeValue(dtype)}`, { value: dtype });
  checkWeightBytes((Array.isArray(spec) ? spec : (spec as ModelSpec).layers) as unknown[], plans, dtype);
  const rng = o.rng ?? new Rng(o.seed ?? 0);
  const modules: Module[] = plans.map((p) => {
    switch (p.type) {
      case 'dense':
        return new Linear(p.in, p.out, {
          dtype,
          rng,
          bias: p.useBias,
          init: p.init,
          biasInit: p.biasInit,
          weight: p.weight ? fromArray(p.weight.flat(), [p.out, p.in], dtype) : undefined,
          biasValue: p.bias ? fromArray(p.bias, [p.out], dtype) : undefined,
        });
      case 'activation':
        return new Activation(p.fn, p.options);
      case 'dropout':
        // Its own stream, seeded from the model's: masks never shift later layers' init.
        return new Dropout(p.p, { rng: new Rng(rng.nextU32()) });
    }
  });
  return new Sequential(...modules);
}

export interface LayerDescription {
  index: number;
  type: 'dense' | 'activation' | 'dropout';
  /** e.g. "Dense(2 → 8)", "tanh", "leakyRelu(negativeSlope=0.1)", "Dropout(p=0.1)". */
  label: string;
  /** Output shape with the batch dimension as null. */
  outputShape: [null, number];
  params: number;
}
export interface ModelDescription {
  input: number;
  output: number;
  layers: LayerDescription[];
  totalParams: number;
}

/** Per-layer output shapes and parameter counts for a spec, without building it (validates like buildModel). */
export function describeModel(spec: ModelSpec | readonly LayerSpec[]): ModelDescription {
  const { input, plans } = planModel(spec);
  const layers = plans.map((p, index): LayerDescription => {
    let label: string;
    const params = planParameters(p);
    if (p.type === 'dense') {
      label = `Dense(${p.in} → ${p.out}${p.useBias ? '' : ', no bias'})`;
    } else if (p.type === 'activation') {
      const opts = Object.entries(p.options);
      label = opts.length ? `${p.fn}(${opts.map(([k, v]) => `${k}=${v}`).join(', ')})` : p.fn;
    } else {
      label = `Dropout(p=${p.p})`;
    }
    return { index, type: p.type, label, outputShape: [null, p.out], params };
  });
  return { input, output: plans[plans.length - 1].out, layers, totalParams: layers.reduce((n, l) => n + l.params, 0) };
}
