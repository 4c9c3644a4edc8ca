import { OptionError, Tensor, describeValue } from '@descent/core-tensor';
import { optimizerInfo, type OptimizerName, type OptimizerOptionsMap } from './options.js';
import { Optimizer, type OptimizerExtras, type ScheduleTarget } from './optimizer.js';
import type { OptimizerStateDict } from './state-dict.js';

// PyTorch's form: an optimizer bound to the parameters it updates.
//
//   const opt = new Adam(model.parameters(), { lr: 1e-3 });
//   opt.zeroGrad(); loss.backward(); opt.step();
//
// A thin shell over the composable transformations: each parameter group is one `Optimizer` (a chain of
// init/update transformations) over that group's parameters, with the group's own options.

/** What the optimizer updates: a tensor value and its gradient (an @descent/autodiff Var fits). */
export interface Parameter {
  value: Tensor;
  grad: Tensor | null;
  name?: string;
}

/** A parameter group: its parameters and the options that differ from the optimizer's (PyTorch's param_groups). */
export type ParamGroup<N extends OptimizerName> = { params: readonly Parameter[] } & Partial<OptimizerOptionsMap[N]> & OptimizerExtras;

export interface BoundStateDict {
  format: 'descent-bound-optimizer/1';
  optimizer: OptimizerName;
  groups: OptimizerStateDict[];
}

interface Group<N extends OptimizerName> {
  readonly params: readonly Parameter[];
  readonly optimizer: Optimizer<N>;
}

const isParameter = (p: unknown): p is Parameter => !!p && typeof p === 'object' && (p as Parameter).value instanceof Tensor;

export class BoundOptimizer<N extends OptimizerName = OptimizerName> implements ScheduleTarget {
  readonly name: N;
  private readonly groupList: Group<N>[];

  constructor(name: N, params: readonly Parameter[] | readonly ParamGroup<N>[], options: Partial<OptimizerOptionsMap[N]> & OptimizerExtras = {}) {
    optimizerInfo(name);
    this.name = name;
    const owner = optimizerInfo(name).label;
    if (!Array.isArray(params) || params.length === 0) {
      throw new OptionError(owner, 'params', `must be a non-empty list of parameters (model.parameters()) or of parameter groups, got ${describeValue(params)}`, { value: params });
    }
    const groups: readonly ParamGroup<N>[] = params.every(isParameter) ? [{ params: params as readonly Parameter[] } as ParamGroup<N>] : (params as readonly ParamGroup<N>[]);
    const seen = new Set<Parameter>();
    this.groupList = groups.map((g, i) => {
      if (!g || typeof g !== 'object' || !Array.isArray(g.params) || !g.params.every(isParameter)) {
        throw new OptionError(owner, 'params', `group ${i} must be { params: [...parameters], ...options }, got ${describeValue(g)}`, { value: g });
      }
      for (const p of g.params) {
        if (seen.has(p)) throw new OptionError(owner, 'params', `a parameter${p.name ? ` (${p.name})` : ''} appears in more than one group`);
        seen.add(p);
      }
      const { params: ps, clipNorm, clipValue, ...own } = g;
      const { clipNorm: cn, clipValue: cv, ...shared } = options;
      const optimizer = new Optimizer(name, { ...shared, ...own } as unknown as Partial<OptimizerOptionsMap[N]>, { clipNorm: clipNorm ?? cn, clipValue: clipValue ?? cv });
      return { params: [...ps], optimizer };
    });
  }

  /** The groups' optimizers, each a schedule target with its own lr (schedulers drive every group). */
  get groups(): readonly Optimizer<N>[] {
    return this.groupList.map((g) => g.optimizer);
  }

  get paramGroups(): readonly { params: readonly Parameter[]; options: Readonly<OptimizerOptionsMap[N]> }[] {
    return this.groupList.map((g) => ({ params: g.params, options: g.optimizer.options }));
  }

  /** Forget every gradient (PyTorch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const g of this.groupList) for (const p of g.params) p.grad = null;
  }

  /**
   * One step for every group from the parameters' gradients. Before any backward() there is nothing to
   * apply: that is an error naming the fix, not a silent no-op.
   */
  step(): void {
    let any = false;
    for (const g of this.groupList) if (g.params.some((p) => p.grad)) any = true;
    if (!any) throw new OptionError(optimizerInfo(this.name).label, 'step', 'no parameter has a gradient: call loss.backward() before optimizer.step() (and optimizer.zeroGrad() before the next backward)');
    for (const [gi, g] of this.groupList.entries()) {
      const missing = g.params.findIndex((p) => !p.grad);
      if (missing >= 0) {
        const p = g.params[missing];
        throw new OptionError(
          optimizerInfo(this.name).label,
          'step',
          `parameter ${missing}${p.name ? ` (${p.name})` : ''} of group ${gi} has no gradient while others do: it took no part in the loss; leave it out of the optimizer, or put it in its own group`,
        );
      }
      g.optimizer.step(
        g.params.map((p) => p.value),
        g.params.map((p) => p.grad!),
      );
    }
  }

  /** The first group's lr; setting it sets every group's (use `groups[i].lr` for one group). */
  get lr(): number {
    return this.groupList[0].optimizer.lr;
  }
  set lr(v: number) {
    for (const g of this.groupList) g.optimizer.lr = v;
  }
  get momentum(): number | undefined {
    return this.groupList[0].optimizer.momentum;
  }
  set momentum(v: number | undefined) {
    for (const g of this.groupList) g.optimizer.momentum = v;
  }
  get momentumKind(): 'momentum' | 'beta1' | null {
    return this.groupList[0].optimizer.momentumKind;
  }

  /** Every group's step count, options and buffers, as JSON. */
  stateDict(): BoundStateDict {
    return { format: 'descent-bound-optimizer/1', optimizer: this.name, groups: this.groupList.map((g) => g.optimizer.stateDict()) };
  }

  /** Restore a stateDict() of an optimizer with the same groups (checked before anything changes). */
  loadStateDict(sd: BoundStateDict): void {
    const owner = `${optimizerInfo(this.name).label}.loadStateDict`;
    if (!sd || typeof sd !== 'object' || sd.format !== 'descent-bound-optimizer/1') throw new OptionError(owner, 'format', `must be "descent-bound-optimizer/1", got ${describeValue((sd as { format?: unknown })?.format)}`);
    if (sd.optimizer !== this.name) throw new OptionError(owner, 'optimizer', `the state is for ${describeValue(sd.optimizer)}, this optimizer is ${this.name}`);
    if (!Array.isArray(sd.groups) || sd.groups.length !== this.groupList.length) throw new OptionError(owner, 'groups', `has ${Array.isArray(sd.groups) ? sd.groups.length : 'no'} groups, this optimizer has ${this.groupList.length}`);
    // Validate every group on a scratch optimizer first: a bad group must not leave the others half loaded.
    sd.groups.forEach((g, i) => {
      const scratch = new Optimizer(this.name, this.groupList[i].optimizer.options as Partial<OptimizerOptionsMap[N]>);
      scratch.loadStateDict(g);
      const here = this.groupList[i].params.length;
      if (g.sizes && g.sizes.length !== here) throw new OptionError(owner, 'groups', `group ${i} was saved with ${g.sizes.length} parameters, this one has ${here}`);
    });
    sd.groups.forEach((g, i) => this.groupList[i].optimizer.loadStateDict(g));
  }
}

type Params<N extends OptimizerName> = readonly Parameter[] | readonly ParamGroup<N>[];
type Opts<N extends OptimizerName> = Partial<OptimizerOptionsMap[N]> & OptimizerExtras;

/** SGD (momentum, dampening, Nesterov, weight decay) bound to parameters: `new SGD(model.parameters(), { lr: 0.1 })`. */
export class SGD extends BoundOptimizer<'sgd'> {
  constructor(params: Params<'sgd'>, options: Opts<'sgd'> = {}) {
    super('sgd', params, options);
  }
}
export class Adagrad extends BoundOptimizer<'adagrad'> {
  constructor(params: Params<'adagrad'>, options: Opts<'adagrad'> = {}) {
    super('adagrad', params, options);
  }
}
export class RMSprop extends BoundOptimizer<'rmsprop'> {
  constructor(params: Params<'rmsprop'>, options: Opts<'rmsprop'> = {}) {
    super('rmsprop', params, options);
  }
}
export class Adam extends BoundOptimizer<'adam'> {
  constructor(params: Params<'adam'>, options: Opts<'adam'> = {}) {
    super('adam', params, options);
  }
}
export class AdamW extends BoundOptimizer<'adamw'> {
  constructor(params: Params<'adamw'>, options: Opts<'adamw'> = {}) {
    super('adamw', params, options);
  }
}
export class NAdam extends BoundOptimizer<'nadam'> {
  constructor(params: Params<'nadam'>, options: Opts<'nadam'> = {}) {
    super('nadam', params, options);
  }
}
export class RAdam extends BoundOptimizer<'radam'> {
  constructor(params: Params<'radam'>, options: Opts<'radam'> = {}) {
    super('radam', params, options);
  }
}
export class Adamax extends BoundOptimizer<'adamax'> {
  constructor(params: Params<'adamax'>, options: Opts<'adamax'> = {}) {
    super('adamax', params, options);
  }
}
export class Adadelta extends BoundOptimizer<'adadelta'> {
  constructor(params: Params<'adadelta'>, options: Opts<'adadelta'> = {}) {
    super('adadelta', params, options);
  }
}
