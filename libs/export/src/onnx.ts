import { OptionError, describeValue, type DType } from '@descent/core-tensor';
import { Activation, Dropout, Linear, Sequential, buildModel, isModule, type ActivationName, type Module, type ModelSpec } from '@descent/layers';
import { prepareRun, type RunRecord, type RunSpec } from '@descent/train';
import onnxProto from 'onnx-proto';
import { isRunRecord, type ExportContext } from './input.js';
import { EXPORT_VERSION } from './version.js';

// toOnnx: the network as an ONNX model for inference (opset 13, which every onnxruntime since 1.7 runs). Each
// dense layer is one Gemm (y = x·Wᵀ + b, the weight kept in PyTorch's [out, in] layout with transB = 1), each
// activation its ONNX operator or a few of them, dropout is left out (inference), and the output may end in a
// softmax or a sigmoid. The protobuf encoding is the official ONNX schema's, through protobufjs (onnx-proto).

const { onnx } = onnxProto;
type Attribute = onnxProto.onnx.IAttributeProto;

/** What the model outputs: its raw values, or probabilities through a final softmax (several classes) or sigmoid. */
export type OnnxOutput = 'logits' | 'softmax' | 'sigmoid';

export interface OnnxOptions extends ExportContext {
  output?: OnnxOutput;
  /** Element type of the weights and of the input and output (default float32). See the README for float64. */
  dtype?: DType;
  /** Name of the graph (default: the record's name, or 'descent-model'). */
  name?: string;
}

/** ONNX's opset and IR version for it: opset 13 goes with IR version 7. */
export const ONNX_OPSET = 13;
const IR_VERSION = 7;
const OWNER = 'toOnnx';

/**
 * Activations onnxruntime (1.30, CPU) cannot run in float64, refused in a float64 export: it has no double kernel
 * for LeakyRelu, Elu, Softplus and Erf (gelu), and it fuses silu's x·Sigmoid(x) into its float-only QuickGelu.
 */
const NO_FLOAT64: readonly ActivationName[] = ['leakyRelu', 'elu', 'softplus', 'gelu', 'silu'];

/** One dense layer or activation, as the graph needs it. */
type Step =
  | { type: 'dense'; layer: number; inFeatures: number; outFeatures: number; weight: ArrayLike<number>; bias: ArrayLike<number> | null }
  | { type: 'activation'; layer: number; fn: ActivationName; options: Readonly<Record<string, number>> };

/** The dense layers and activations of a module, in forward order (dropout is skipped: it is off at inference). */
function stepsOf(model: Module): { steps: Step[]; inputs: number; outputs: number } {
  const list = model instanceof Sequential ? model.modules : [model];
  const steps: Step[] = [];
  let width: number | null = null;
  let inputs: number | null = null;
  list.forEach((m, layer) => {
    if (m instanceof Linear) {
      if (inputs === null) inputs = m.inFeatures;
      const finite = (t: ArrayLike<number>): boolean => Array.prototype.every.call(t, Number.isFinite);
      if (!finite(m.weight.value.data) || (m.bias && !finite(m.bias.value.data))) {
        throw new OptionError(OWNER, 'model', `layer ${layer} has non-finite weights (the run diverged): there is no model to export`, { path: ['model', 'layers', layer] });
      }
      steps.push({ type: 'dense', layer, inFeatures: m.inFeatures, outFeatures: m.outFeatures, weight: m.weight.value.data, bias: m.bias ? m.bias.value.data : null });
      width = m.outFeatures;
    } else if (m instanceof Activation) steps.push({ type: 'activation', layer, fn: m.name, options: m.options });
    else if (!(m instanceof Dropout)) {
      throw new OptionError(OWNER, 'model', `layer ${layer} (${String(m)}) cannot be exported: only dense layers, activations and dropout can`, { path: ['model', 'layers', layer] });
    }
  });
  if (inputs === null || width === null) throw new OptionError(OWNER, 'model', 'has no dense layer: its input width is unknown', { path: ['model'] });
  return { steps, inputs, outputs: width };
}

/** Builds the graph: nodes, initializers (weights and constants) and fresh value names. */
class Graph {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private count = 0;
  constructor(private readonly elemType: number, private readonly dtype: DType) {}

  fresh(hint: string): string {
    return `${hint}_${this.count++}`;
  }

  /** A tensor of weights or a constant, stored little-endian in raw_data (what onnx's own tools write). */
  tensor(name: string, dims: number[], values: ArrayLike<number>): string {
    const size = this.dtype === 'float64' ? 8 : 4;
    const raw = new Uint8Array(values.length * size);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) {
      if (size === 8) view.setFloat64(i * 8, values[i], true);
      else view.setFloat32(i * 4, values[i], true);
    }
    this.initializers.push({ name, dataType: this.elemType, dims, rawData: raw });
    return name;
  }

  scalar(hint: string, v: number): string {
    return this.tensor(this.fresh(hint), [], [v]);
  }

  node(opType: string, inputs: string[], hint: string, attribute: Attribute[] = []): string {
    const out = this.fresh(hint);
    this.nodes.push({ opType, input: inputs, output: [out], name: out, attribute });
    return out;
  }
}

const floatAttr = (name: string, f: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f });
const intAttr = (name: string, i: number): Attribute => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });

/** An activation as ONNX nodes; returns the output name. */
function activation(g: Graph, x: string, fn: ActivationName, o: Readonly<Record<string, number>>, at: string): string {
  switch (fn) {
    case 'sigmoid':
      return g.node('Sigmoid', [x], `${at}_sigmoid`);
    case 'tanh':
      return g.node('Tanh', [x], `${at}_tanh`);
    case 'relu':
      return g.node('Relu', [x], `${at}_relu`);
    case 'leakyRelu':
      return g.node('LeakyRelu', [x], `${at}_leaky_relu`, [floatAttr('alpha', o.negativeSlope)]);
    case 'elu':
      return g.node('Elu', [x], `${at}_elu`, [floatAttr('alpha', o.alpha)]);
    case 'softplus': {
      // ONNX Softplus is log(1 + e^x), with no beta and no threshold. PyTorch's (and Descent's) is
      // x where beta·x > threshold, else log(1 + e^(beta·x)) / beta: built from Mul, Softplus, Div, Greater, Where.
      const bx = o.beta === 1 ? x : g.node('Mul', [x, g.scalar(`${at}_beta`, o.beta)], `${at}_beta_x`);
      const soft = g.node('Softplus', [bx], `${at}_softplus`);
      const scaled = o.beta === 1 ? soft : g.node('Div', [soft, g.scalar(`${at}_beta`, o.beta)], `${at}_softplus_over_beta`);
      const linear = g.node('Greater', [bx, g.scalar(`${at}_threshold`, o.threshold)], `${at}_above_threshold`);
      return g.node('Where', [linear, x, scaled], `${at}_softplus_thresholded`);
    }
    case 'gelu': {
      // Gelu is an operator only from opset 20: the exact form 0.5·x·(1 + erf(x/√2)), as PyTorch and Descent compute it.
      const erf = g.node('Erf', [g.node('Div', [x, g.scalar(`${at}_sqrt2`, Math.SQRT2)], `${at}_x_over_sqrt2`)], `${at}_erf`);
      const onePlus = g.node('Add', [erf, g.scalar(`${at}_one`, 1)], `${at}_one_plus_erf`);
      return g.node('Mul', [g.node('Mul', [x, onePlus], `${at}_x_times`), g.scalar(`${at}_half`, 0.5)], `${at}_gelu`);
    }
    case 'silu':
      // SiLU is not an ONNX operator: x · sigmoid(x).
      return g.node('Mul', [x, g.node('Sigmoid', [x], `${at}_sigmoid`)], `${at}_silu`);
    case 'softmax':
      return g.node('Softmax', [x], `${at}_softmax`, [intAttr('axis', o.dim)]);
    case 'logSoftmax':
      return g.node('LogSoftmax', [x], `${at}_log_softmax`, [intAttr('axis', o.dim)]);
    case 'identity':
      return g.node('Identity', [x], `${at}_identity`);
  }
}

/** The model of a record: its layers with the final parameters in place of the initial ones. */
function recordModel(r: RunRecord): Module {
  const params = r.parameters;
  if (!params) throw new OptionError(OWNER, 'parameters', 'the run record has no final parameters (it was made with recordParameters: false): pass the trained model instead', { path: ['parameters'] });
  const layers = r.config.model.layers.map((l, i) => {
    if (l.type !== 'dense') return l;
    const p = params.find((q) => q.layer === i);
    if (!p) throw new OptionError(OWNER, 'parameters', `has no weights for layer ${i}`, { path: ['parameters'] });
    const bad = p.weight.some((row) => row.some((v) => v === null)) || (p.bias?.some((v) => v === null) ?? false);
    if (bad) throw new OptionError(OWNER, 'parameters', `layer ${i} has non-finite weights (the run diverged): there is no model to export`, { path: ['parameters'] });
    const { init: _init, biasInit: _biasInit, units: _units, ...rest } = l as Record<string, unknown>;
    return { ...rest, type: 'dense', out: p.weight.length, weight: p.weight as number[][], bias: p.bias ? (p.bias as number[]) : undefined };
  });
  const spec = { ...(r.config.model.input ? { input: r.config.model.input } : {}), layers } as ModelSpec;
  return buildModel(spec, { dtype: r.config.dtype });
}

/** The model a spec trains, with its initial weights (drawn from the run's seed, as the run starts). */
function specModel(spec: RunSpec, ctx: ExportContext): Module {
  const p = prepareRun(spec, ctx);
  return buildModel(p.model, { seed: spec.seed ?? 0, dtype: spec.dtype ?? 'float32' });
}

/**
 * An ONNX model (opset 13) of a network: a built Module (e.g. `run.model` after training), a run record (its
 * final parameters), or a run spec (its initial weights). Input `input` [batch, features], output `output`
 * [batch, outputs], optionally through a softmax or sigmoid. Returns the .onnx file's bytes.
 */
export function toOnnx(model: Module | RunRecord | RunSpec, options: OnnxOptions = {}): Uint8Array {
  const { output = 'logits', dtype = 'float32', name, ...ctx } = options;
  if (!['logits', 'softmax', 'sigmoid'].includes(output)) throw new OptionError(OWNER, 'output', `must be 'logits', 'softmax' or 'sigmoid', got ${describeValue(output)}`, { value: output });
  if (dtype !== 'float32' && dtype !== 'float64') throw new OptionError(OWNER, 'dtype', `must be 'float32' or 'float64', got ${describeValue(dtype)}`, { value: dtype });
  let module: Module;
  let graphName = name;
  if (isModule(model)) module = model;
  else if (isRunRecord(model)) {
    module = recordModel(model);
    graphName ??= model.name;
  } else if (model && typeof model === 'object' && 'model' in model && 'data' in model) {
    module = specModel(model as RunSpec, ctx);
    graphName ??= (model as RunSpec).name;
  } else throw new OptionError(OWNER, 'model', `must be a Module, a run record or a run spec, got ${describeValue(model)}`, { value: model });

  const { steps, inputs, outputs } = stepsOf(module);
  if (output === 'softmax' && outputs === 1) throw new OptionError(OWNER, 'output', "is 'softmax', but the model has one output (a softmax of one value is always 1): use 'sigmoid' for a one-output binary model", { value: output });
  if (dtype === 'float64') {
    const no = steps.find((s) => s.type === 'activation' && NO_FLOAT64.includes(s.fn));
    if (no) throw new OptionError(OWNER, 'dtype', `is 'float64', but onnxruntime cannot run ${no.type === 'activation' ? no.fn : ''} (layer ${no.layer}) in float64 (no double kernel): export float32`, { value: dtype });
  }

  const elemType = dtype === 'float64' ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT;
  const g = new Graph(elemType, dtype);
  let x = 'input';
  for (const s of steps) {
    if (s.type === 'dense') {
      const w = g.tensor(`layer${s.layer}.weight`, [s.outFeatures, s.inFeatures], s.weight);
      const ins = s.bias ? [x, w, g.tensor(`layer${s.layer}.bias`, [s.outFeatures], s.bias)] : [x, w];
      x = g.node('Gemm', ins, `layer${s.layer}_dense`, [intAttr('transB', 1)]);
    } else x = activation(g, x, s.fn, s.options, `layer${s.layer}`);
  }
  if (output === 'softmax') x = g.node('Softmax', [x], 'output_softmax', [intAttr('axis', -1)]);
  if (output === 'sigmoid') x = g.node('Sigmoid', [x], 'output_sigmoid');
  // The last node writes the graph's output directly.
  const last = g.nodes[g.nodes.length - 1];
  if (last?.output?.[0] !== x) throw new Error(`${OWNER}: internal error: the graph does not end in its output`);
  last.output = ['output'];

  const value = (n: string, width: number): onnxProto.onnx.IValueInfoProto => ({
    name: n,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  const layers = steps.map((s) => (s.type === 'dense' ? `Dense(${s.inFeatures} → ${s.outFeatures})` : s.fn)).join(', ');
  const m = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: '@descent/export',
    producerVersion: EXPORT_VERSION,
    docString: `Descent model: ${layers}; output ${output}.`,
    metadataProps: [
      { key: 'descent.output', value: output },
      { key: 'descent.layers', value: layers },
    ],
    graph: {
      name: graphName ?? 'descent-model',
      node: g.nodes,
      initializer: g.initializers,
      input: [value('input', inputs)],
      output: [value('output', outputs)],
    },
  });
  return onnx.ModelProto.encode(m).finish();
}
