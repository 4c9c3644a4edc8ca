import { onesLike } from '@descent/core-tensor';
import { Var, topoOrder } from './var.js';

export interface GraphNode {
  id: number;
  /** 'leaf' (a variable), 'const' (a number or tensor met as an argument), or the op: 'add', 'mul', 'tanh', … */
  op: string;
  name?: string;
  /** Position in evaluation order: inputs come before the ops that use them (forward walks 0, 1, …; backward the reverse). */
  order: number;
  shape: number[];
  value: number[];
  /** Set after backward(). */
  grad: number[] | null;
  /** true for variables that take a gradient and every op that depends on one. */
  requiresGrad: boolean;
}

export interface GraphEdge {
  /** `from` is input number `input` of `to`. */
  from: number;
  to: number;
  input: number;
  /**
   * The local derivative: what the edge passes back for an upstream gradient of ones. For an element-wise
   * op it is ∂to/∂from element by element (∂(x+y)/∂x = 1, ∂(q·z)/∂z = q); for a reduction or a product it is
   * that gradient summed over the output. null when no gradient flows along the edge (a constant input).
   */
  local: number[] | null;
  /** After backward(): the gradient this edge carried back, upstream × local. A value used twice sums its edges'. */
  grad: number[] | null;
}

export interface GraphExport {
  nodes: GraphNode[];
  edges: GraphEdge[];
  output: number;
}

/**
 * The computational graph behind a value, with forward values, each edge's local derivative and, after
 * backward, the gradients on nodes and edges: what a viewer needs to draw the chain rule for f(x,y,z) = (x+y)·z
 * and step through it (forward in `order`, backward in reverse: upstream × local = downstream).
 */
export function exportGraph(root: Var): GraphExport {
  const order = topoOrder(root);
  const edges: GraphEdge[] = [];
  for (const v of order) {
    if (!v.parents.length || !v.backwardFn) continue;
    const locals = v.backwardFn(onesLike(v.value));
    const carried = v.grad ? v.backwardFn(v.grad) : null;
    v.parents.forEach((p, k) => {
      const flows = p.requiresGrad && locals[k] !== null;
      edges.push({
        from: p.id,
        to: v.id,
        input: k,
        local: flows ? Array.from(locals[k]!.data) : null,
        grad: flows && carried?.[k] ? Array.from(carried[k]!.data) : null,
      });
    });
  }
  return {
    nodes: order.map((v, i) => ({
      id: v.id,
      op: v.op,
      ...(v.name ? { name: v.name } : {}),
      order: i,
      shape: [...v.shape],
      value: Array.from(v.value.data),
      grad: v.grad ? Array.from(v.grad.data) : null,
      requiresGrad: v.requiresGrad,
    })),
    edges,
    output: root.id,
  };
}
