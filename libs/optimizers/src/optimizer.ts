import { OptionError, ShapeError, Tensor, TensorError, type DType, type TypedArray } from '@descent/core-tensor';
import { BUILDERS } from './builders.js';
import {
  type OptimizerName,
  type OptimizerOptionsMap,
  type OptionValue,
  describeValue,
  isOptimizerName,
  optimizerInfo,
  resolveOptions,
  validateOption,
} from './options.js';
import { type OptimizerStateDict, restoreState, serializeState } from './state-dict.js';
import { type GradientTransformation, type TransformState } from './transform.js';
import { chain } from './transforms/chain.js';
import { type ClipOptions, clipByGlobalNorm, clipByValue } from './transforms/clip.js';

/** What a learning-rate scheduler needs from an optimizer (structural; @descent/schedulers uses the same shape). */
export interface ScheduleTarget {
  lr: number;
  momentum?: number;
  /** What `momentum` maps to: SGD/RMSprop 'momentum', the Adam family's 'beta1', or null (none). */
  momentumKind?: 'momentum' | 'beta1' | null;
}

/** Gradient clipping applied to the gradients before the optimizer rule (off when undefined). */
export interface OptimizerExtras {
  /** Clip the global L2 norm of all gradients to this value (PyTorch clip_grad_norm_). */
  clipNorm?: number;
  /** Clamp every gradient element to [-clipValue, clipValue] (applied before clipNorm). */
  clipValue?: number;
}

const MOMENTUM_KEY: Record<OptimizerName, 'momentum' | 'beta1' | null> = {
  sgd: 'momentum',
  rmsprop: 'momentum',
  adam: 'beta1',
  adamw: 'beta1',
  nadam: 'beta1',
  radam: 'beta1',
  adamax: 'beta1',
  adagrad: null,
  adadelta: null,
};

/** What a scheduler's `momentum` maps to for this optimizer: 'momentum' (SGD, RMSprop), 'beta1' (Adam family) or null. */
export function momentumKindOf(name: OptimizerName): 'momentum' | 'beta1' | null {
  optimizerInfo(name);
  return MOMENTUM_KEY[name];
}

function checkClip(owner: string, name: string, v: number | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !(v > 0) || v === Infinity) throw new OptionError(owner, name, `must be a positive number or undefined, got ${describeValue(v)}`, { value: v });
  return v;
}

/**
 * A PyTorch-style optimizer built from a chain of gradient transformations. `step(params, grads)` updates
 * `params[i].data` in place; all buffers are allocated on the first step (no allocation afterwards).
 *
 * Hyperparameters: read them from `opt.options`, change them with `opt.setOption(name, value)` (validated),
 * or through the scheduler interface `opt.lr` / `opt.momentum` (SGD and RMSprop: `momentum`; the Adam family:
 * `betas[0]`, i.e. beta1; Adagrad and Adadelta have none: `momentum` reads undefined and setting it throws).
 */
export class Optimizer<N extends OptimizerName = OptimizerName> implements ScheduleTarget {
  readonly name: N;
  readonly transform: GradientTransformation;
  /** Live options: the transformations read this very object at every step. */
  private readonly o: OptimizerOptionsMap[N];
  private readonly clipOpts: ClipOptions;
  private state: TransformState | null = null;
  private sizes: number[] | null = null;
  private dtypes: DType[] | null = null;
  private updates: Tensor[] | null = null;
  private steps = 0;

  constructor(name: N, options: Partial<OptimizerOptionsMap[N]> = {}, extras: OptimizerExtras = {}) {
    optimizerInfo(name); // throws an OptionError naming the valid optimizers
    this.name = name;
    this.o = resolveOptions(name, options);
    this.clipOpts = { value: checkClip(name, 'clipValue', extras.clipValue), maxNorm: checkClip(name, 'clipNorm', extras.clipNorm) };
    const build = BUILDERS[name] as (o: OptimizerOptionsMap[N]) => GradientTransformation[];
    this.transform = chain(clipByValue(this.clipOpts), clipByGlobalNorm(this.clipOpts), ...build(this.o));
  }

  /** Rebuild an optimizer saved with stateDict(). */
  static fromStateDict(sd: OptimizerStateDict): Optimizer {
    if (sd === null || typeof sd !== 'object' || !isOptimizerName(sd.optimizer)) {
      throw new OptionError('fromStateDict', null, `not an optimizer state dict (optimizer ${describeValue((sd as { optimizer?: unknown })?.optimizer)})`);
    }
    const opt = new Optimizer(sd.optimizer, sd.options as never);
    opt.loadStateDict(sd);
    return opt;
  }

  private get rec(): Record<string, OptionValue> {
    return this.o as unknown as Record<string, OptionValue>;
  }

  /** The current hyperparameters (read-only view; use setOption, lr or momentum to change them). */
  get options(): Readonly<OptimizerOptionsMap[N]> {
    return this.o;
  }

  /** Change one hyperparameter between steps; validated like the constructor's options. */
  setOption<K extends keyof OptimizerOptionsMap[N] & string>(key: K, value: OptimizerOptionsMap[N][K]): void {
    const v = validateOption(this.name, key, value);
    const meta = optimizerInfo(this.name).options.find((m) => m.name === key);
    const cur = this.rec[key];
    if (meta?.fixed && v !== cur) throw new OptionError(this.name, key, 'is fixed at construction (it decides the state buffers); create a new optimizer', { value });
    if (this.name === 'sgd' && key === 'nesterov' && v === true) resolveOptions('sgd', { ...(this.o as object), nesterov: true });
    this.rec[key] = v;
  }

  get lr(): number {
    return this.o.lr;
  }

  set lr(v: number) {
    this.o.lr = validateOption(this.name, 'lr', v) as number;
  }

  get momentumKind(): 'momentum' | 'beta1' | null {
    return MOMENTUM_KEY[this.name];
  }

  /** Whether `momentum` is supported (SGD, RMSprop: momentum; Adam family: beta1). */
  get hasMomentum(): boolean {
    return MOMENTUM_KEY[this.name] !== null;
  }

  /** SGD/RMSprop `momentum`, Adam-family `betas[0]`; undefined for Adagrad and Adadelta. */
  get momentum(): number | undefined {
    const k = MOMENTUM_KEY[this.name];
    if (k === 'momentum') return (this.o as { momentum: number }).momentum;
    if (k === 'beta1') return (this.o as { betas: [number, number] }).betas[0];
    return undefined;
  }

  set momentum(v: number | undefined) {
    const k = MOMENTUM_KEY[this.name];
    if (k === null) throw new OptionError(this.name, 'momentum', `cannot be set: ${this.name} has no momentum (or beta1), got ${describeValue(v)}`, { value: v });
    if (k === 'momentum') {
      (this.o as { momentum: number }).momentum = validateOption(this.name, 'momentum', v) as number;
    } else {
      const o = this.o as { betas: [number, number] };
      o.betas = validateOption(this.name, 'betas', [v, o.betas[1]]) as [number, number];
    }
  }

  /** Gradient clipping currently applied (undefined = off). */
  get clip(): Readonly<OptimizerExtras> {
    return { clipNorm: this.clipOpts.maxNorm, clipValue: this.clipOpts.value };
  }

  setClip(extras: OptimizerExtras): void {
    const value = checkClip(this.name, 'clipValue', extras.clipValue);
    const maxNorm = checkClip(this.name, 'clipNorm', extras.clipNorm);
    this.clipOpts.value = value;
    this.clipOpts.maxNorm = maxNorm;
  }

  /** Number of step() calls so far (PyTorch's per-parameter `step`). */
  get stepCount(): number {
    return this.steps;
  }

  /** One optimizer step: params[i].data is updated in place from grads[i] (grads are not modified). */
  step(params: readonly Tensor[], grads: readonly Tensor[]): void {
    const owner = `${this.name}.step`;
    for (const [what, list] of [['params', params], ['grads', grads]] as const) {
      if (!Array.isArray(list)) throw new OptionError(owner, what, `must be an array of Tensors, got ${describeValue(list)}`, { value: list });
      list.forEach((t, i) => {
        if (!(t instanceof Tensor)) throw new OptionError(owner, what, `must be a Tensor, got ${describeValue(t)}`, { element: i, value: t });
      });
    }
    if (params.length !== grads.length) throw new ShapeError(`${this.name}.step`, `${params.length} params but ${grads.length} grads`);
    if (this.sizes === null || this.state === null) this.init(params);
    const sizes = this.sizes as number[];
    if (params.length !== sizes.length) {
      throw new ShapeError(`${this.name}.step`, `got ${params.length} params, but the optimizer state is for ${sizes.length}; call reset() to start over`);
    }
    if (this.updates === null) this.updates = params.map((p) => new Tensor(p.dtype === 'float32' ? new Float32Array(p.size) : new Float64Array(p.size), [p.size]));
    const updates = this.updates;
    for (let i = 0; i < params.length; i++) {
      const n = sizes[i];
      if (params[i].size !== n) throw new ShapeError(`${this.name}.step`, `param ${i} has ${params[i].size} elements, the optimizer state has ${n}`);
      if (grads[i].size !== n) throw new ShapeError(`${this.name}.step`, `grad ${i} has ${grads[i].size} elements but param ${i} has ${n}`);
      // As PyTorch: a float64 gradient is not silently applied to float32 parameters (or the reverse).
      if (grads[i].dtype !== params[i].dtype) {
        throw new TensorError(`${this.name}.step`, `expected the gradient and the parameter to have the same dtype, but grad ${i} is ${grads[i].dtype} and param ${i} is ${params[i].dtype}: cast one (cast(x, '${params[i].dtype}'))`);
      }
      updates[i].data.set(grads[i].data);
    }
    this.transform.update(updates, this.state as TransformState, params);
    for (let i = 0; i < params.length; i++) {
      const p = params[i].data;
      const u = updates[i].data;
      for (let j = 0; j < p.length; j++) p[j] += u[j];
    }
    this.steps++;
  }

  /**
   * A state buffer by name, one array per parameter (aligned with the params of step()), found anywhere in
   * the chain: 'momentumBuffer' (SGD, RMSprop), 'expAvg' (the Adam family's first moment m), 'expAvgSq',
   * 'maxExpAvgSq', 'expInf', 'sum' (Adagrad), 'squareAvg', 'gradAvg', 'accDelta'. Undefined before the first
   * step and for a name no transformation keeps. A live view for inspection (a viewer drawing the velocity):
   * read it, do not write it; stateDict() is the copy to keep.
   */
  stateBuffer(name: string): readonly TypedArray[] | undefined {
    const find = (s: TransformState): TypedArray[] | undefined => {
      if (Object.hasOwn(s.buffers, name)) return s.buffers[name];
      for (const inner of s.inner ?? []) {
        const b = find(inner);
        if (b) return b;
      }
      return undefined;
    };
    return this.state ? find(this.state) : undefined;
  }

  /** Forget all state (momentum buffers, step count); hyperparameters are kept. */
  reset(): void {
    this.state = null;
    this.sizes = null;
    this.dtypes = null;
    this.updates = null;
    this.steps = 0;
  }

  private init(params: readonly Tensor[]): void {
    this.state = this.transform.init(params);
    this.sizes = params.map((p) => p.size);
    this.dtypes = params.map((p) => p.dtype);
    this.updates = null;
  }

  /** JSON-serializable snapshot: step count, hyperparameters, clipping and every buffer as number arrays. */
  stateDict(): OptimizerStateDict {
    const options = JSON.parse(JSON.stringify(this.o)) as Record<string, OptionValue>;
    return {
      format: 'descent-optimizer/1',
      optimizer: this.name,
      step: this.steps,
      options,
      clip: { maxNorm: this.clipOpts.maxNorm ?? null, value: this.clipOpts.value ?? null },
      sizes: this.sizes ? [...this.sizes] : null,
      state: this.state ? serializeState(this.state) : null,
    };
  }

  /**
   * Restore a stateDict() snapshot (hyperparameters included). Validates the optimizer name, options, buffer
   * names and lengths; on any error nothing is changed. The next step() must get parameters of the saved sizes.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    if (sd === null || typeof sd !== 'object') throw new OptionError('loadStateDict', null, `expected an object, got ${describeValue(sd)}`);
    if (sd.format !== 'descent-optimizer/1') throw new OptionError('loadStateDict', null, `format must be "descent-optimizer/1", got ${describeValue(sd.format)}`);
    if (sd.optimizer !== this.name) throw new OptionError('loadStateDict', null, `state dict is for optimizer "${String(sd.optimizer)}", this optimizer is "${this.name}"`);
    const options = resolveOptions(this.name, sd.options as Partial<OptimizerOptionsMap[N]>);
    for (const m of optimizerInfo(this.name).options) {
      const a = (options as unknown as Record<string, OptionValue>)[m.name];
      const b = this.rec[m.name];
      if (m.fixed && a !== b) throw new OptionError('loadStateDict', null, `option "${m.name}" was ${describeValue(a)} when saved but is ${describeValue(b)} here; it is fixed at construction`);
    }
    if (!Number.isInteger(sd.step) || sd.step < 0) throw new OptionError('loadStateDict', null, `step must be a non-negative integer, got ${describeValue(sd.step)}`);
    const clip = sd.clip ?? { maxNorm: null, value: null };
    const maxNorm = checkClip('loadStateDict', 'clip.maxNorm', clip.maxNorm ?? undefined);
    const value = checkClip('loadStateDict', 'clip.value', clip.value ?? undefined);
    let state: TransformState | null = null;
    let sizes: number[] | null = null;
    let dtypes: DType[] | null = null;
    if (sd.sizes === null || sd.sizes === undefined) {
      if (sd.state !== null && sd.state !== undefined) throw new OptionError('loadStateDict', null, 'state is present but sizes is null');
    } else {
      if (!Array.isArray(sd.sizes) || sd.sizes.some((n) => !Number.isInteger(n) || n < 0)) {
        throw new OptionError('loadStateDict', null, `sizes must be an array of non-negative integers, got ${describeValue(sd.sizes)}`);
      }
      sizes = [...sd.sizes];
      const same = this.sizes !== null && this.sizes.length === sizes.length && this.sizes.every((n, i) => n === (sizes as number[])[i]);
      dtypes = same && this.dtypes ? this.dtypes : sizes.map(() => 'float64' as DType);
      const dummies = sizes.map((n, i) => new Tensor((dtypes as DType[])[i] === 'float32' ? new Float32Array(n) : new Float64Array(n), [n]));
      state = this.transform.init(dummies);
      restoreState(state, sd.state);
    }
    Object.assign(this.o, options);
    this.clipOpts.maxNorm = maxNorm;
    this.clipOpts.value = value;
    this.steps = sd.step;
    this.state = state;
    this.sizes = sizes;
    this.dtypes = dtypes;
    this.updates = null;
  }
}
