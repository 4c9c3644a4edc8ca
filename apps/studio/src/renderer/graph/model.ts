import { exportGraph, numericFunction } from '@descent/autodiff';
import { evaluateProgram, type Program } from './program.js';
import { fmt } from './format.js';
import { opSymbol } from './ops.js';

// The graph as the view draws it: @descent/autodiff's exportGraph (values, each edge's local derivative and,
// after backward, the gradients), with names for the intermediate values and a layered left-to-right layout.
// Nothing here recomputes a value or a gradient.

export type NodeKind = 'input' | 'const' | 'op';

export interface ModelEdge {
  from: number;
  to: number;
  input: number;
  /** ∂to/∂from, from exportGraph; null for a constant input (no gradient flows). */
  local: number | null;
  /** What backward carried along this edge (upstream × local). */
  grad: number | null;
}

export interface ModelNode {
  id: number;
  op: string;
  kind: NodeKind;
  /** The program's name (q, f), the input's name, a generated one, or the constant's value. */
  name: string;
  symbol: string;
  value: number;
  grad: number | null;
  order: number;
  requiresGrad: boolean;
  /** Constant exponent of a pow node (x^2). */
  power?: number;
  /** Characters of the source this node came from. */
  span?: [number, number];
  layer: number;
  row: number;
  inputs: ModelEdge[];
  outputs: ModelEdge[];
}

export interface GraphModel {
  nodes: ModelNode[];
  edges: ModelEdge[];
  byId: Map<number, ModelNode>;
  output: ModelNode;
  /** Input nodes in the program's input order. */
  inputs: ModelNode[];
  layers: number;
  rows: number;
}

// Short names for unnamed intermediate values, after the lecture's q = x + y.
const SPARE = ['q', 'r', 's', 'u', 'v', 'p', 'g', 'k', 'm', 'n', 'a', 'c', 'd'];

export function buildModel(program: Program, values: Readonly<Record<string, number>>): GraphModel {
  const ev = evaluateProgram(program, values);
  const g = exportGraph(ev.output);
  const taken = new Set<string>([...program.inputs, ...program.lines.map((l) => l.name), 'e', 'pi']);
  const spare = SPARE.filter((s) => !taken.has(s));
  let fresh = 0;
  const nextName = (): string => spare[fresh++] ?? `n${fresh - spare.length}`;
  const leafName = new Map([...ev.leaves].map(([n, v]) => [v.id, n]));

  const edges: ModelEdge[] = g.edges.map((e) => ({ from: e.from, to: e.to, input: e.input, local: e.local?.[0] ?? null, grad: e.grad?.[0] ?? null }));
  const nodes: ModelNode[] = g.nodes.map((n) => {
    const origin = ev.origins.get(n.id);
    const isInput = leafName.has(n.id);
    const kind: NodeKind = isInput ? 'input' : n.op === 'leaf' || n.op === 'const' || !g.edges.some((e) => e.to === n.id) ? 'const' : 'op';
    const e = origin?.expr;
    const power = kind === 'op' && n.op === 'pow' && e?.kind === 'binary' && g.edges.filter((x) => x.to === n.id).length === 1 ? numericFunction(e.right, [])() : undefined;
    const name = isInput ? leafName.get(n.id)! : kind === 'const' ? fmt(n.value[0]) : (ev.names.get(n.id) ?? nextName());
    return {
      id: n.id,
      op: n.op,
      kind,
      name,
      symbol: kind === 'op' ? opSymbol(n.op, power) : name,
      value: n.value[0],
      grad: n.grad?.[0] ?? null,
      order: n.order,
      requiresGrad: n.requiresGrad,
      ...(power !== undefined ? { power } : {}),
      ...(origin ? { span: [origin.start, origin.end] as [number, number] } : {}),
      layer: 0,
      row: 0,
      inputs: [],
      outputs: [],
    };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    byId.get(e.to)!.inputs.push(e);
    byId.get(e.from)!.outputs.push(e);
  }
  for (const n of nodes) n.inputs.sort((a, b) => a.input - b.input);
  layout(nodes, byId);
  const output = byId.get(g.output)!;
  // The output is named by the program even when it is a bare input (f = x has no op node).
  const inputs = program.inputs.map((name) => byId.get(ev.leaves.get(name)!.id)).filter((n): n is ModelNode => !!n);
  return { nodes, edges, byId, output, inputs, layers: Math.max(...nodes.map((n) => n.layer)) + 1, rows: Math.max(...nodes.map((n) => n.row)) + 1 };
}

/**
 * Layers by longest path from the inputs (left to right in evaluation order); a constant sits just left of
 * the op that uses it. Within a layer, nodes are ordered by the mean row of their inputs, which keeps the
 * small graphs here free of most crossings.
 */
function layout(nodes: ModelNode[], byId: Map<number, ModelNode>): void {
  // Nodes come in evaluation order, so every input is placed before the op that uses it.
  for (const n of nodes) {
    if (n.kind === 'op') n.layer = Math.max(1, ...n.inputs.map((e) => (byId.get(e.from)!.kind === 'const' ? 1 : byId.get(e.from)!.layer + 1)));
  }
  // Constants sit one layer left of their first consumer; so do inputs when there are many of them, so they
  // do not pile up in one tall column (a few inputs stay on the left, as on the lecture's figure).
  const many = nodes.filter((n) => n.kind === 'input').length > 4;
  for (const n of nodes) if ((n.kind === 'const' || (many && n.kind === 'input')) && n.outputs.length) n.layer = Math.max(0, Math.min(...n.outputs.map((e) => byId.get(e.to)!.layer)) - 1);
  const layers = new Map<number, ModelNode[]>();
  for (const n of nodes) layers.set(n.layer, [...(layers.get(n.layer) ?? []), n]);
  const keys = [...layers.keys()].sort((a, b) => a - b);
  const inputIndex = (n: ModelNode): number => n.order;
  const tallest = Math.max(...keys.map((k) => layers.get(k)!.length));
  for (const k of keys) {
    const list = layers.get(k)!;
    const score = (n: ModelNode): number => {
      if (n.kind === 'input' && k === 0) return inputIndex(n);
      const rows = n.kind !== 'op' ? n.outputs.map((e) => byId.get(e.to)!).flatMap((c) => c.inputs.filter((i) => byId.get(i.from)!.layer < k).map((i) => byId.get(i.from)!.row)) : n.inputs.map((e) => byId.get(e.from)!.row);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 1e3 + n.order;
    };
    // Each layer is centred against the tallest one before the next layer reads its rows.
    const shift = (tallest - list.length) / 2;
    list.sort((a, b) => score(a) - score(b) || a.order - b.order).forEach((n, i) => (n.row = i + shift));
  }
}
