import fc from 'fast-check';
import * as A from '@descent/autodiff';
import * as T from '@descent/core-tensor';
import { Tensor } from '@descent/core-tensor';
import { ACTIVATION_NAMES, buildModel, countParameters, describeModel } from '@descent/layers';
import { LOSS_NAMES, createLoss, lossInfo, lossName } from '@descent/losses';
import { createOptimizer, optimizerInfo, optimizerNames } from '@descent/optimizers';
import { createScheduler, lrCurve, scheduleInfo, scheduleNames, type ScheduleName } from '@descent/schedulers';
import { draw, type Area } from '../area.js';
import { check, type FuzzCase } from '../outcome.js';
import { dtypeArb, expectFinite, expectShape, finite, junk, show, sizeOf, valuesArb } from '../gen.js';
import { nameArb, optionsArb, optionsVerdict, verdict } from '../options-gen.js';

// optimizers (createOptimizer options, steps with bad grads), schedulers (options, lrCurve), layers (model
// specs), losses (names, options, targets).

const paramsArb = fc.record({ shapes: fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }), dtype: dtypeArb }).chain(({ shapes, dtype }) =>
  fc.tuple(...shapes.map((s) => valuesArb(sizeOf(s), 3).map((v) => T.fromArray(v, s, dtype)))).map((ps) => ({ params: ps as Tensor[], dtype })),
);

function optimizerCase(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(nameArb(optimizerNames), paramsArb).chain(([name, { params, dtype }]) => {
    const metas = typeof name === 'string' && (optimizerNames as readonly string[]).includes(name) ? optimizerInfo(name as never).options : [];
    const clip: fc.Arbitrary<{ clipNorm?: unknown; clipValue?: unknown }> = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record({ clipNorm: fc.oneof(finite(0.01, 5), junk) }) }, { weight: 1, arbitrary: fc.record({ clipValue: fc.oneof(finite(0.01, 5), junk) }) });
    const gradMode = fc.constantFrom('good', 'good', 'good', 'good', 'good', 'nan', 'size', 'dtype', 'count', 'junk', 'setLr');
    return fc.tuple(optionsArb(metas), clip, gradMode, fc.integer({ min: 1, max: 4 }), fc.array(valuesArb(16, 3), { minLength: 4, maxLength: 4 }), junk).map(([opts, extras, mode, steps, gvals, bad]): FuzzCase => {
      const known = metas.length > 0;
      // null or undefined turns clipping off.
      const clipOk = Object.values(extras).every((v) => v == null || (typeof v === 'number' && v > 0 && Number.isFinite(v)));
      const grads = (k: number): unknown[] =>
        params.map((p, i) => {
          const g = T.fromArray(gvals[k].slice(0, p.size).concat(new Array(Math.max(0, p.size - 16)).fill(0.5)), p.shape, dtype);
          if (i !== 0) return g;
          if (mode === 'nan') return T.fromArray(Array.from(g.data, (v, j) => (j === 0 ? NaN : v)), p.shape, dtype);
          if (mode === 'size') return T.zeros([p.size + 1], dtype);
          if (mode === 'dtype') return T.cast(g, dtype === 'float32' ? 'float64' : 'float32');
          if (mode === 'junk') return bad;
          return g;
        });
      const start = params.map((p) => Array.from(p.data));
      return {
        what: `${show(name)}(${show(opts.options, 120)}, ${show(extras)}) × ${steps} steps, grads ${mode}`,
        // Options that pass their own bounds can still clash (nesterov without momentum): a valid-looking set may be refused.
        valid: verdict(known, optionsVerdict(opts), clipOk, ['good', 'nan', 'setLr'].includes(mode) ? undefined : false),
        run() {
          const opt = createOptimizer(name as never, opts.options as never, extras as never);
          const ps = params.map((p) => T.clone(p));
          for (let k = 0; k < steps; k++) {
            const g = grads(k);
            if (mode === 'count') g.pop();
            if (mode === 'setLr') opt.lr = bad as number;
            opt.step(ps, g as Tensor[]);
          }
          if (mode !== 'nan' && !opts.extreme) for (const p of ps) expectFinite(p, `${String(name)} parameters`);
          // Plain SGD against its formula: p ← p − lr·g at every step.
          const o = opt.options as unknown as Record<string, unknown>;
          if (name === 'sgd' && mode === 'good' && !o.momentum && !o.weightDecay && !o.maximize && !extras.clipNorm && !extras.clipValue) {
            ps.forEach((p, i) => {
              for (let j = 0; j < p.size; j++) {
                let ref = start[i][j];
                for (let k = 0; k < steps; k++) ref -= (o.lr as number) * (grads(k)[i] as Tensor).data[j];
                const tol = dtype === 'float32' ? 1e-5 * (1 + Math.abs(ref)) : 1e-12 * (1 + Math.abs(ref));
                check(Math.abs(p.data[j] - ref) <= tol, `sgd: param ${i}[${j}] is ${p.data[j]}, expected ${ref}`);
              }
            });
          }
        },
      };
    });
  });
}

function schedulerCase(): fc.Arbitrary<FuzzCase> {
  const names = scheduleNames.filter((n) => n !== 'lambda');
  return nameArb(names).chain((name) => {
    const known = typeof name === 'string' && (names as readonly string[]).includes(name);
    const metas = known ? scheduleInfo(name as ScheduleName).options : [];
    const baseLr = fc.oneof({ weight: 6, arbitrary: finite(0, 1) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, NaN, Infinity, '0.1') });
    const n = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 400 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 2.5, 1e9, NaN, '10', null) });
    return fc.tuple(optionsArb(metas), baseLr, n, fc.constantFrom('curve', 'curve', 'driver'), fc.array(fc.oneof(finite(0, 2), fc.constant(NaN)), { minLength: 8, maxLength: 8 })).map(([opts, lr, steps, how, metrics]): FuzzCase => {
      const lrOk = typeof lr === 'number' && Number.isFinite(lr) && lr >= 0;
      const stepsOk = typeof steps === 'number' && Number.isInteger(steps) && steps >= 0 && steps <= 1e7;
      return {
        what: `${how === 'curve' ? 'lrCurve' : 'createScheduler'}(${show(name)}, ${show(opts.options, 140)}, baseLr ${show(lr)}, ${show(steps)} steps)`,
        valid: verdict(known, optionsVerdict(opts), lrOk, how === 'driver' || stepsOk, undefined),
        run() {
          if (how === 'curve') {
            const curve = lrCurve({ scheduler: name as never, options: opts.options as never }, lr as number, steps as number);
            check(Array.isArray(curve) && curve.length === steps, `lrCurve: ${curve.length} values for ${String(steps)} steps`);
            curve.forEach((v, t) => check(typeof v === 'number' && (opts.extreme || Number.isFinite(v)) && !(v < 0), `lrCurve[${t}] = ${show(v)}`));
            const o = opts.options as Record<string, number>;
            if (opts.extreme) return;
            if (name === 'step' && o.stepSize !== undefined) {
              const gamma = o.gamma ?? 0.1;
              curve.forEach((v, t) => check(Math.abs(v - (lr as number) * gamma ** Math.floor(t / o.stepSize)) <= 1e-12 * (lr as number) + 1e-300, `step lr[${t}] = ${v}`));
            }
            if (name === 'exponential' && o.gamma !== undefined) {
              curve.forEach((v, t) => check(Math.abs(v - (lr as number) * o.gamma ** t) <= 1e-9 * (lr as number) + 1e-300, `exponential lr[${t}] = ${v}`));
            }
          } else {
            const target = { lr: lr as number, momentum: 0.9, momentumKind: 'momentum' as const };
            const s = createScheduler(target, name as never, opts.options as never);
            for (const m of metrics) {
              s.step(m);
              check(typeof target.lr === 'number' && (opts.extreme || Number.isFinite(target.lr)) && !(target.lr < 0), `${String(name)}: lr became ${target.lr}`);
            }
          }
        },
      };
    });
  });
}

const layerArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record(
      {
        type: fc.constant('dense'),
        units: fc.oneof({ weight: 14, arbitrary: fc.integer({ min: 1, max: 8 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 2.5, 1e9, 65537, '8', null) }),
        useBias: fc.oneof({ weight: 16, arbitrary: fc.boolean() as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk }),
        init: fc.oneof(
          { weight: 16, arbitrary: fc.constantFrom<unknown>('default', 'zeros', 'ones', 'xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal', { type: 'normal', std: 0.1 }, { type: 'uniform', low: -1, high: 1 }, { type: 'constant', value: 0.5 }, { type: 'kaimingUniform', nonlinearity: 'leakyRelu', a: 0.1 }) },
          { weight: 2, arbitrary: fc.constantFrom<unknown>('he', { type: 'normal', std: -1 }, { type: 'uniform', low: 2, high: 1 }, { type: 'constant', value: NaN }, { type: 'normal', mean: Infinity }, { type: 'xavierUniform', gain: -1 }, { type: 'kaimingNormal', mode: 'fanMid' }) },
          { weight: 1, arbitrary: junk },
        ),
      },
      { requiredKeys: ['type', 'units'] },
    ),
  },
  {
    weight: 7,
    // An activation with the options its function takes (sometimes wrong ones, or junk).
    arbitrary: fc.oneof({ weight: 8, arbitrary: fc.constantFrom<unknown>(...ACTIVATION_NAMES, 'leaky_relu', 'log_softmax', 'linear', 'none') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('mish', 'ReLU', '') }, { weight: 1, arbitrary: junk }).chain((fn) => {
      const num = (lo: number, hi: number) => fc.oneof({ weight: 6, arbitrary: finite(lo, hi) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
      const own: Record<string, fc.Arbitrary<unknown>> = {
        leakyRelu: fc.record({ negativeSlope: num(-1, 1) }, { requiredKeys: [] }),
        leaky_relu: fc.record({ negativeSlope: num(-1, 1) }, { requiredKeys: [] }),
        elu: fc.record({ alpha: num(0, 2) }, { requiredKeys: [] }),
        softplus: fc.record({ beta: fc.oneof(num(0.5, 3), fc.constant(0)), threshold: num(1, 30) }, { requiredKeys: [] }),
      };
      const options = fc.oneof(
        { weight: 4, arbitrary: typeof fn === 'string' && own[fn] ? own[fn] : fc.constant(undefined) },
        { weight: 1, arbitrary: fc.oneof(fc.constant({ beta: 2 }) as fc.Arbitrary<unknown>, fc.constant({ dim: 1 }), junk) },
      );
      return fc.record({ type: fc.constant('activation'), fn: fc.constant(fn), options }, { requiredKeys: ['type', 'fn'] });
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('dropout'), p: fc.oneof({ weight: 4, arbitrary: finite(0, 0.9) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, 1.5, -0.1, NaN, 'half') }) }) },
  { weight: 1, arbitrary: fc.oneof(junk, fc.record({ type: fc.constantFrom<unknown>('conv2d', 'Dense', null), units: fc.constant(3) })) },
);
// (weights: mostly dense and activation layers, so that a good share of the specs are valid)

function layersCase(): fc.Arbitrary<FuzzCase> {
  const spec = fc.oneof(
    { weight: 12, arbitrary: fc.record({ input: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 6 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk.map((v) => (v === 1e9 ? 1e12 : v)) }), layers: fc.array(layerArb, { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({ input: 2_000_000, layers: [{ type: 'dense', units: 50_000 }] }, { input: 20_000, layers: [{ type: 'dense', units: 60_000 }] }, { layers: [] }, [], null, { input: 2, layers: [{ type: 'dense', units: 2 }], extra: 1 }) },
  );
  return fc.tuple(spec, dtypeArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 99 })).map(([s, dtype, batch, seed]): FuzzCase => ({
    what: `buildModel(${show(s, 200)}, ${dtype})`,
    names: ['layer', 'model', 'layers', 'init', 'input'],
    run() {
      const model = buildModel(s as never, { dtype, seed });
      const d = describeModel(s as never);
      check(countParameters(model) === d.totalParams, `countParameters ${countParameters(model)} vs describeModel ${d.totalParams}`);
      if (d.input > 10_000) return; // a valid but wide input (a layer-free or dropout-only model): no forward pass here
      const x = T.randn([batch, d.input], { seed, dtype });
      const y = model.forward(A.constant(x));
      expectShape(y.value, [batch, d.output], 'forward');
      expectFinite(y.value, 'forward');
      model.eval();
      expectFinite(model.forward(A.constant(x)).value, 'forward (eval)');
    },
  }));
}

function lossCase(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(nameArb([...LOSS_NAMES, 'smooth_l1', 'bce_with_logits', 'cross_entropy']), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 }), dtypeArb).chain(([name, n, k, dtype]) => {
    const canonical = lossName(name);
    const info = canonical ? lossInfo(canonical) : null;
    const targetMode = fc.constantFrom('good', 'good', 'good', 'good', 'shape', 'nested', 'junk', 'nan', 'range', 'float', 'length', 'tensor');
    return fc.tuple(optionsArb(info?.options ?? []), valuesArb(n * k, 4), valuesArb(n * k, 1), fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }), targetMode, junk).map(([opts, out, tv, classes, mode, bad]): FuzzCase => {
      let output = T.fromArray(out, [n, k], dtype);
      if (canonical === 'bce') output = T.sigmoid(output);
      if (canonical === 'nll') output = n === 0 ? output : T.logSoftmax(output, 1);
      const classTask = info?.target === 'classes';
      const probs = tv.map((v) => Math.min(1, Math.abs(v)));
      let target: unknown;
      if (classTask) {
        target = mode === 'range' ? classes.map((c, i) => (i === 0 ? k : c)) : mode === 'float' ? classes.map((c) => c + 0.5) : mode === 'length' ? [...classes, 0] : mode === 'junk' ? bad : mode === 'nan' ? classes.map(() => NaN) : mode === 'tensor' ? T.fromArray(classes, [n], 'float64') : mode === 'nested' ? classes : Int32Array.from(classes);
      } else {
        const values = canonical === 'bce' || canonical === 'bceWithLogits' ? probs : tv;
        target = mode === 'shape' ? T.fromArray(values.concat([0]), [n * k + 1], dtype) : mode === 'nested' ? T.fromArray(values, [n, k], 'float64').toArray() : mode === 'junk' ? bad : mode === 'nan' ? T.fromArray(values.map(() => NaN), [n, k], dtype) : T.fromArray(values, [n, k], dtype);
      }
      const goodTarget = classTask ? !['range', 'float', 'length', 'junk'].includes(mode) || n === 0 : !['shape', 'junk'].includes(mode);
      return {
        what: `${show(name)}(${show(opts.options)})(output ${dtype}[${n}, ${k}], target ${mode})`,
        // Valid options and targets must give a value (an empty batch may give NaN, as PyTorch's mean does, or a clear error).
        valid: verdict(!!canonical, optionsVerdict(opts), mode === 'nan' || n === 0 ? undefined : goodTarget),
        names: canonical ? [canonical, 'loss', 'target', 'output', String(name)] : ['loss'],
        run() {
          const loss = createLoss(name as string, opts.options as never);
          const pred = A.variable(output);
          const v = loss(pred, target as never);
          expectShape(v.value, [], 'loss');
          const value = v.value.item();
          if (mode === 'nan' || n === 0) return;
          check(Number.isFinite(value), `loss is ${value} for finite output and target`);
          check(value >= -1e-12, `loss is ${value} < 0`);
          // float64 reference, computed here.
          const o = opts.options as Record<string, unknown>;
          const red = (o.reduction as string) ?? 'mean';
          const od = Array.from(output.data);
          let terms: number[];
          if (classTask) {
            const cls = Array.from(target instanceof Tensor ? target.data : (target as ArrayLike<number>));
            terms = cls.map((c, r) => {
              const row = od.slice(r * k, (r + 1) * k);
              if (canonical === 'nll') return -row[c];
              const m = Math.max(...row);
              return m + Math.log(row.reduce((s, z) => s + Math.exp(z - m), 0)) - row[c];
            });
          } else {
            const td = target instanceof Tensor ? Array.from(target.data) : (target as number[][]).flat();
            const delta = (o.delta as number) ?? 1, beta = (o.beta as number) ?? 1;
            terms = od.map((p, i) => {
              const t = td[i], d = p - t, a = Math.abs(d);
              switch (canonical) {
                case 'mse': return d * d;
                case 'l1': return a;
                case 'huber': return a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
                case 'smoothL1': return beta === 0 ? a : a < beta ? (0.5 * d * d) / beta : a - 0.5 * beta;
                case 'bce': return -(t * Math.max(Math.log(p), -100) + (1 - t) * Math.max(Math.log1p(-p), -100));
                default: return Math.max(p, 0) - p * t + Math.log1p(Math.exp(-Math.abs(p)));
              }
            });
          }
          const ref = red === 'sum' ? terms.reduce((s, x) => s + x, 0) : terms.reduce((s, x) => s + x, 0) / terms.length;
          const tol = (dtype === 'float32' ? 1e-4 : 1e-10) * (1 + Math.abs(ref));
          check(Math.abs(value - ref) <= tol, `${canonical}: ${value}, expected ${ref}`);
          v.backward();
          expectFinite(pred.grad!, `${canonical} gradient`);
        },
      };
    });
  });
}

const area = (name: string, count: number, arb: () => fc.Arbitrary<FuzzCase>): Area => {
  let cached: fc.Arbitrary<FuzzCase> | null = null;
  return { name, count, timeoutMs: 3000, make: (seed) => draw((cached ??= arb()), seed) };
};

export const TRAINING_AREAS: readonly Area[] = [
  area('optimizers', 500, optimizerCase),
  area('schedulers', 400, schedulerCase),
  area('layers', 500, layersCase),
  area('losses', 500, lossCase),
];
