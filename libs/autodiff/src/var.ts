import { Tensor, tensor, onesLike, add, clone, type NestedArray, type DType, cast, TensorError } from '@descent/core-tensor';

/** Turns the upstream gradient of a node into one gradient per parent (null: no gradient flows). */
export type BackwardFn = (grad: Tensor) => (Tensor | null)[];

let tracking = true;
let nextId = 0;

/**
 * A tensor in a computational graph. Leaves are created with `variable`/`constant`; every op makes
 * a node that remembers its parents and how to push a gradient back to them (micrograd's design,
 * on tensors).
 */
export class Var {
  readonly id = nextId++;
  /** Gradient after backward(): accumulated on leaves across calls (zero it with zeroGrad), set on inner nodes. */
  grad: Tensor | null = null;
  /** An inner node a backward() went through without retainGraph: its graph is spent (PyTorch frees it). */
  spent = false;

  constructor(
    public value: Tensor,
    readonly op: string,
    readonly parents: readonly Var[],
    readonly backwardFn: BackwardFn | null,
    public requiresGrad: boolean,
    public name?: string,
  ) {}

  get shape(): readonly number[] {
    return this.value.shape;
  }
  get dtype(): DType {
    return this.value.dtype;
  }
  get isLeaf(): boolean {
    return this.parents.length === 0;
  }
  item(): number {
    return this.value.item();
  }
  zeroGrad(): void {
    this.grad = null;
  }
  /**
   * Reverse-mode sweep from this node; the seed defaults to ones (a scalar loss gives dL/dL = 1). A graph is
   * used once, as in PyTorch: a second backward() through it throws unless the first passed retainGraph.
   */
  backward(seed?: Tensor, options: BackwardOptions = {}): void {
    backward(this, seed, options);
  }
}

export type VarLike = Var | Tensor | number;

export interface BackwardOptions {
  /** Keep the graph usable for another backward() (PyTorch's retain_graph). Default false. */
  retainGraph?: boolean;
}

/** A leaf that gradients flow to. */
export function variable(v: Tensor | NestedArray, opts: { name?: string; dtype?: DType; requiresGrad?: boolean } = {}): Var {
  const t = v instanceof Tensor ? (opts.dtype && opts.dtype !== v.dtype ? cast(v, opts.dtype) : v) : tensor(v, opts.dtype);
  return new Var(t, 'leaf', [], null, opts.requiresGrad ?? true, opts.name);
}

/** A leaf that takes no gradient (data, targets). */
export function constant(v: Tensor | NestedArray, opts: { name?: string; dtype?: DType } = {}): Var {
  return variable(v, { ...opts, requiresGrad: false });
}

/** Wrap tensors and numbers met as op arguments into constants of the partner's dtype. */
export function lift(x: VarLike, like?: Var): Var {
  if (x instanceof Var) return x;
  if (x instanceof Tensor) return new Var(x, 'const', [], null, false);
  if (typeof x === 'number') return new Var(tensor(x, like?.dtype ?? 'float32'), 'const', [], null, false);
  if (Array.isArray(x)) throw new TensorError('autodiff', `expected a Var, Tensor or number, got a nested array: make it a value first, constant(${JSON.stringify(x).slice(0, 24)}) (data) or variable(…) (a parameter)`, { value: x });
  throw new TensorError('autodiff', `expected a Var, Tensor or number, got ${x === null ? 'null' : typeof x}`, { value: x });
}

/** Make an op node; outside tracking (noGrad) or with constant parents it is a plain value. */
export function node(op: string, value: Tensor, parents: Var[], backwardFn: BackwardFn): Var {
  const needs = tracking && parents.some((p) => p.requiresGrad);
  return needs ? new Var(value, op, parents, backwardFn, true) : new Var(value, op, [], null, false);
}

/** Run fn without recording a graph (evaluation, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = tracking;
  tracking = false;
  try {
    return fn();
  } finally {
    tracking = prev;
  }
}

export function isTracking(): boolean {
  return tracking;
}

/** Nodes reachable from root, parents before children. */
export function topoOrder(root: Var): Var[] {
  const order: Var[] = [];
  const seen = new Set<Var>();
  // Iterative DFS: deep graphs (long training unrolls) must not overflow the call stack.
  const stack: [Var, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [v, i] = top;
    if (i < v.parents.length) {
      top[1]++;
      const p = v.parents[i];
      if (!seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      order.push(v);
      stack.pop();
    }
  }
  return order;
}

export function backward(root: Var, seed?: Tensor, options: BackwardOptions = {}): void {
  if (!root.requiresGrad) throw new TensorError('backward', 'this value does not depend on any variable that requires a gradient');
  const g0 = seed ?? onesLike(root.value);
  if (g0.shape.length !== root.shape.length || g0.shape.some((d, i) => d !== root.shape[i])) {
    throw new TensorError('backward', `seed gradient shape [${g0.shape.join(', ')}] does not match the output shape [${root.shape.join(', ')}]`);
  }
  const order = topoOrder(root);
  if (order.some((v) => v.spent)) {
    throw new TensorError('backward', 'this graph was already used by a backward(): gradients would be added twice. Recompute the forward pass, or pass { retainGraph: true } to the first backward() to go through it again');
  }
  const grads = new Map<Var, Tensor>([[root, g0.dtype === root.dtype ? g0 : cast(g0, root.dtype)]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i];
    const g = grads.get(v);
    if (!g) continue;
    if (v.isLeaf) {
      if (v.requiresGrad) v.grad = v.grad ? add(v.grad, g) : g;
      continue;
    }
    v.grad = g;
    const pg = v.backwardFn!(g);
    v.parents.forEach((p, k) => {
      const gk = pg[k];
      if (!gk || !p.requiresGrad) return;
      const prev = grads.get(p);
      // Fan-out: a value used several times receives the sum of its gradients.
      grads.set(p, prev ? add(prev, gk) : gk);
    });
  }
  // A leaf must own its gradient storage: optimizers and clipping update gradients in place, and a
  // backward may hand one tensor (or a reshaped view of it) to several nodes, as x + y does. Copy
  // only those that are shared, so large weight gradients are not copied on every step.
  const uses = new Map<unknown, number>([[g0.data, 1]]); // the caller's seed is not ours to hand out either
  for (const v of order) if (v.grad) uses.set(v.grad.data, (uses.get(v.grad.data) ?? 0) + 1);
  for (const v of order) if (v.isLeaf && v.grad && uses.get(v.grad.data)! > 1) v.grad = clone(v.grad);
  if (!options.retainGraph) for (const v of order) if (!v.isLeaf) v.spent = true;
}
