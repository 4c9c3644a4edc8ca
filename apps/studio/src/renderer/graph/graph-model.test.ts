import { describe, expect, it } from 'vitest';
import { ExpressionError, FLOAT64_EPS } from '@descent/autodiff';
import { parseProgram, numericProgram } from './program.js';
import { buildModel } from './model.js';
import { buildSteps, reveal, edgeKey } from './steps.js';
import { GRAPH_PRESETS } from './presets.js';
import { quotientSweep, rowAt, STEPS } from './quotient.js';
import { fmt } from './format.js';

const preset = (id: string) => GRAPH_PRESETS.find((p) => p.id === id)!;
const modelOf = (id: string) => {
  const p = preset(id);
  const prog = parseProgram(p.source);
  return { p, prog, m: buildModel(prog, p.values) };
};
const num = (s: string) => Number(s.replace(/[()]/g, '').replace(/−/g, '-'));

describe('program parsing', () => {
  it('finds the inputs and names the output', () => {
    const p = parseProgram('f = (x + y) * z');
    expect(p.inputs).toEqual(['x', 'y', 'z']);
    expect(p.output).toBe('f');
    const q = parseProgram('q = x + y\nf = q * z');
    expect(q.inputs).toEqual(['x', 'y', 'z']);
    expect(q.lines.map((l) => l.name)).toEqual(['q', 'f']);
  });

  it('points errors at the character in the whole source', () => {
    const src = 'q = x + y\nf = q * * z';
    try {
      parseProgram(src);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      const err = e as ExpressionError;
      expect(src[err.position]).toBe('*');
      expect(err.position).toBe(src.lastIndexOf('*'));
      expect(err.reason).toMatch(/^line 2:/);
    }
    expect(() => parseProgram('x + y\nf = 2')).toThrow(/name this value/);
    expect(() => parseProgram('f = 2 + 3')).toThrow(/no variables/);
    expect(() => parseProgram('   ')).toThrow(ExpressionError);
    expect(() => parseProgram('x = y + 1\nx = 2 * y')).toThrow(/already defined/);
  });
});

describe('graph model', () => {
  it('the lecture graph: f = −12 and ∇f = (−4, −4, 3), from exportGraph', () => {
    const { m } = modelOf('lecture');
    expect(m.output.value).toBe(-12);
    expect(m.inputs.map((n) => [n.name, n.grad])).toEqual([['x', -4], ['y', -4], ['z', 3]]);
    const q = m.nodes.find((n) => n.op === 'add')!;
    expect(q.name).toBe('q');
    expect(q.value).toBe(3);
    expect(q.grad).toBe(-4);
    // Left to right: inputs, then q, then f.
    expect(m.inputs.every((n) => n.layer === 0)).toBe(true);
    expect(q.layer).toBe(1);
    expect(m.output.layer).toBe(2);
    expect(m.byId.get(m.inputs[2].id)!.layer).toBe(0);
  });

  it('every edge: grad = upstream × local (the chain rule exportGraph records)', () => {
    for (const p of GRAPH_PRESETS) {
      const m = buildModel(parseProgram(p.source), p.values);
      for (const e of m.edges) {
        if (e.local === null) continue;
        const up = m.byId.get(e.to)!.grad!;
        expect(e.grad).toBeCloseTo(up * e.local, 12);
      }
    }
  });

  it('each preset’s hand-derived gradient equals autodiff’s', () => {
    for (const p of GRAPH_PRESETS.filter((x) => x.check)) {
      const m = buildModel(parseProgram(p.source), p.values);
      const n = m.inputs.find((i) => i.name === p.check!.input)!;
      expect(n.grad, p.id).toBeCloseTo(p.check!.value(p.values), 12);
    }
  });

  it('constants are nodes without gradient; a constant exponent is the power', () => {
    const m = buildModel(parseProgram('f = 2*x + x^3'), { x: 2 });
    const c = m.nodes.find((n) => n.kind === 'const')!;
    expect(c.value).toBe(2);
    expect(m.edges.find((e) => e.from === c.id)!.local).toBeNull();
    const pow = m.nodes.find((n) => n.op === 'pow')!;
    expect(pow.power).toBe(3);
    expect(pow.symbol).toBe('^3');
    expect(m.inputs[0].grad).toBe(2 + 3 * 4);
  });
});

describe('steps', () => {
  it('forward steps give each output and its local gradients; backward shows upstream × local = downstream', () => {
    const { m } = modelOf('lecture');
    const steps = buildSteps(m);
    expect(steps.map((s) => s.phase)).toEqual(['forward', 'forward', 'backward', 'backward', 'backward', 'backward', 'backward']);
    const [q, f] = steps;
    expect(q.equations.map((e) => e.text)).toEqual(['q = x + y = (−2) + 5 = 3', '∂q/∂x = 1', '∂q/∂y = 1']);
    expect(f.equations.map((e) => e.text)).toEqual(['f = q · z = 3 · (−4) = −12', '∂f/∂q = z = −4', '∂f/∂z = q = 3']);
    const back = steps.filter((s) => s.phase === 'backward');
    expect(back[0].equations[0].text).toBe('∂f/∂f = 1');
    const throughQ = back.find((s) => s.node === m.nodes.find((n) => n.op === 'add')!.id)!;
    expect(throughQ.equations.map((e) => e.text)).toEqual(['∂f/∂q = −4', '∂f/∂x = ∂f/∂q · ∂q/∂x = (−4) × 1 = −4', '∂f/∂y = ∂f/∂q · ∂q/∂y = (−4) × 1 = −4']);
  });

  it('the worked equations’ numbers are autodiff’s, for every preset', () => {
    for (const p of GRAPH_PRESETS) {
      const m = buildModel(parseProgram(p.source), p.values);
      for (const s of buildSteps(m).filter((x) => x.phase === 'backward')) {
        const node = m.byId.get(s.node)!;
        for (const eq of s.equations.filter((e) => e.kind === 'chain')) {
          const [, nums] = eq.text.split(' = ').slice(-2).length === 2 ? [null, eq.text.split(' = ').slice(-2)] : [null, []];
          const [prod, result] = nums as string[];
          const [up, local] = prod.split(' × ').map(num);
          expect(up).toBeCloseTo(Number(fmt(node.grad).replace('−', '-')), 12);
          expect(Math.abs(num(result) - up * local)).toBeLessThanOrEqual(Math.abs(up * local) * 2e-3 + 1e-12);
        }
      }
    }
  });

  it('fan-out: a value used twice sums its gradients', () => {
    const { m } = modelOf('quadratic');
    const x = m.inputs[0];
    expect(x.outputs.length).toBe(2);
    const sum = x.outputs.reduce((a, e) => a + e.grad!, 0);
    expect(x.grad).toBeCloseTo(sum, 14);
    const step = buildSteps(m).find((s) => s.phase === 'backward' && s.node === x.id)!;
    expect(step.equations[0].kind).toBe('sum');
    expect(step.equations[0].text).toMatch(/^∂f\/∂x = .+ \(via .+\) \+ .+ \(via .+\) = 4$/);
  });

  it('reveal: values appear going forward, gradients going backward', () => {
    const { m } = modelOf('lecture');
    const steps = buildSteps(m);
    const r0 = reveal(m, steps, 0);
    expect(r0.value.has(m.output.id)).toBe(false);
    expect(r0.grad.size).toBe(0);
    const rf = reveal(m, steps, 2);
    expect(rf.value.has(m.output.id)).toBe(true);
    expect(rf.grad.size).toBe(0);
    const all = reveal(m, steps, steps.length);
    for (const e of m.edges) expect(all.edgeGrad.has(edgeKey(e))).toBe(e.grad !== null);
    expect(all.grad.size).toBe(m.nodes.filter((n) => n.requiresGrad).length);
  });
});

describe('difference quotients', () => {
  it('the numeric program equals the autodiff value', () => {
    for (const p of GRAPH_PRESETS) {
      const prog = parseProgram(p.source);
      const m = buildModel(prog, p.values);
      expect(numericProgram(prog)(prog.inputs.map((n) => p.values[n]))).toBeCloseTo(m.output.value, 12);
    }
  });

  it('central at h = 1e-5 is far better than forward at 1e-1, and rounding takes over at 1e-12', () => {
    const { prog, m } = modelOf('sigmoid');
    const at = prog.inputs.map((n) => preset('sigmoid').values[n]);
    const i = prog.inputs.indexOf('w0');
    const rows = quotientSweep(prog, at, i, m.inputs[i].grad!);
    expect(rows).toHaveLength(STEPS.length);
    expect(rowAt(rows, 1e-5).centralError).toBeLessThan(rowAt(rows, 1e-1).forwardError * 1e-4);
    expect(rowAt(rows, 1e-2).forwardError).toBeLessThan(rowAt(rows, 1e-1).forwardError);
    expect(rowAt(rows, 1e-12).centralError).toBeGreaterThan(rowAt(rows, Math.cbrt(FLOAT64_EPS)).centralError);
    expect(rowAt(rows, 1e-12).forwardError).toBeGreaterThan(rowAt(rows, Math.sqrt(FLOAT64_EPS)).forwardError);
  });
});
