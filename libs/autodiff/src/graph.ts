import { Var, topoOrder } from './var.js';

export interface GraphNode {
  id: number;
  op: string;
  name?: string;
  shape: number[];
  value: number[];
  /** Set after backward(). */
  grad: number[] | null;
}

export interface GraphExport {
  nodes: GraphNode[];
  /** from → to: `from` is an input of `to`. */
  edges: { from: number; to: number }[];
  output: number;
}

/**
 * The computational graph behind a value (nodes in evaluation order, edges input → op), with
 * forward values and, after backward, gradients: what the app draws for f(x,y,z) = (x+y)·z.
 */
export function exportGraph(root: Var): GraphExport {
  const order = topoOrder(root);
  return {
    nodes: order.map((v) => ({
      id: v.id,
      op: v.op,
      ...(v.name ? { name: v.name } : {}),
      shape: [...v.shape],
      value: Array.from(v.value.data),
      grad: v.grad ? Array.from(v.grad.data) : null,
    })),
    edges: order.flatMap((v) => v.parents.map((p) => ({ from: p.id, to: v.id }))),
    output: root.id,
  };
}
