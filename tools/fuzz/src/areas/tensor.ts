import fc from 'fast-check';
import * as T from '@descent/core-tensor';
import { Tensor, type DType } from '@descent/core-tensor';
import { draw, type Area } from '../area.js';
import { check, type FuzzCase } from '../outcome.js';
import {
  badShapeArb, broadcastOffset, broadcastShape, dtypeArb, expectFinite, expectShape, expectValues, finite, fits, indices, isDtypeArg, isShape,
  junk, round, sameShape, shapeArb, show, sizeOf, stridesOf, valuesArb,
} from '../gen.js';

// core-tensor: creation, broadcasting, reductions and axes, shape ops, unary ops and their parameters.

const shapeOrBad = fc.oneof({ weight: 5, arbitrary: shapeArb() as fc.Arbitrary<unknown> }, { weight: 2, arbitrary: badShapeArb });
const dtypeOrBad = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>('float32', 'float64', undefined) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('int32', 'float16', null, 3, 'FLOAT32') });

const validShape = (s: unknown, dtype: unknown): s is number[] => isShape(s) && isDtypeArg(dtype) && fits(s, (dtype as DType | undefined) ?? 'float32');
const dtypeOf = (d: unknown): DType => (d as DType | undefined) ?? 'float32';

/** A tensor with random finite values (and the values as float64 numbers, as stored). */
const tensorArb = (shape: fc.Arbitrary<number[]> = shapeArb(), scale = 10): fc.Arbitrary<Tensor> =>
  fc.tuple(shape, dtypeArb).chain(([s, dtype]) => valuesArb(sizeOf(s), scale).map((v) => T.fromArray(v, s, dtype)));

function creationCase(): fc.Arbitrary<FuzzCase> {
  const filled = fc.record({ op: fc.constantFrom('zeros', 'ones', 'full'), shape: shapeOrBad, dtype: dtypeOrBad, value: fc.oneof(finite(-1e6, 1e6), fc.constantFrom(NaN, Infinity, 1e39), junk) }).map(
    ({ op, shape, dtype, value }): FuzzCase => ({
      what: `${op}(${show(shape)}${op === 'full' ? `, ${show(value)}` : ''}, ${show(dtype)})`,
      valid: validShape(shape, dtype) && (op !== 'full' || typeof value === 'number'),
      names: [op],
      run() {
        const t = op === 'zeros' ? T.zeros(shape as never, dtype as never) : op === 'ones' ? T.ones(shape as never, dtype as never) : T.full(shape as never, value as never, dtype as never);
        expectShape(t, shape as number[], op);
        check(t.dtype === dtypeOf(dtype), `${op}: dtype ${t.dtype}`);
        const v = op === 'zeros' ? 0 : op === 'ones' ? 1 : (value as number);
        expectValues(t, new Array(t.size).fill(v), op, { ulps: 0 });
      },
    }),
  );
  const fromArray = fc
    .record({ shape: shapeArb(), dtype: dtypeOrBad, extra: fc.constantFrom(0, 0, 0, 1, -1), bad: fc.option(fc.tuple(fc.nat(), junk), { freq: 2 }) })
    .chain(({ shape, dtype, extra, bad }) =>
      valuesArb(Math.max(0, sizeOf(shape) + extra), 1e6).map((vals): FuzzCase => {
        const values: unknown[] = [...vals];
        if (bad && values.length) values[bad[0] % values.length] = bad[1];
        const allNumbers = values.every((v) => typeof v === 'number');
        return {
          what: `fromArray(${show(values)}, ${show(shape)}, ${show(dtype)})`,
          valid: allNumbers && values.length === sizeOf(shape) && isDtypeArg(dtype),
          names: ['fromArray'],
          run() {
            const t = T.fromArray(values as number[], shape, dtype as never);
            expectShape(t, shape, 'fromArray');
            expectValues(t, values as number[], 'fromArray', { ulps: 0 });
          },
        };
      }),
    );
  const nested = fc.record({ shape: shapeArb(3, 1, 3), dtype: dtypeArb, ragged: fc.boolean(), bad: fc.option(junk, { freq: 3 }) }).chain(({ shape, dtype, ragged, bad }) =>
    valuesArb(sizeOf(shape)).map((vals): FuzzCase => {
      let k = 0;
      const build = (d: number): unknown => (d === shape.length ? vals[k++] : Array.from({ length: shape[d] }, () => build(d + 1)));
      const value = build(0) as unknown;
      let raggedApplied = false, badApplied = false;
      if (ragged && Array.isArray(value) && shape.length >= 2 && shape[0] >= 2) {
        (value[value.length - 1] as unknown[]).push(1);
        raggedApplied = true;
      }
      if (bad !== null && Array.isArray(value) && shape.length >= 1) {
        let leaf: unknown[] = value;
        while (Array.isArray(leaf[0])) leaf = leaf[0] as unknown[];
        leaf[0] = bad;
        badApplied = true;
      }
      const mutated = raggedApplied || badApplied;
      // A number leaf keeps the array valid; an array leaf may (a deeper, empty dimension): either way is fine then.
      const acceptable = raggedApplied ? false : !badApplied || typeof bad === 'number' ? true : Array.isArray(bad) ? undefined : false;
      return {
        what: `tensor(${show(value, 80)}, ${dtype})`,
        valid: acceptable,
        names: ['tensor'],
        run() {
          const t = T.tensor(value as never, dtype);
          if (!mutated) {
            expectShape(t, shape, 'tensor');
            expectValues(t, vals, 'tensor', { ulps: 0 });
          }
        },
      };
    }),
  );
  // (junk's 1e9 would be a valid 4 GB arange: the suite keeps its own memory small, so 1e12 stands for "too many")
  const num = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -30, max: 30 }) as fc.Arbitrary<unknown> }, { weight: 3, arbitrary: finite(-30, 30) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(1e12, NaN, Infinity, -Infinity, 0, 1e-9) }, { weight: 1, arbitrary: junk.map((v) => (v === 1e9 ? 1e12 : v)) });
  // undefined is an omitted argument, as null is here.
  const omitted = (a: fc.Arbitrary<unknown>) => a.map((v) => (v === undefined ? null : v));
  const arange = fc.record({ start: num, stop: omitted(fc.option(num, { freq: 4 })), step: omitted(fc.option(num, { freq: 2 })), dtype: dtypeOrBad }).map(({ start, stop, step, dtype }): FuzzCase => {
    const s0 = stop === null ? 0 : start, s1 = stop === null ? start : stop, st = step ?? 1;
    const ok = [s0, s1, st].every((v) => typeof v === 'number' && Number.isFinite(v)) && st !== 0 && isDtypeArg(dtype);
    const n = ok ? Math.max(0, Math.ceil(((s1 as number) - (s0 as number)) / (st as number))) : 0;
    return {
      what: `arange(${show(start)}, ${show(stop ?? undefined)}, ${show(step ?? undefined)}, ${show(dtype)})`,
      valid: ok && fits([n], dtypeOf(dtype)),
      names: ['arange'],
      run() {
        const t = T.arange(start as number, (stop ?? undefined) as number | undefined, (step ?? undefined) as number | undefined, dtype as never);
        expectShape(t, [n], 'arange');
        expectValues(t, Array.from({ length: n }, (_, i) => (s0 as number) + i * (st as number)), 'arange', { ulps: 0, rtol: 0 });
      },
    };
  });
  const dim = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 5 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 2.5, 3000, 1e6, NaN, '3', null) });
  const eye = fc.record({ n: dim, m: fc.option(dim, { freq: 2 }), dtype: dtypeOrBad }).map(({ n, m, dtype }): FuzzCase => {
    const cols = m ?? n;
    return {
      what: `eye(${show(n)}, ${show(m ?? undefined)}, ${show(dtype)})`,
      valid: validShape([n, cols], dtype),
      names: ['eye'],
      run() {
        const t = T.eye(n as number, (m ?? undefined) as number | undefined, dtype as never);
        expectShape(t, [n as number, cols as number], 'eye');
        let ones = 0;
        for (let i = 0; i < t.size; i++) if (t.data[i] !== 0) ones++;
        const k = Math.min(n as number, cols as number);
        check(ones === k, `eye: ${ones} non-zero values, expected ${k}`);
        for (let i = 0; i < k; i++) check(t.get(i, i) === 1, `eye: [${i}, ${i}] is ${t.get(i, i)}`);
      },
    };
  });
  const param = (lo: number, hi: number) => fc.oneof({ weight: 5, arbitrary: finite(lo, hi) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -1, 1e308, 1e39) }, { weight: 1, arbitrary: junk });
  const seedArb = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 1000 }) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, NaN, 'a', -3, 2.5) });
  const random = fc.record({ op: fc.constantFrom('randn', 'uniform', 'rand'), shape: shapeOrBad, dtype: dtypeOrBad, a: param(-5, 5), b: param(0, 5), seed: seedArb }).map(({ op, shape, dtype, a, b, seed }): FuzzCase => {
    const type = dtypeOf(dtype);
    const max = type === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
    const seedOk = seed === undefined || (typeof seed === 'number' && Number.isFinite(seed));
    const fin = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const lo = a as number, hi = typeof a === 'number' && typeof b === 'number' ? a + b : (b as number);
    let valid: boolean | undefined = validShape(shape, dtype) && seedOk;
    if (op === 'randn') valid &&= fin(a) && fin(b) && b >= 0 && Math.abs(a) + 9 * b <= max;
    if (op === 'uniform') valid &&= fin(a) && fin(b) && b >= 0 && Number.isFinite(hi) && Math.abs(lo) <= max && Math.abs(hi) <= max;
    // An undefined (or, for randn's options, null) argument takes its default: then the verdict is not worked out here.
    if (valid === false && op !== 'rand' && (a == null || b == null) && validShape(shape, dtype) && seedOk) valid = undefined;
    return {
      what: `${op}(${show(shape)}, ${op === 'randn' ? `{ mean: ${show(a)}, std: ${show(b)} }` : op === 'uniform' ? `${show(lo)}, ${show(hi)}` : ''}, seed ${show(seed)}, ${show(dtype)})`,
      valid,
      names: [op],
      run() {
        const opts = { seed: seed as number, dtype: dtype as DType };
        const t = op === 'randn' ? T.randn(shape as never, { ...opts, mean: a as number, std: b as number }) : op === 'uniform' ? T.uniform(shape as never, lo, hi, opts) : T.rand(shape as never, opts);
        expectShape(t, shape as number[], op);
        expectFinite(t, op);
        if (op !== 'randn') {
          const [l, h] = op === 'rand' ? [0, 1] : [round(lo ?? 0, type), round(b === undefined ? 1 : hi, type)];
          for (const v of t.data) check(v >= l && v <= h, `${op}: ${v} outside [${l}, ${h}]`);
        }
      },
    };
  });
  const ctor = fc.record({ kind: fc.constantFrom('Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'Array', 'null', 'Float32Array'), shape: shapeOrBad, extra: fc.constantFrom(0, 0, 1) }).map(({ kind, shape, extra }): FuzzCase => {
    const n = (isShape(shape) && sizeOf(shape) <= 64 ? sizeOf(shape) : 2) + extra;
    const data = kind === 'null' ? null : kind === 'Array' ? new Array(n).fill(0) : new (globalThis as unknown as Record<string, new (n: number) => unknown>)[kind](n);
    return {
      what: `new Tensor(${kind}(${n}), ${show(shape)})`,
      valid: (kind === 'Float32Array' || kind === 'Float64Array') && isShape(shape) && sizeOf(shape) === n,
      names: ['Tensor'],
      run() {
        const t = new Tensor(data as never, shape as never);
        check(t.dtype === (kind === 'Float32Array' ? 'float32' : 'float64'), `dtype ${t.dtype} for ${kind}`);
        check(ArrayBuffer.isView(data) && (data instanceof Float32Array || data instanceof Float64Array), `${kind} accepted as tensor data`);
      },
    };
  });
  return fc.oneof(filled, fromArray, nested, arange, eye, random, ctor);
}

const BINARY = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
const binaryRef: Record<(typeof BINARY)[number], (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
  pow: (a, b) => Math.pow(a, b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};

/** Two shapes that broadcast (a dim set to 1, leading dims dropped), or, when `clash`, one that does not. */
const shapePairArb = fc.record({ out: shapeArb(3, 1, 4), dropA: fc.nat(3), dropB: fc.nat(3), onesA: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), onesB: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), clash: fc.boolean() }).map(
  ({ out, dropA, dropB, onesA, onesB, clash }) => {
    const a = out.slice(Math.min(dropA, out.length)).map((d, i) => (onesA[i] ? 1 : d));
    const b = out.slice(Math.min(dropB, out.length)).map((d, i) => (onesB[i] ? 1 : d));
    if (clash && a.length && b.length) {
      const i = a.length - 1, j = b.length - 1;
      a[i] = 2;
      b[j] = 3;
    }
    return [a, b] as const;
  },
);

function broadcastingCase(): fc.Arbitrary<FuzzCase> {
  const binary = fc
    .record({ op: fc.constantFrom(...BINARY), shapes: shapePairArb, da: dtypeArb, db: dtypeArb, scalar: fc.constantFrom('none', 'none', 'none', 'left', 'right'), bad: fc.option(junk, { freq: 12 }) })
    .chain(({ op, shapes: [sa, sb], da, db, scalar, bad }) =>
      fc.tuple(valuesArb(sizeOf(sa), op === 'pow' ? 3 : 10), valuesArb(sizeOf(sb), op === 'pow' ? 3 : 10), finite(-5, 5)).map(([va, vb, s]): FuzzCase => {
        const a = T.fromArray(va, sa, da), b = T.fromArray(vb, sb, db);
        const left: unknown = bad !== null ? bad : scalar === 'left' ? s : a;
        const right: unknown = scalar === 'right' ? s : b;
        const out =
          left instanceof Tensor && right instanceof Tensor ? broadcastShape(sa, sb)
            : left instanceof Tensor && typeof right === 'number' ? [...left.shape]
              : typeof left === 'number' && right instanceof Tensor ? [...right.shape]
                : typeof left === 'number' && typeof right === 'number' ? []
                  : null;
        return {
          what: `${op}(${left instanceof Tensor ? `${da}[${sa}]` : show(left)}, ${right instanceof Tensor ? `${db}[${sb}]` : show(right)})`,
          valid: out !== null && (left instanceof Tensor || typeof left === 'number'),
          names: [op],
          run() {
            const r = (T as unknown as Record<string, (x: unknown, y: unknown) => Tensor>)[op](left, right);
            const dl = left instanceof Tensor ? left.dtype : null, dr = right instanceof Tensor ? right.dtype : null;
            const dtype: DType = dl === 'float64' || dr === 'float64' ? 'float64' : 'float32';
            check(r.dtype === dtype, `${op}: dtype ${r.dtype}, expected ${dtype}`);
            expectShape(r, out!, op);
            // A number operand takes the dtype of the tensor it meets, except pow's exponent (the scalar kernel takes it as is).
            const read = (x: unknown, idx: number[], like: DType) => (x instanceof Tensor ? x.data[broadcastOffset(idx, x.shape)] : op === 'pow' && x === right && left instanceof Tensor ? (x as number) : round(x as number, like));
            const ref = [...indices(out!)].map((idx) => binaryRef[op](read(left, idx, dr ?? dtype), read(right, idx, dl ?? dtype)));
            expectValues(r, ref, op, { ulps: op === 'pow' ? 1 : 0, rtol: op === 'pow' ? 1e-15 : 0 });
          },
        };
      }),
    );
  const where = fc.record({ shapes: shapePairArb, c: shapeArb(2, 1, 3) }).chain(({ shapes: [sa, sb], c }) =>
    fc.tuple(valuesArb(sizeOf(sa)), valuesArb(sizeOf(sb)), fc.array(fc.constantFrom(0, 1, 2), { minLength: sizeOf(c), maxLength: sizeOf(c) })).map(([va, vb, vc]): FuzzCase => {
      const a = T.fromArray(va, sa, 'float64'), b = T.fromArray(vb, sb, 'float64'), cond = T.fromArray(vc, c, 'float64');
      const ab = broadcastShape(sa, sb);
      const out = ab && broadcastShape(c, ab);
      return {
        what: `where(cond[${c}], [${sa}], [${sb}])`,
        valid: out !== null,
        names: ['where'],
        run() {
          const r = T.where(cond, a, b);
          expectShape(r, out!, 'where');
          const ref = [...indices(out!)].map((idx) => (cond.data[broadcastOffset(idx, c)] !== 0 ? a.data[broadcastOffset(idx, sa)] : b.data[broadcastOffset(idx, sb)]));
          expectValues(r, ref, 'where', { ulps: 0, rtol: 0 });
        },
      };
    }),
  );
  const big = fc.constantFrom<[number[], number[]]>([[70000, 1], [1, 70000]], [[1e5, 1], [1e5]], [[40000, 1, 1], [1, 40000, 1]]).map(([sa, sb]): FuzzCase => ({
    what: `add(zeros([${sa}]), zeros([${sb}])) (huge result)`,
    valid: false,
    names: ['add'],
    run: () => T.add(T.zeros(sa), T.zeros(sb)),
  }));
  return fc.oneof({ weight: 8, arbitrary: binary }, { weight: 2, arbitrary: where }, { weight: 1, arbitrary: big });
}

type ReduceName = 'sum' | 'mean' | 'max' | 'min' | 'logsumexp';

/** Reference reduction in float64 over `axes` of x (NaN propagates; empty → sum 0, mean NaN, the others: no value). */
function reduceRef(op: ReduceName | 'argmax' | 'argmin', x: Tensor, axes: number[], keepdim: boolean): { shape: number[]; values: number[] } | 'empty' {
  const shape = keepdim ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  const groups = new Map<number, number[]>();
  const outStrides = stridesOf(x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  for (const idx of indices(x.shape)) {
    let o = 0;
    idx.forEach((v, d) => (o += axes.includes(d) ? 0 : v * outStrides[d]));
    const st = stridesOf(x.shape);
    const g = groups.get(o) ?? [];
    g.push(x.data[idx.reduce((s, v, d) => s + v * st[d], 0)]);
    groups.set(o, g);
  }
  const count = axes.reduce((n, a) => n * x.shape[a], 1);
  const n = sizeOf(shape);
  // As PyTorch: max, min, logsumexp and the arg-reductions refuse an empty reduced axis (even with no output).
  if (count === 0 && op !== 'sum' && op !== 'mean') return 'empty';
  const values: number[] = [];
  for (let o = 0; o < n; o++) {
    const g = groups.get(o) ?? [];
    const hasNaN = g.some(Number.isNaN);
    let v: number;
    if (op === 'sum') v = g.reduce((s, a) => s + a, 0);
    else if (op === 'mean') v = g.reduce((s, a) => s + a, 0) / count;
    else if (op === 'max') v = hasNaN ? NaN : Math.max(...g);
    else if (op === 'min') v = hasNaN ? NaN : Math.min(...g);
    else if (op === 'argmax' || op === 'argmin') {
      const firstNaN = g.findIndex(Number.isNaN);
      v = firstNaN >= 0 ? firstNaN : g.indexOf(op === 'argmax' ? Math.max(...g) : Math.min(...g));
    } else {
      const m = Math.max(...g);
      v = hasNaN ? NaN : !Number.isFinite(m) ? m : m + Math.log(g.reduce((s, a) => s + Math.exp(a - m), 0));
    }
    values.push(v);
  }
  return { shape, values };
}

function reductionCase(): fc.Arbitrary<FuzzCase> {
  const x = fc.record({ shape: shapeArb(3, 0, 4), dtype: dtypeArb, nan: fc.option(fc.nat(), { freq: 4 }), scale: fc.constantFrom(10, 1e3, 1e30) }).chain(({ shape, dtype, nan, scale }) =>
    valuesArb(sizeOf(shape), scale).map((v) => {
      if (nan !== null && v.length) v[nan % v.length] = NaN;
      return T.fromArray(v, shape, dtype);
    }),
  );
  const axisArb = (rank: number): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 4, arbitrary: fc.integer({ min: -rank - 1, max: rank }) },
      { weight: 2, arbitrary: fc.uniqueArray(fc.integer({ min: -rank, max: Math.max(0, rank - 1) }), { maxLength: rank }) },
      { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }) },
      { weight: 1, arbitrary: junk },
    );
  return fc.tuple(x, fc.constantFrom('sum', 'mean', 'max', 'min', 'logsumexp', 'argmax', 'argmin', 'softmax', 'logSoftmax'), fc.oneof({ weight: 8, arbitrary: fc.boolean() as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk })).chain(([t, op, keepdim]) =>
    axisArb(t.rank).map((axis): FuzzCase => {
      const what = `${op}(${t.dtype}[${t.shape}] ${t.data.some(Number.isNaN) ? 'with NaN' : ''}, ${show(axis)}, ${show(keepdim)})`;
      const rank = t.rank;
      const norm = (a: unknown) => (typeof a === 'number' && Number.isInteger(a) && a >= -rank && a < rank ? (a < 0 ? a + rank : a) : null);
      if (op === 'softmax' || op === 'logSoftmax') {
        const ax = axis === undefined ? -1 : axis;
        const a = norm(ax);
        return {
          what,
          valid: a !== null && t.shape[a] > 0 ? true : a === null || rank === 0 ? false : undefined,
          names: [op],
          run() {
            const r = op === 'softmax' ? T.softmax(t, ax as number) : T.logSoftmax(t, ax as number);
            check(a !== null && t.shape[a] > 0, `${op} over an empty or invalid axis returned a value`);
            expectShape(r, t.shape, op);
            const mx = reduceRef('max', t, [a], true) as { values: number[] };
            const keep = t.shape.map((d, i) => (i === a ? 1 : d));
            const ref: number[] = [];
            const sums = new Map<number, number>();
            const offsetKeep = (idx: number[]) => broadcastOffset(idx, keep);
            for (const idx of indices(t.shape)) {
              const o = offsetKeep(idx);
              const v = t.data[idx.reduce((s, x, d) => s + x * stridesOf(t.shape)[d], 0)];
              sums.set(o, (sums.get(o) ?? 0) + Math.exp(v - mx.values[o]));
            }
            for (const idx of indices(t.shape)) {
              const o = offsetKeep(idx);
              const v = t.data[idx.reduce((s, x, d) => s + x * stridesOf(t.shape)[d], 0)];
              const z = v - mx.values[o];
              ref.push(op === 'softmax' ? Math.exp(z) / sums.get(o)! : z - Math.log(sums.get(o)!));
            }
            expectValues(r, ref, op, { rtol: 1e-12, ulps: 8, atol: t.dtype === 'float32' ? 1e-6 : 1e-13 });
            if (!t.data.some(Number.isNaN) && op === 'softmax') expectFinite(r, op);
          },
        };
      }
      const isArg = op === 'argmax' || op === 'argmin';
      const list = axis === undefined ? t.shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : Array.isArray(axis) && !isArg ? axis : null;
      const axes = list?.map(norm) ?? null;
      const axesOk = axes !== null && axes.every((a) => a !== null) && new Set(axes).size === axes.length;
      const keepOk = keepdim === undefined || typeof keepdim === 'boolean';
      const ref = axesOk && keepOk ? reduceRef(op as ReduceName, isArg && axis === undefined ? T.reshape(t, [t.size]) : t, isArg && axis === undefined ? [0] : (axes as number[]), isArg && axis === undefined ? false : keepdim === true) : null;
      return {
        what,
        valid: ref === null ? false : ref === 'empty' ? false : true,
        names: [op],
        run() {
          const r = (T as unknown as Record<string, (x: Tensor, a: unknown, k: unknown) => Tensor>)[op](t, axis, keepdim);
          check(ref !== null && ref !== 'empty', 'an invalid axis or an empty reduction returned a value');
          expectShape(r, ref.shape, op);
          const tol = op === 'sum' || op === 'mean' || op === 'logsumexp' ? { rtol: 1e-12, ulps: 4, atol: (t.dtype === 'float32' ? 1e-5 : 1e-12) * Math.max(1, ...Array.from(t.data, (v) => (Number.isFinite(v) ? Math.abs(v) : 0))) } : { ulps: 0, rtol: 0 };
          expectValues(r, ref.values, op, tol);
        },
      };
    }),
  );
}

function shapeOpCase(): fc.Arbitrary<FuzzCase> {
  const x = tensorArb(shapeArb(3, 0, 4));
  const intOrJunk = (lo: number, hi: number): fc.Arbitrary<unknown> => fc.oneof({ weight: 5, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: junk });
  return x.chain((t) => {
    const rank = t.rank;
    const data = Array.from(t.data);
    const reshape = fc
      .oneof(
        fc.shuffledSubarray([...t.shape, 1, 1], { minLength: 0 }).map((s) => (sizeOf(s) === t.size ? s : [t.size])) as fc.Arbitrary<unknown>,
        fc.constant([-1]),
        fc.constant([-1, 1]),
        fc.constant([t.size, -1]),
        fc.constant([-1, -1]),
        fc.constant([t.size + 1]),
        fc.constant([-2]),
        junk,
      )
      .map((shape): FuzzCase => {
        let expected: number[] | null = null;
        if (Array.isArray(shape) && shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= -1) && shape.filter((d) => d === -1).length <= 1) {
          const known = shape.reduce((n: number, d: number) => (d === -1 ? n : n * d), 1);
          const s = shape.map((d: number) => (d === -1 ? (known === 0 ? NaN : t.size / known) : d));
          if (s.every((d: number) => Number.isInteger(d) && d >= 0) && sizeOf(s) === t.size) expected = s;
        }
        return {
          what: `reshape([${t.shape}], ${show(shape)})`,
          valid: expected !== null,
          names: ['reshape'],
          run() {
            const r = T.reshape(t, shape as number[]);
            check(expected !== null, 'bad reshape accepted');
            expectShape(r, expected, 'reshape');
            expectValues(r, data, 'reshape', { ulps: 0, rtol: 0 });
          },
        };
      });
    const axisOp = fc.tuple(fc.constantFrom('squeeze', 'unsqueeze'), fc.option(intOrJunk(-rank - 2, rank + 1), { freq: 6 }).map((a) => (a === undefined ? null : a))).map(([op, axis]): FuzzCase => {
      const r1 = op === 'unsqueeze' ? rank + 1 : rank;
      const a = typeof axis === 'number' && Number.isInteger(axis) && axis >= -r1 && axis < r1 ? (axis < 0 ? axis + r1 : axis) : null;
      let expected: number[] | null = null;
      if (op === 'unsqueeze' && a !== null) expected = [...t.shape.slice(0, a), 1, ...t.shape.slice(a)];
      if (op === 'squeeze') {
        if (axis === null) expected = t.shape.filter((d) => d !== 1);
        else if (a !== null && t.shape[a] === 1) expected = t.shape.filter((_, i) => i !== a);
      }
      return {
        what: `${op}([${t.shape}], ${show(axis ?? undefined)})`,
        valid: expected !== null,
        names: [op],
        run() {
          const r = op === 'squeeze' ? T.squeeze(t, (axis ?? undefined) as number | undefined) : T.unsqueeze(t, axis as number);
          check(expected !== null, `bad ${op} accepted`);
          expectShape(r, expected, op);
          expectValues(r, data, op, { ulps: 0, rtol: 0 });
        },
      };
    });
    const permute = fc.oneof(fc.shuffledSubarray(t.shape.map((_, i) => i), { minLength: rank, maxLength: rank }) as fc.Arbitrary<unknown>, fc.array(fc.integer({ min: -rank - 1, max: rank }), { maxLength: rank + 1 }), junk).map((axes): FuzzCase => {
      const norm = Array.isArray(axes) && axes.length === rank && axes.every((a) => typeof a === 'number' && Number.isInteger(a) && a >= -rank && a < rank) ? axes.map((a: number) => (a < 0 ? a + rank : a)) : null;
      const ok = norm !== null && new Set(norm).size === rank;
      return {
        what: `permute([${t.shape}], ${show(axes)})`,
        valid: ok,
        names: ['permute'],
        run() {
          const r = T.permute(t, axes as number[]);
          check(ok, 'bad permutation accepted');
          const shape = norm!.map((a) => t.shape[a]);
          expectShape(r, shape, 'permute');
          const st = stridesOf(t.shape);
          expectValues(r, [...indices(shape)].map((idx) => t.data[idx.reduce((s, v, d) => s + v * st[norm![d]], 0)]), 'permute', { ulps: 0, rtol: 0 });
        },
      };
    });
    const transpose = fc.constant(null).map((): FuzzCase => ({
      what: `transpose([${t.shape}])`,
      valid: rank >= 2,
      names: ['transpose'],
      run() {
        const r = T.transpose(t);
        const perm = t.shape.map((_, i) => i);
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
        const shape = perm.map((a) => t.shape[a]);
        expectShape(r, shape, 'transpose');
        const st = stridesOf(t.shape);
        expectValues(r, [...indices(shape)].map((idx) => t.data[idx.reduce((s, v, d) => s + v * st[perm[d]], 0)]), 'transpose', { ulps: 0, rtol: 0 });
      },
    }));
    const concat = fc.record({ axis: intOrJunk(-rank - 1, rank), k: fc.integer({ min: 0, max: 3 }), grow: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), clash: fc.boolean(), bad: fc.option(junk, { freq: 8 }) }).map(({ axis: given, k, grow, clash, bad }): FuzzCase => {
      const axis = given === undefined ? 0 : given; // the default
      const a = typeof axis === 'number' && Number.isInteger(axis) && axis >= -rank && axis < rank ? (axis < 0 ? axis + rank : axis) : null;
      const parts: unknown[] = [t];
      for (let i = 0; i < k; i++) {
        const s = [...t.shape];
        if (a !== null) s[a] = grow[i];
        if (clash && i === 0 && rank > 1 && a !== null) s[(a + 1) % rank] += 1;
        parts.push(T.fromArray(Array.from({ length: sizeOf(s) }, (_, j) => j + i * 100), s, t.dtype));
      }
      if (bad !== null) parts.push(bad);
      const ok = a !== null && !(clash && k > 0 && rank > 1) && bad === null;
      return {
        what: `concat(${parts.map((p) => (p instanceof Tensor ? `[${p.shape}]` : show(p))).join(', ')}; axis ${show(given)})`,
        valid: ok,
        names: ['concat'],
        run() {
          const r = T.concat(parts as Tensor[], given as number);
          check(ok, 'bad concat accepted');
          const ts = parts as Tensor[];
          const shape = [...t.shape];
          shape[a!] = ts.reduce((s, p) => s + p.shape[a!], 0);
          expectShape(r, shape, 'concat');
          const ref: number[] = [];
          for (const idx of indices(shape)) {
            let i = idx[a!], j = 0;
            while (i >= ts[j].shape[a!]) i -= ts[j++].shape[a!];
            const src = [...idx];
            src[a!] = i;
            ref.push(ts[j].data[src.reduce((s, v, d) => s + v * stridesOf(ts[j].shape)[d], 0)]);
          }
          expectValues(r, ref, 'concat', { ulps: 0, rtol: 0 });
        },
      };
    });
    const broadcastTo = fc.oneof(fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), fc.array(fc.boolean(), { minLength: rank, maxLength: rank })).map(([lead, grow]) => [...lead, ...t.shape.map((d, i) => (d === 1 && grow[i] ? 3 : d))]) as fc.Arbitrary<unknown>, fc.constant([-1, ...t.shape]), fc.constant([1e5, 1e5]), badShapeArb).map((shape): FuzzCase => {
      const ok = isShape(shape) && fits(shape, t.dtype) && (() => {
        const b = broadcastShape(t.shape, shape);
        return b !== null && sameShape(b, shape);
      })();
      return {
        what: `broadcastTo([${t.shape}], ${show(shape)})`,
        valid: ok,
        names: ['broadcastTo'],
        run() {
          const r = T.broadcastTo(t, shape as number[]);
          check(ok, 'bad broadcastTo accepted');
          expectShape(r, shape as number[], 'broadcastTo');
          expectValues(r, [...indices(shape as number[])].map((idx) => t.data[broadcastOffset(idx, t.shape)]), 'broadcastTo', { ulps: 0, rtol: 0 });
        },
      };
    });
    const n0 = t.shape[0] ?? 0;
    const rows = fc.oneof(
      fc.tuple(intOrJunk(-1, n0 + 1), fc.option(intOrJunk(-1, n0 + 1), { freq: 3 })).map(([s, e]): FuzzCase => {
        const end = e ?? n0;
        const ok = rank > 0 && typeof s === 'number' && typeof end === 'number' && Number.isInteger(s) && Number.isInteger(end) && s >= 0 && end <= n0 && s <= end;
        return {
          what: `sliceRows([${t.shape}], ${show(s)}, ${show(e ?? undefined)})`,
          valid: ok,
          names: ['sliceRows'],
          run() {
            const r = T.sliceRows(t, s as number, (e ?? undefined) as number | undefined);
            check(ok, 'bad slice accepted');
            const row = n0 === 0 ? 0 : t.size / n0;
            expectShape(r, [(end as number) - (s as number), ...t.shape.slice(1)], 'sliceRows');
            expectValues(r, data.slice((s as number) * row, (end as number) * row), 'sliceRows', { ulps: 0, rtol: 0 });
          },
        };
      }),
      fc.oneof(fc.array(fc.integer({ min: -1, max: n0 }), { maxLength: 5 }) as fc.Arbitrary<unknown>, junk).map((idx): FuzzCase => {
        const ok = rank > 0 && Array.isArray(idx) && idx.every((i) => Number.isInteger(i) && i >= 0 && i < n0);
        return {
          what: `gatherRows([${t.shape}], ${show(idx)})`,
          valid: ok,
          names: ['gatherRows'],
          run() {
            const r = T.gatherRows(t, idx as number[]);
            check(ok, 'bad row index accepted');
            const row = t.size / n0;
            expectShape(r, [(idx as number[]).length, ...t.shape.slice(1)], 'gatherRows');
            expectValues(r, (idx as number[]).flatMap((i) => data.slice(i * row, (i + 1) * row)), 'gatherRows', { ulps: 0, rtol: 0 });
          },
        };
      }),
    );
    const notTensor = fc.tuple(fc.constantFrom('reshape', 'flatten', 'squeeze', 'unsqueeze', 'transpose', 'permute', 'sliceRows', 'broadcastTo', 'sum', 'softmax', 'exp', 'cast'), junk).map(([op, v]): FuzzCase => ({
      what: `${op}(${show(v)}) (not a tensor)`,
      valid: false,
      names: [op],
      run: () => (T as unknown as Record<string, (x: unknown, y?: unknown) => unknown>)[op](v, op === 'reshape' || op === 'broadcastTo' ? [1] : op === 'cast' ? 'float32' : op === 'permute' ? [0] : 0),
    }));
    return fc.oneof(reshape, axisOp, permute, transpose, concat, broadcastTo, rows, notTensor);
  });
}

const UNARY_PLAIN = ['neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'sqrt', 'square', 'reciprocal', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'gelu', 'silu', 'erf'] as const;
const plainRef: Partial<Record<(typeof UNARY_PLAIN)[number], (x: number) => number>> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : Number.isNaN(x) ? NaN : 0),
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x) => (x > 0 ? x : 0),
  silu: (x) => x * (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
};

function unaryCase(): fc.Arbitrary<FuzzCase> {
  const x = tensorArb(shapeArb(2, 0, 5), 50);
  const p = (lo: number, hi: number): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: finite(lo, hi) }, { weight: 1, arbitrary: fc.constantFrom(0, NaN, Infinity, -Infinity) }, { weight: 1, arbitrary: junk });
  const plain = fc.tuple(fc.constantFrom(...UNARY_PLAIN), x).map(([op, t]): FuzzCase => ({
    what: `${op}(${t.dtype}[${t.shape}])`,
    valid: true,
    run() {
      const r = (T as unknown as Record<string, (x: Tensor) => Tensor>)[op](t);
      expectShape(r, t.shape, op);
      const ref = plainRef[op];
      if (ref) expectValues(r, Array.from(t.data, ref), op, { ulps: 1, rtol: 1e-15 });
      else if (op === 'erf') for (const v of r.data) check(v >= -1 && v <= 1, `erf ${v} outside [-1, 1]`);
      else for (let i = 0; i < r.size; i++) check(Number.isFinite(r.data[i]) && r.data[i] >= -0.2 && (t.data[i] < 0 || r.data[i] <= t.data[i] + 1e-6), `gelu(${t.data[i]}) = ${r.data[i]}`);
    },
  }));
  const withParams = fc.record({ op: fc.constantFrom('leakyRelu', 'elu', 'softplus', 'clamp', 'powScalar', 'affine'), t: x, a: p(-3, 3), b: p(-30, 30), omit: fc.boolean() }).map(({ op, t, a, b, omit }): FuzzCase => {
    const num = (v: unknown) => typeof v === 'number' && !Number.isNaN(v);
    const fin = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    const args: unknown[] = omit && op !== 'powScalar' && op !== 'affine' && op !== 'clamp' ? [] : op === 'clamp' ? (num(a) && num(b) ? [Math.min(a as number, b as number), Math.max(a as number, b as number)] : [a, b]) : [a, b];
    if (op === 'leakyRelu' || op === 'elu' || op === 'powScalar') args.splice(1);
    let valid: boolean;
    const [u = op === 'leakyRelu' ? 0.01 : 1, v = op === 'softplus' ? 20 : 0] = args as number[];
    if (op === 'leakyRelu' || op === 'elu') valid = fin(u);
    else if (op === 'softplus') valid = fin(u) && u !== 0 && num(v);
    else if (op === 'clamp') valid = (args[0] == null || num(args[0])) && (args[1] == null || num(args[1])) && !(num(args[0]) && num(args[1]) && (args[0] as number) > (args[1] as number));
    // powScalar's exponent and affine's scale have no default.
    else valid = num(args[0]) && (op !== 'affine' || args[1] === undefined || num(args[1]));
    const refs: Record<string, (x: number) => number> = {
      leakyRelu: (x) => (x > 0 ? x : u * x),
      elu: (x) => (x > 0 ? x : u * Math.expm1(x)),
      softplus: (x) => {
        const bz = u * x;
        return bz > v ? x : bz > 0 ? (bz + Math.log1p(Math.exp(-bz))) / u : Math.log1p(Math.exp(bz)) / u;
      },
      clamp: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, (args[0] as number | undefined) ?? -Infinity), (args[1] as number | undefined) ?? Infinity)),
      powScalar: (x) => Math.pow(x, u),
      affine: (x) => x * u + v,
    };
    return {
      what: `${op}(${t.dtype}[${t.shape}], ${args.map((q) => show(q)).join(', ')})`,
      valid,
      names: [op],
      run() {
        const r = (T as unknown as Record<string, (x: Tensor, ...a: unknown[]) => Tensor>)[op](t, ...args);
        expectShape(r, t.shape, op);
        // Compared with the float64 formula: a finite reference must be matched by a finite result (an infinite one
        // is a true overflow, e.g. softplus with beta 1e-320).
        expectValues(r, Array.from(t.data, refs[op]), op, { ulps: 2, rtol: 1e-14, atol: op === 'softplus' || op === 'elu' ? 1e-300 : 0 });
      },
    };
  });
  return fc.oneof({ weight: 1, arbitrary: plain }, { weight: 2, arbitrary: withParams });
}

const area = (name: string, count: number, arb: () => fc.Arbitrary<FuzzCase>): Area => {
  let cached: fc.Arbitrary<FuzzCase> | null = null;
  return { name, count, timeoutMs: 3000, make: (seed) => draw((cached ??= arb()), seed) };
};

export const TENSOR_AREAS: readonly Area[] = [
  area('creation', 600, creationCase),
  area('broadcasting', 500, broadcastingCase),
  area('reductions', 600, reductionCase),
  area('shape-ops', 500, shapeOpCase),
  area('unary', 400, unaryCase),
];
