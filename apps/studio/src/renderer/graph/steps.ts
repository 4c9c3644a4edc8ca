import type { GraphModel, ModelEdge, ModelNode } from './model.js';
import { fmt, fmtFactor, texName, texNum } from './format.js';
import { localFormula, opFormula, type Rendered } from './ops.js';

// The step-through: forward evaluates one op per step in evaluation order (its output and its local
// gradients); backward walks the reverse order, one node per step: its gradient (the sum over its uses when it
// fans out), then upstream × local = downstream for each of its inputs. Every number is read from the model
// (exportGraph); the steps only arrange them into worked equations.

export interface Equation extends Rendered {
  kind: 'value' | 'local' | 'seed' | 'sum' | 'chain';
}

export interface Step {
  phase: 'forward' | 'backward';
  node: number;
  title: string;
  equations: Equation[];
}

const d = (out: string, x: string): Rendered => ({ text: `∂${out}/∂${x}`, tex: `\\frac{\\partial ${texName(out)}}{\\partial ${texName(x)}}` });

function forwardStep(m: GraphModel, n: ModelNode): Step {
  const ins = n.inputs.map((e) => m.byId.get(e.from)!);
  const named = opFormula(n.op, ins.map((i) => ({ text: i.name, tex: texName(i.name) })), n.power);
  const numbers = opFormula(n.op, ins.map((i) => ({ text: fmtFactor(i.value), tex: texNum(i.value, true) })), n.power);
  const eqs: Equation[] = [
    { kind: 'value', text: `${n.name} = ${named.text} = ${numbers.text} = ${fmt(n.value)}`, tex: `${texName(n.name)} = ${named.tex} = ${numbers.tex} = ${texNum(n.value)}` },
  ];
  for (const e of n.inputs) {
    if (e.local === null) continue;
    const x = m.byId.get(e.from)!;
    const f = localFormula(n.op, e.input, ins.map((i) => i.name), n.name, n.power);
    const dd = d(n.name, x.name);
    const sameAsNumber = !f || f.text === fmt(e.local);
    eqs.push({
      kind: 'local',
      text: `${dd.text} = ${sameAsNumber ? '' : `${f!.text} = `}${fmt(e.local)}`,
      tex: `${dd.tex} = ${sameAsNumber ? '' : `${f!.tex} = `}${texNum(e.local)}`,
    });
  }
  return { phase: 'forward', node: n.id, title: `Forward: ${n.name} = ${named.text}`, equations: eqs };
}

function gatherEquation(m: GraphModel, n: ModelNode, out: string): Equation {
  const dd = d(out, n.name);
  if (n.id === m.output.id) return { kind: 'seed', text: `${dd.text} = 1`, tex: `${dd.tex} = 1` };
  const uses = n.outputs.filter((e) => e.grad !== null);
  if (uses.length <= 1) return { kind: 'sum', text: `${dd.text} = ${fmt(n.grad)}`, tex: `${dd.tex} = ${texNum(n.grad)}` };
  // Fan-out: the value was used several times, so its gradient is the sum of what each use sent back.
  const via = (e: ModelEdge) => m.byId.get(e.to)!.name;
  return {
    kind: 'sum',
    text: `${dd.text} = ${uses.map((e) => `${fmtFactor(e.grad)} (via ${via(e)})`).join(' + ')} = ${fmt(n.grad)}`,
    tex: `${dd.tex} = ${uses.map((e) => `\\underbrace{${texNum(e.grad, true)}}_{\\text{via } ${texName(via(e))}}`).join(' + ')} = ${texNum(n.grad)}`,
  };
}

function backwardStep(m: GraphModel, n: ModelNode): Step {
  const out = m.output.name;
  const eqs: Equation[] = [gatherEquation(m, n, out)];
  for (const e of n.inputs) {
    if (e.local === null || e.grad === null) continue;
    const x = m.byId.get(e.from)!;
    const fans = x.outputs.filter((o) => o.grad !== null).length > 1;
    const down = d(out, x.name), up = d(out, n.name), loc = d(n.name, x.name);
    const part = fans ? ' (one of its uses)' : '';
    eqs.push({
      kind: 'chain',
      text: `${down.text}${part} = ${up.text} · ${loc.text} = ${fmtFactor(n.grad)} × ${fmtFactor(e.local)} = ${fmt(e.grad)}`,
      tex: `${down.tex}${fans ? '\\big|_{\\text{via } ' + texName(n.name) + '}' : ''} = ${up.tex}\\cdot${loc.tex} = ${texNum(n.grad, true)} \\times ${texNum(e.local, true)} = ${texNum(e.grad)}`,
    });
  }
  const title = n.kind === 'input' ? `Backward: ${n.name} collects its gradient` : `Backward through ${n.name}`;
  return { phase: 'backward', node: n.id, title, equations: eqs };
}

export function buildSteps(m: GraphModel): Step[] {
  const ops = m.nodes.filter((n) => n.kind === 'op');
  const forward = ops.map((n) => forwardStep(m, n));
  const backward = [...m.nodes].reverse().filter((n) => n.requiresGrad && n.kind !== 'const' && (n.grad !== null || n.id === m.output.id)).map((n) => backwardStep(m, n));
  return [...forward, ...backward];
}

/** What is known after `k` steps (k = 0: only the inputs; k = steps.length: everything). */
export interface Reveal {
  value: Set<number>;
  grad: Set<number>;
  /** Edges (by "from-to-input") whose gradient has been sent back. */
  edgeGrad: Set<string>;
  current: number | null;
}

export const edgeKey = (e: Pick<ModelEdge, 'from' | 'to' | 'input'>): string => `${e.from}-${e.to}-${e.input}`;

export function reveal(m: GraphModel, steps: readonly Step[], k: number): Reveal {
  const value = new Set(m.nodes.filter((n) => n.kind !== 'op').map((n) => n.id));
  const grad = new Set<number>();
  const edgeGrad = new Set<string>();
  for (const s of steps.slice(0, k)) {
    if (s.phase === 'forward') value.add(s.node);
    else {
      grad.add(s.node);
      for (const e of m.byId.get(s.node)!.inputs) if (e.grad !== null) edgeGrad.add(edgeKey(e));
    }
  }
  return { value, grad, edgeGrad, current: k > 0 ? steps[k - 1].node : null };
}
