import { describe, expect, it } from 'vitest';
import { Rng, Tensor, tensor } from '@descent/core-tensor';
import * as A from '@descent/autodiff';
import { createLoss, type LossName } from '@descent/losses';
import { Activation, Dropout, Linear, Sequential, backprop, forwardTrace, gradientFlow, lossAndGradient, type BackpropLoss, type Module } from './index.js';

// The four equations written out (backprop.ts) against autodiff on the same models: every δ, ∂C/∂W and
// ∂C/∂b over many random networks, activations, losses, reductions and batch sizes, within 1e-10.

const HIDDEN: [string, Record<string, number>?][] = [
  ['sigmoid'], ['tanh'], ['relu'], ['leakyRelu', { negativeSlope: 0.1 }], ['elu', { alpha: 0.7 }], ['softplus', { beta: 2, threshold: 5 }], ['gelu'], ['silu'], ['identity'],
];
const LOSS_CASES: { name: LossName; last?: string; options?: Record<string, number> }[] = [
  { name: 'mse' }, { name: 'l1' }, { name: 'huber', options: { delta: 0.3 } }, { name: 'smoothL1', options: { beta: 0.5 } }, { name: 'smoothL1', options: { beta: 0 } },
  { name: 'bce', last: 'sigmoid' }, { name: 'bceWithLogits' }, { name: 'crossEntropy' }, { name: 'crossEntropy', last: 'softmax' }, { name: 'nll', last: 'logSoftmax' },
];

interface Case {
  model: Sequential;
  x: Tensor;
  target: Tensor | Int32Array;
  loss: BackpropLoss;
  linears: number;
}

function randomCase(seed: number): Case {
  const rng = new Rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  const lc = LOSS_CASES[seed % LOSS_CASES.length];
  const depth = int(1, 5);
  const input = int(1, 4);
  const classes = lc.name === 'crossEntropy' || lc.name === 'nll';
  const outputs = classes ? int(2, 4) : int(1, 3);
  const modules: Module[] = [];
  let width = input;
  if (rng.next() < 0.15) modules.push(new Activation(pick(HIDDEN)[0])); // an activation before the first Linear
  for (let l = 0; l < depth; l++) {
    const n = l === depth - 1 ? outputs : int(1, 6);
    modules.push(new Linear(width, n, { dtype: 'float64', rng, bias: rng.next() > 0.15, init: { type: 'normal', std: 0.9 } }));
    width = n;
    if (l < depth - 1) {
      const [name, options] = pick(HIDDEN);
      modules.push(new Activation(name, options));
      if (rng.next() < 0.2) modules.push(new Activation(pick(HIDDEN)[0], undefined)); // two activations in a row
      if (rng.next() < 0.2) modules.push(new Dropout(0.5).eval());
    }
  }
  if (lc.last) modules.push(new Activation(lc.last));
  const model = new Sequential(...modules);
  const B = int(1, 5);
  const x = new Tensor(Float64Array.from({ length: B * input }, () => rng.next() * 4 - 2), [B, input]);
  const target = classes
    ? Int32Array.from({ length: B }, () => int(0, outputs - 1))
    : new Tensor(Float64Array.from({ length: B * outputs }, () => (lc.name === 'bce' || lc.name === 'bceWithLogits' ? rng.next() : rng.next() * 3 - 1.5)), [B, outputs]);
  const reduction = rng.next() < 0.5 ? 'mean' : 'sum';
  return { model, x, target, loss: { name: lc.name, options: { reduction, ...lc.options } }, linears: depth };
}

/** Autodiff's answer: the loss, and ∂C/∂z, ∂C/∂a of every Linear's output (inner nodes keep their grad). */
function reference(c: Case) {
  c.model.zeroGrad();
  let h: A.Var = A.constant(c.x);
  const zs: A.Var[] = [], as: A.Var[] = [];
  c.model.modules.forEach((m) => {
    h = m.forward(h);
    if (m instanceof Linear) {
      zs.push(h);
      as.push(h);
    } else if (zs.length) as[as.length - 1] = h;
  });
  const loss = createLoss(c.loss.name, c.loss.options as never)(h, c.target as never);
  loss.backward();
  return { loss: loss.item(), zs, as };
}

/** Largest |a − b| relative to max(1, |b|): 1e-10 is then "equal to rounding" at every scale. */
function worst(a: Tensor | null, b: Tensor | null): number {
  if (!a || !b) return a === b ? 0 : Infinity;
  expect(a.shape).toEqual(b.shape);
  let w = 0;
  for (let i = 0; i < a.size; i++) w = Math.max(w, Math.abs(a.data[i] - b.data[i]) / Math.max(1, Math.abs(b.data[i])));
  return w;
}

describe('backprop: BP1–BP4 written out agree with autodiff', () => {
  it('on 400 random networks, activations, losses, reductions and batches, within 1e-10', () => {
    let maxDiff = 0;
    const seen = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCase(seed);
      const ref = reference(c);
      const bp = backprop(c.model, c.x, c.target, c.loss);
      expect(bp.layers).toHaveLength(c.linears);
      maxDiff = Math.max(maxDiff, Math.abs(bp.loss - ref.loss) / Math.max(1, Math.abs(ref.loss)));
      bp.layers.forEach((L, l) => {
        const lin = c.model.modules[L.module] as Linear;
        const d = Math.max(
          worst(L.z, ref.zs[l].value),
          worst(L.a, ref.as[l].value),
          worst(L.delta, ref.zs[l].grad), // δˡ = ∂C/∂zˡ
          worst(L.gradA, ref.as[l].grad),
          worst(L.gradWeight, lin.weight.grad), // BP3
          worst(L.gradBias, lin.bias?.grad ?? null), // BP4
        );
        expect(d, `seed ${seed}, layer ${l}, ${c.loss.name}`).toBeLessThan(1e-10);
        maxDiff = Math.max(maxDiff, d);
        for (const s of L.stages) seen.add(s.name);
      });
      seen.add(c.loss.name);
    }
    // Every activation and loss was exercised.
    for (const [n] of HIDDEN) expect(seen).toContain(n);
    for (const l of LOSS_CASES) expect(seen).toContain(l.name);
    expect(maxDiff).toBeLessThan(1e-10);
    console.log(`backprop vs autodiff: worst relative difference ${maxDiff.toExponential(2)} over 400 networks`);
  });

  it('names BP1 for the output layer and BP2 below it; σ′ is null for a softmax layer', () => {
    const c = randomCase(8); // crossEntropy after a softmax
    const bp = backprop(c.model, c.x, c.target, c.loss);
    expect(bp.layers.map((l) => l.equation)).toEqual([...Array(bp.layers.length - 1).fill('BP2'), 'BP1']);
    expect(bp.layers[bp.layers.length - 1].sigmaPrime).toBeNull();
    expect(bp.layers[bp.layers.length - 1].stages.map((s) => s.name)).toEqual(['softmax']);
  });
});

describe('forwardTrace', () => {
  it('gives every layer z and a, equal to the model output', () => {
    const model = new Sequential(new Linear(2, 3, { dtype: 'float64', seed: 1 }), new Activation('tanh'), new Linear(3, 1, { dtype: 'float64', seed: 2 }), new Activation('sigmoid'));
    const x = tensor([[0.5, -1], [2, 0]], 'float64');
    const t = forwardTrace(model, x);
    expect(t.layers.map((l) => [l.module, l.inFeatures, l.outFeatures, l.stages.map((s) => s.name)])).toEqual([[0, 2, 3, ['tanh']], [2, 3, 1, ['sigmoid']]]);
    expect(t.layers[0].a.toFlat()).toEqual(t.layers[0].z.toFlat().map(Math.tanh));
    const ref = model.forward(x).value.toFlat();
    t.output.toFlat().forEach((v, i) => expect(v).toBeCloseTo(ref[i], 15));
  });

  it('evaluates a float32 model in float64 on its exact weights', () => {
    const model = new Sequential(new Linear(2, 2, { seed: 3 }), new Activation('relu'));
    const t = forwardTrace(model, [[1, 2]]);
    expect(t.layers[0].weight.dtype).toBe('float64');
    expect(t.layers[0].weight.toFlat()).toEqual(Array.from(model.parameters()[0].value.data));
  });

  it('refuses what it cannot explain, naming the field and the value', () => {
    const net = new Sequential(new Linear(2, 1, { dtype: 'float64' }));
    expect(() => forwardTrace(net, tensor([[1, 2, 3]], 'float64'))).toThrow('backprop: x has shape [1, 3], expected [batch, 2] with batch ≥ 1');
    expect(() => forwardTrace(net, [[1, NaN]])).toThrow('backprop: x [0][1] is not finite (NaN)');
    expect(() => forwardTrace(new Sequential(new Activation('tanh')), [[1]])).toThrow(/backprop: model has no Linear layer/);
    expect(() => backprop(net, [[1, 2]], [[0]], { name: 'hinge' })).toThrow('backprop: loss name must be one of mse, l1, huber, smoothL1, bce, bceWithLogits, crossEntropy, nll, got "hinge"');
    expect(() => backprop(net, [[1, 2]], [[0, 1]], { name: 'mse' })).toThrow(/target has 1 rows of 2, expected \[1, 1\]/);
    expect(() => backprop(net, [[1, 2]], [3], { name: 'crossEntropy' })).toThrow(/target \[0\] = 3 is not a class index in 0..0/);
    expect(() => backprop(net, [[1, 2]], [[0]], { name: 'mse', options: { reduction: 'avg' as never } })).toThrow(/reduction must be 'mean' or 'sum', got "avg"/);
    const custom = { forward: (v: A.Var) => v, parameters: () => [], namedParameters: () => [], train() { return this; }, toString: () => 'MyBlock' } as unknown as Module;
    expect(() => forwardTrace([new Linear(1, 1), custom], [[1]])).toThrow('backprop: model module 1 (MyBlock) is not a Linear, an activation or Dropout: the equations cover those only');
  });
});

describe('lossAndGradient', () => {
  it('is ∇ₐC with the reduction: mse mean over B·K elements, crossEntropy mean over B rows', () => {
    const out = tensor([[1, 2], [0, -1]], 'float64');
    const m = lossAndGradient({ name: 'mse' }, out, [[0, 0], [0, 0]]);
    expect(m.loss).toBeCloseTo((1 + 4 + 0 + 1) / 4, 15);
    expect(m.grad.toArray()).toEqual([[0.5, 1], [0, -0.5]]);
    const s = lossAndGradient({ name: 'mse', options: { reduction: 'sum' } }, out, [[0, 0], [0, 0]]);
    expect(s.grad.toArray()).toEqual([[2, 4], [0, -2]]);
    const ce = lossAndGradient({ name: 'cross_entropy' }, tensor([[0, 0]], 'float64'), [1]);
    expect(ce.loss).toBeCloseTo(Math.LN2, 15);
    expect(ce.grad.toArray()).toEqual([[0.5, -0.5]]);
  });
});

describe('gradientFlow', () => {
  it('shows the vanishing gradient of a deep sigmoid net, within BP2’s bound at every layer', () => {
    const rng = new Rng(7);
    const mods: Module[] = [];
    const widths = [2, 8, 8, 8, 8, 8, 1];
    for (let l = 0; l < 6; l++) {
      mods.push(new Linear(widths[l], widths[l + 1], { dtype: 'float64', rng }));
      if (l < 5) mods.push(new Activation('sigmoid'));
    }
    const bp = backprop(new Sequential(...mods), [[0.3, -0.8]], [[1]], { name: 'bceWithLogits' });
    const flow = gradientFlow(bp);
    expect(flow.layers).toHaveLength(6);
    for (const L of flow.layers.slice(0, 5)) {
      expect(L.maxSigmaPrime!).toBeLessThanOrEqual(0.25);
      expect(L.ratio!).toBeLessThanOrEqual(L.bound! * (1 + 1e-12)); // ‖δˡ‖ ≤ ‖Wˡ⁺¹‖₂ max|σ′| ‖δˡ⁺¹‖
    }
    // The first layer's gradient is orders of magnitude smaller than the last one's.
    expect(flow.layers[0].gradWeightNorm / flow.layers[5].gradWeightNorm).toBeLessThan(1e-2);
    expect(flow.path.map((p) => p.layer)).toEqual([0, 1, 2, 3, 4, 5]);
    const product = flow.path.slice(0, -1).reduce((p, s) => p * s.factor!, 1);
    expect(flow.pathProduct).toBeCloseTo(product, 15);
    expect(flow.path.slice(0, -1).every((s) => s.factor! <= 0.25 * 1)).toBe(true); // default init: |w| ≤ 1/√8 < 1
  });

  it('handles a large batch (no spread of its values onto the call stack) and bounds the batch ratios too', () => {
    const rng = new Rng(3);
    const model = new Sequential(new Linear(2, 4, { dtype: 'float64', rng }), new Activation('sigmoid'), new Linear(4, 1, { dtype: 'float64', rng }));
    const B = 60_000;
    const x = new Tensor(Float64Array.from({ length: B * 2 }, () => rng.next() * 4 - 2), [B, 2]);
    const y = new Tensor(Float64Array.from({ length: B }, () => (rng.next() < 0.5 ? 0 : 1)), [B, 1]);
    const flow = gradientFlow(backprop(model, x, y, { name: 'bceWithLogits' }));
    expect(flow.layers[0].maxSigmaPrime!).toBeGreaterThan(0.2);
    expect(flow.layers[0].maxSigmaPrime!).toBeLessThanOrEqual(0.25);
    expect(flow.layers[0].ratio!).toBeLessThanOrEqual(flow.layers[0].bound! * (1 + 1e-12));
  });
});
