// Randomised parity cases in exactly the fixture format (gd-parity/1, README sections 3-6), with expected
// values from the independent reference in spec-reference.ts. Like the README's own fixtures, every case is
// checked before it is kept: no input within 1e-5 of a kink, no plateau comparison within 1e-3 (relative) of a
// tie, and no chaos (a 1e-12 relative perturbation of the starting point, plus 1e-14 after every step, moves no
// recorded value by more than 1e-8 relative, so rounding differences stay far below the tolerance). A case failing a check is redrawn from the same stream, so the set stays deterministic.
//
// CLI: `npx tsx tools/parity/test/spec-cases.ts OUTDIR [SEED]` writes the four files for `npm run parity`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as R from './spec-reference.js';

type Opts = Record<string, any>;

/** mulberry32: small, seeded, good enough to draw test inputs. */
export class SpecRng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  u(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  bool(): boolean {
    return this.next() < 0.5;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  /** A "nice" number like the fixtures use (3 significant digits). */
  nice(lo: number, hi: number): number {
    return Number(this.u(lo, hi).toPrecision(3));
  }
}

const HEADER = {
  format: 'gd-parity/1',
  generator: 'spec-reference.ts (independent float64 implementation of the fixtures README)',
  dtype: 'float64',
};

/** Largest relative movement between two nested number arrays. */
function moved(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) return a.reduce((m: number, v, i) => Math.max(m, moved(v, b[i])), 0);
  const x = a as number;
  const y = b as number;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
  return Math.abs(x - y) / (1e-9 + Math.abs(y));
}

const perturb = (v: number): number => v * (1 + 1e-12);
const finiteAndSmall = (a: unknown, limit = 1e4): boolean =>
  Array.isArray(a) ? a.every((v) => finiteAndSmall(v, limit)) : Number.isFinite(a as number) && Math.abs(a as number) < limit;

/** Draw until `make` returns a case (it returns null to reject one); guards against an endless loop. */
function draw<T>(what: string, make: () => T | null): T {
  for (let i = 0; i < 200; i++) {
    const c = make();
    if (c) return c;
  }
  throw new Error(`spec-cases: could not draw a well-conditioned ${what}`);
}

// ---------------------------------------------------------------------------------------------------
// optimizer cases
function symmetric(rng: SpecRng, n: number, sign: 1 | -1): number[][] {
  // A = sign · (M Mᵀ / n + 0.5 I): definite, eigenvalues of order 1.
  const M = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
  return M.map((ri, i) => M.map((rj, j) => sign * (ri.reduce((s, v, k) => s + v * rj[k], 0) / n + (i === j ? 0.5 : 0))));
}

const OBJ_INIT: Record<string, [number, number]> = {
  rosenbrock: [-1.5, 1.5],
  beale: [-1, 1.5],
  booth: [-5, 5],
  himmelblau: [-3, 3],
  matyas: [-4, 4],
};
// SGD step sizes that keep each objective tame for a few dozen steps.
const SGD_LR: Record<string, number> = { rosenbrock: 0.0008, beale: 0.004, booth: 0.03, himmelblau: 0.004, matyas: 0.4, quadratic: 0.08 };

function optimizerOptions(rng: SpecRng, name: string, flags: Opts, objective: string): Opts {
  const wd = flags.wd ? rng.nice(0.005, 0.1) : 0;
  const scale = SGD_LR[objective] / 0.08; // 1 for the quadratic
  switch (name) {
    case 'sgd': {
      const momentum = flags.momentum ? rng.nice(0.5, 0.9) : 0;
      const lr = rng.nice(0.5, 1) * SGD_LR[objective] * (momentum ? 1 - momentum : 1) * (momentum ? 1.5 : 1);
      return { lr, momentum, dampening: flags.dampening ? rng.nice(0.1, 0.6) : 0, weightDecay: wd, nesterov: !!flags.nesterov, maximize: !!flags.maximize };
    }
    case 'adagrad':
      return {
        lr: rng.nice(0.05, 0.4),
        lrDecay: flags.lrDecay ? rng.nice(0.005, 0.1) : 0,
        weightDecay: wd,
        initialAccumulatorValue: flags.initAcc ? rng.nice(0.01, 0.5) : 0,
        eps: rng.pick([1e-10, 1e-6, 0.001]),
        maximize: !!flags.maximize,
      };
    case 'rmsprop':
      return {
        lr: rng.nice(0.002, 0.02) * Math.min(1, 4 * scale + 0.2),
        alpha: rng.pick([0.99, 0.9, 0.95]),
        eps: rng.pick([1e-8, 1e-6, 0.001]),
        weightDecay: wd,
        momentum: flags.momentum ? rng.nice(0.3, 0.9) : 0,
        centered: !!flags.centered,
        maximize: !!flags.maximize,
      };
    case 'adam':
    case 'adamw':
      return {
        lr: rng.nice(0.005, 0.05),
        betas: [rng.pick([0.9, 0.8, 0.85]), rng.pick([0.999, 0.99, 0.9])],
        eps: rng.pick([1e-8, 1e-6, 0.0001]),
        weightDecay: name === 'adamw' && !flags.wd ? 0 : wd,
        amsgrad: !!flags.amsgrad,
        maximize: !!flags.maximize,
      };
    case 'nadam':
      return {
        lr: rng.nice(0.005, 0.05),
        betas: [rng.pick([0.9, 0.8]), rng.pick([0.999, 0.99])],
        eps: rng.pick([1e-8, 0.0001]),
        weightDecay: wd,
        momentumDecay: flags.bigDecay ? rng.nice(0.01, 0.1) : 0.004,
      };
    case 'radam':
      return {
        lr: rng.nice(0.005, 0.05),
        betas: [rng.pick([0.9, 0.8]), flags.lowBeta2 ? rng.pick([0.9, 0.95]) : 0.999],
        eps: rng.pick([1e-8, 0.001]),
        weightDecay: wd,
      };
    case 'adamax':
      return {
        lr: rng.nice(0.005, 0.05),
        betas: [rng.pick([0.9, 0.8]), rng.pick([0.999, 0.99])],
        eps: flags.bigEps ? rng.nice(0.001, 0.1) : 1e-8,
        weightDecay: wd,
        maximize: !!flags.maximize,
      };
    case 'adadelta':
      return { lr: rng.nice(0.5, 3), rho: rng.pick([0.9, 0.95, 0.8]), eps: rng.pick([1e-6, 0.0001, 0.001]), weightDecay: wd, maximize: !!flags.maximize };
    default:
      throw new Error(name);
  }
}

/** Every flag combination per optimizer (README 3.2). */
function flagCombos(name: string): Opts[] {
  const grid = (keys: string[]): Opts[] =>
    keys.reduce<Opts[]>((acc, k) => acc.flatMap((f) => [f, { ...f, [k]: true }]), [{}]);
  switch (name) {
    case 'sgd':
      return grid(['wd', 'maximize']).flatMap((f) => [
        f,
        { ...f, momentum: true },
        { ...f, momentum: true, dampening: true },
        { ...f, momentum: true, nesterov: true },
      ]);
    case 'adagrad':
      return grid(['lrDecay', 'wd', 'initAcc', 'maximize']);
    case 'rmsprop':
      return grid(['centered', 'momentum', 'wd', 'maximize']);
    case 'adam':
    case 'adamw':
      return grid(['amsgrad', 'wd', 'maximize']);
    case 'nadam':
      return grid(['wd', 'bigDecay']);
    case 'radam':
      return grid(['wd', 'lowBeta2']);
    case 'adamax':
      return grid(['wd', 'maximize', 'bigEps']);
    case 'adadelta':
      return grid(['wd', 'maximize']);
    default:
      throw new Error(name);
  }
}

export const OPTIMIZERS = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax', 'adadelta'];
const OBJECTIVES = ['rosenbrock', 'beale', 'booth', 'himmelblau', 'matyas', 'quadratic'];

function optimizerCase(rng: SpecRng, name: string, flags: Opts, idx: number): Opts {
  return draw(`${name} case`, () => {
    const objective = flags.maximize ? 'quadratic' : rng.pick(OBJECTIVES);
    const c: Opts = { name: '', kind: 'optimizer', optimizer: name, options: optimizerOptions(rng, name, flags, objective), objective };
    if (objective === 'quadratic') {
      const n = rng.int(2, 6);
      c.A = symmetric(rng, n, flags.maximize ? -1 : 1);
      c.b = Array.from({ length: n }, () => rng.u(-1, 1));
      c.init = Array.from({ length: n }, () => rng.u(-2, 2));
    } else {
      const [lo, hi] = OBJ_INIT[objective];
      c.init = [Number(rng.u(lo, hi).toFixed(2)), Number(rng.u(lo, hi).toFixed(2))];
    }
    c.steps = rng.next() < 0.25 ? rng.int(100, 200) : rng.int(20, 60);
    c.name = `spec_${name}_${Object.keys(flags).sort().join('_') || 'plain'}_${objective}_${idx}`;
    c.trajectory = R.optimizerTrajectory(c);
    if (!finiteAndSmall(c.trajectory, 50)) return null;
    const again = R.optimizerTrajectory({ ...c, init: c.init.map(perturb) }, 1e-14);
    if (moved(again, c.trajectory) > 1e-8) return null;
    return c;
  });
}

export function optimizerCases(seed: number, perCombo = 2): Opts[] {
  const rng = new SpecRng(seed);
  const out: Opts[] = [];
  for (const name of OPTIMIZERS) for (const flags of flagCombos(name)) for (let k = 0; k < perCombo; k++) out.push(optimizerCase(rng, name, flags, out.length));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// scheduler cases
const CLOSED = ['step', 'multistep', 'exponential', 'cosine', 'linear', 'polynomial', 'constant'];

function closedOptions(rng: SpecRng, name: string): Opts {
  switch (name) {
    case 'step':
      return { stepSize: rng.int(1, 5), gamma: rng.nice(0.2, 0.9) };
    case 'multistep': {
      const ms = Array.from({ length: rng.int(2, 5) }, () => rng.int(1, 15)).sort((a, b) => a - b);
      if (rng.bool()) ms.splice(1, 0, ms[1]); // a repeated milestone counts twice
      return { milestones: ms, gamma: rng.nice(0.2, 0.9) };
    }
    case 'exponential':
      return { gamma: rng.nice(0.7, 0.99) };
    case 'cosine':
      return { tMax: rng.int(3, 12), etaMin: rng.bool() ? 0 : rng.nice(0.0001, 0.005) };
    case 'linear':
      return rng.bool()
        ? { startFactor: rng.nice(0.05, 0.5), endFactor: 1, totalIters: rng.int(2, 10) }
        : { startFactor: 1, endFactor: rng.nice(0.05, 0.5), totalIters: rng.int(2, 10) };
    case 'polynomial':
      return { totalIters: rng.int(2, 10), power: rng.pick([0.5, 1, 2, 3, rng.nice(0.3, 3)]) };
    case 'constant':
      return { factor: rng.nice(0.1, 0.9), totalIters: rng.int(1, 8) };
    default:
      throw new Error(name);
  }
}

function cyclicOptions(rng: SpecRng, mode: string, cycleMomentum: boolean): Opts {
  const base = rng.nice(0.0005, 0.01);
  const bm = rng.nice(0.7, 0.85);
  return {
    baseLr: base,
    maxLr: Number((base * rng.u(3, 20)).toPrecision(3)),
    stepSizeUp: rng.int(1, 6),
    stepSizeDown: rng.int(1, 6),
    mode,
    gamma: mode === 'exp_range' ? rng.nice(0.85, 0.99) : 1,
    cycleMomentum,
    baseMomentum: bm,
    maxMomentum: Number((bm + rng.u(0.05, 0.15)).toPrecision(3)),
  };
}

function oneCycleOptions(rng: SpecRng, totalSteps: number, anneal: string, threePhase: boolean, cycleMomentum: boolean): Opts {
  const bm = rng.nice(0.75, 0.88);
  // pctStart·T ≥ 2 keeps the first phase non-empty; < 0.45 keeps three phases ordered.
  const pctStart = Math.max(rng.nice(0.15, 0.45), Number((2.2 / totalSteps).toPrecision(3)));
  return {
    maxLr: rng.nice(0.01, 0.5),
    totalSteps,
    pctStart,
    annealStrategy: anneal,
    cycleMomentum,
    baseMomentum: bm,
    maxMomentum: Number((bm + rng.u(0.03, 0.12)).toPrecision(3)),
    divFactor: rng.pick([25, 10, rng.nice(5, 50)]),
    finalDivFactor: rng.pick([10000, 100, rng.nice(10, 1000)]),
    threePhase,
  };
}

function plateauOptions(rng: SpecRng, mode: string, thresholdMode: string, flavour: string): Opts {
  return {
    mode,
    factor: rng.nice(0.1, 0.7),
    patience: rng.int(0, 3),
    threshold: thresholdMode === 'rel' ? rng.nice(0.001, 0.05) : rng.nice(0.001, 0.02),
    thresholdMode,
    cooldown: flavour === 'cooldown' ? rng.int(1, 3) : flavour === 'minlr' ? rng.int(0, 2) : 0,
    minLr: flavour === 'minlr' ? rng.nice(0.001, 0.02) : 0,
    eps: flavour === 'eps' ? rng.nice(0.0001, 0.002) : 1e-8,
  };
}

/** A noisy metric that improves for a while, then stalls (so reductions happen), in the mode's direction. */
function metricSeries(rng: SpecRng, n: number, mode: string): number[] {
  const out: number[] = [];
  let v = rng.u(0.5, 1);
  const stall = rng.int(3, Math.max(4, n >> 1));
  for (let t = 0; t < n; t++) {
    const trend = t < stall ? -rng.u(0.02, 0.15) * v : rng.u(-0.03, 0.02) * v;
    v = Math.max(0.01, v + trend + rng.u(-0.02, 0.02) * v);
    out.push(mode === 'min' ? v : 2 - v);
  }
  return out;
}

function schedulerCase(rng: SpecRng, scheduler: string, make: () => Opts, idx: number, extra: Opts = {}): Opts {
  return draw(`${scheduler} case`, () => {
    R.plateauMargin.min = Infinity;
    const optimizer = extra.optimizer ?? 'sgd';
    const c: Opts = { name: '', kind: 'scheduler', scheduler, options: make(), optimizer, baseLr: rng.nice(0.01, 0.5), steps: 0 };
    c.steps = scheduler === 'onecycle' ? c.options.totalSteps - rng.int(0, 2) : rng.int(8, 40);
    if (scheduler === 'plateau') c.metrics = metricSeries(rng, c.steps, c.options.mode);
    const r = R.schedulerRun(c);
    c.lrs = r.lrs;
    if ((scheduler === 'cyclic' || scheduler === 'onecycle') && c.options.cycleMomentum) c.momentums = r.momentums;
    c.name = `spec_${scheduler}_${extra.tag ?? ''}_${idx}`;
    if (!finiteAndSmall(c.lrs) || R.plateauMargin.min < 1e-3) return null;
    if (scheduler === 'plateau' && extra.wantReductions && new Set(c.lrs).size < 3) return null;
    return c;
  });
}

export function schedulerCases(seed: number, per = 4): Opts[] {
  const rng = new SpecRng(seed);
  const out: Opts[] = [];
  const add = (s: string, make: () => Opts, extra: Opts = {}) => out.push(schedulerCase(rng, s, make, out.length, extra));
  for (let k = 0; k < per; k++) {
    for (const s of CLOSED) add(s, () => closedOptions(rng, s), { tag: s });
    for (const tMult of [1, 2, 3]) add('cosineWarmRestarts', () => ({ t0: rng.int(1, 6), tMult, etaMin: rng.bool() ? 0 : rng.nice(0.0001, 0.005) }), { tag: `tmult${tMult}` });
    for (const mode of ['triangular', 'triangular2', 'exp_range'])
      for (const cm of [true, false]) add('cyclic', () => cyclicOptions(rng, mode, cm), { tag: `${mode}_${cm ? 'mom' : 'nomom'}` });
    for (const anneal of ['cos', 'linear'])
      for (const three of [false, true])
        for (const cm of [true, false]) {
          const optimizer = rng.pick(['sgd', 'adam']);
          add('onecycle', () => oneCycleOptions(rng, rng.int(10, 45), anneal, three, cm), { optimizer, tag: `${anneal}_${three ? '3p' : '2p'}_${cm ? 'mom' : 'nomom'}_${optimizer}` });
        }
    for (const mode of ['min', 'max'])
      for (const tm of ['rel', 'abs'])
        for (const flavour of ['cooldown', 'minlr', 'eps', 'plain'])
          add('plateau', () => plateauOptions(rng, mode, tm, flavour), { tag: `${mode}_${tm}_${flavour}`, wantReductions: true });
    add(
      'sequential',
      () => {
        const n = rng.int(2, 4);
        const subs = Array.from({ length: n }, () => {
          const s = rng.pick(CLOSED);
          return { scheduler: s, options: closedOptions(rng, s) };
        });
        const ms: number[] = [];
        let m = 0;
        for (let i = 1; i < n; i++) ms.push((m += rng.int(2, 8)));
        return { schedulers: subs, milestones: ms };
      },
      { tag: 'seq' },
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// mlp_grad cases
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'softplus', 'gelu', 'silu', 'softmax', 'log_softmax', 'identity'];
export const LOSSES = ['mse', 'l1', 'huber', 'smooth_l1', 'bce', 'bce_with_logits', 'cross_entropy', 'nll'];

function activation(rng: SpecRng, fn: string): R.Act {
  switch (fn) {
    case 'leaky_relu':
      return { type: 'activation', fn, options: { negativeSlope: rng.pick([0.01, rng.nice(0.05, 0.3)]) } };
    case 'elu':
      return { type: 'activation', fn, options: { alpha: rng.pick([1, rng.nice(0.3, 2)]) } };
    case 'softplus':
      // A low threshold makes the linear branch (beta·z > threshold) appear too.
      return { type: 'activation', fn, options: { beta: rng.pick([1, rng.nice(0.5, 3)]), threshold: rng.pick([20, rng.nice(0.3, 1.5)]) } };
    default:
      return { type: 'activation', fn };
  }
}

function dense(rng: SpecRng, i: number, o: number, scale = 1): R.Dense {
  const s = scale / Math.sqrt(i);
  return { type: 'dense', in: i, out: o, weight: Array.from({ length: o }, () => Array.from({ length: i }, () => rng.u(-s, s))), bias: Array.from({ length: o }, () => rng.u(-0.5, 0.5)) };
}

function lossSpec(rng: SpecRng, type: string, reduction: string): Opts {
  if (type === 'huber') return { type, reduction, options: { delta: rng.nice(0.1, 1.5) } };
  if (type === 'smooth_l1') return { type, reduction, options: { beta: rng.nice(0.1, 1.5) } };
  return { type, reduction };
}

/** The network for a loss: hidden activation(s) inside, and the head the loss needs (5.3). */
function network(rng: SpecRng, inF: number, K: number, hiddenFns: string[], loss: string, scale = 1): R.Layer[] {
  const layers: R.Layer[] = [];
  let w = inF;
  for (const fn of hiddenFns) {
    const h = rng.int(2, 6);
    layers.push(dense(rng, w, h, scale), activation(rng, fn));
    w = h;
  }
  layers.push(dense(rng, w, K, scale));
  if (loss === 'bce') layers.push({ type: 'activation', fn: K > 1 && rng.next() < 0.3 ? 'softmax' : 'sigmoid' });
  else if (loss === 'nll') layers.push({ type: 'activation', fn: 'log_softmax' });
  else if (rng.next() < 0.15) layers.push({ type: 'activation', fn: 'identity' });
  return layers;
}

function targets(rng: SpecRng, loss: string, B: number, K: number): number[][] | number[] {
  if (loss === 'cross_entropy' || loss === 'nll') return Array.from({ length: B }, () => rng.int(0, K - 1));
  const hard = rng.bool();
  if (loss === 'bce' || loss === 'bce_with_logits') return Array.from({ length: B }, () => Array.from({ length: K }, () => (hard ? rng.int(0, 1) : rng.next())));
  return Array.from({ length: B }, () => Array.from({ length: K }, () => rng.normal()));
}

function perturbLayers(layers: R.Layer[]): R.Layer[] {
  return layers.map((l) => (l.type === 'dense' ? { ...l, weight: l.weight.map((r) => r.map(perturb)), bias: l.bias.map(perturb) } : l));
}

function mlpCase(rng: SpecRng, fns: string[], loss: string, reduction: string, idx: number): Opts {
  return draw(`mlp ${fns} ${loss}`, () => {
    const inF = rng.int(1, 5);
    const K = loss === 'cross_entropy' || loss === 'nll' ? rng.int(2, 5) : rng.int(1, 4);
    const B = rng.next() < 0.2 ? rng.int(9, 16) : rng.int(1, 8);
    const layers = network(rng, inF, K, fns, loss);
    const c: Opts = {
      name: `spec_mlp_${fns.join('_')}_${loss}_${reduction}_${idx}`,
      kind: 'mlp_grad',
      layers,
      loss: lossSpec(rng, loss, reduction),
      x: Array.from({ length: B }, () => Array.from({ length: inF }, () => rng.u(-2, 2))),
      y: targets(rng, loss, B, K),
    };
    R.resetKinks();
    const r = R.mlpGrad(layers, c.loss, c.x, c.y);
    if (R.kinks.min < 1e-5) return null;
    c.expected = r;
    return c;
  });
}

export function mlpCases(seed: number): Opts[] {
  const rng = new SpecRng(seed);
  const out: Opts[] = [];
  for (const fn of ACTIVATIONS) for (const loss of LOSSES) for (const red of ['mean', 'sum']) out.push(mlpCase(rng, [fn], loss, red, out.length));
  // deeper nets: two different hidden activations, fan-out through several layers
  for (let k = 0; k < 16; k++) out.push(mlpCase(rng, [rng.pick(ACTIVATIONS), rng.pick(ACTIVATIONS)], rng.pick(LOSSES), rng.pick(['mean', 'sum']), out.length));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// training cases
interface TrainPlan {
  optimizer: string;
  flags?: Opts;
  scheduler?: string;
  stepEvery?: 'epoch' | 'batch';
  cycleMomentum?: boolean;
  tag: string;
}

function trainOptions(rng: SpecRng, p: TrainPlan): Opts {
  const o = optimizerOptions(rng, p.optimizer, p.flags ?? {}, 'quadratic');
  // Scale the step sizes for a small net: plain gradient steps can be larger than on the quadratic.
  if (p.optimizer === 'sgd') o.lr = rng.nice(0.05, 0.5) * (o.momentum ? 1 - o.momentum : 1) * (o.momentum ? 2 : 1);
  if (p.optimizer === 'adadelta') o.lr = rng.nice(0.5, 2);
  return o;
}

function trainScheduler(rng: SpecRng, p: TrainPlan, totalSteps: number): Opts | undefined {
  if (!p.scheduler) return undefined;
  const s = p.scheduler;
  let options: Opts;
  if (CLOSED.includes(s)) options = closedOptions(rng, s);
  else if (s === 'cosineWarmRestarts') options = { t0: rng.int(1, 5), tMult: rng.int(1, 2), etaMin: rng.nice(0.0001, 0.005) };
  else if (s === 'cyclic') options = cyclicOptions(rng, rng.pick(['triangular', 'triangular2', 'exp_range']), !!p.cycleMomentum);
  else if (s === 'onecycle') options = oneCycleOptions(rng, totalSteps, rng.pick(['cos', 'linear']), rng.bool(), !!p.cycleMomentum);
  else if (s === 'plateau') options = { ...plateauOptions(rng, 'min', rng.pick(['rel', 'abs']), rng.pick(['cooldown', 'minlr', 'plain'])), threshold: rng.nice(0.01, 0.1) };
  else if (s === 'sequential') {
    const a = rng.pick(CLOSED);
    const b = rng.pick(CLOSED);
    options = { schedulers: [{ scheduler: a, options: closedOptions(rng, a) }, { scheduler: b, options: closedOptions(rng, b) }], milestones: [rng.int(2, 6)] };
  } else throw new Error(s);
  if (s === 'cyclic') {
    // cyclic's lr range replaces options.lr: keep it in the optimizer's comfortable range
    const scale = p.optimizer === 'sgd' ? 20 : 1;
    options.baseLr = Number((options.baseLr * scale).toPrecision(3));
    options.maxLr = Number((options.maxLr * scale).toPrecision(3));
  }
  if (s === 'onecycle' && p.optimizer !== 'sgd' && p.optimizer !== 'adagrad') options.maxLr = rng.nice(0.01, 0.06);
  return { scheduler: s, options, stepEvery: p.stepEvery ?? 'epoch', ...(s === 'plateau' ? { metric: 'epochLoss' } : {}) };
}

function trainingCase(rng: SpecRng, p: TrainPlan, idx: number): Opts {
  return draw(`training ${p.tag}`, () => {
    const loss = rng.pick(LOSSES);
    const inF = rng.int(1, 3);
    const K = loss === 'cross_entropy' || loss === 'nll' ? rng.int(2, 3) : rng.int(1, 2);
    const N = rng.int(8, 20);
    const batchSize = rng.pick([1, 3, 4, 5, N, rng.int(2, N)]);
    const epochs = rng.int(3, 8);
    const nb = Math.ceil(N / batchSize);
    const steps = p.stepEvery === 'batch' ? epochs * nb : epochs;
    const fn = rng.pick(ACTIVATIONS.filter((a) => a !== 'softmax' && a !== 'log_softmax'));
    const c: Opts = {
      name: `spec_train_${p.tag}_${loss}_${idx}`,
      kind: 'training',
      layers: network(rng, inF, K, [fn], loss),
      loss: lossSpec(rng, loss, rng.pick(['mean', 'mean', 'sum'])),
      optimizer: p.optimizer,
      options: trainOptions(rng, p),
    };
    const sched = trainScheduler(rng, p, steps + rng.int(0, 3));
    if (sched) c.scheduler = sched;
    c.x = Array.from({ length: N }, () => Array.from({ length: inF }, () => rng.u(-2, 2)));
    c.y = targets(rng, loss, N, K);
    c.batchSize = batchSize;
    c.epochs = epochs;
    c.shuffle = false;
    if (c.loss.reduction === 'sum' && p.optimizer === 'sgd') c.options.lr = Number((c.options.lr / Math.min(batchSize, 8)).toPrecision(3));
    R.resetKinks();
    R.plateauMargin.min = Infinity;
    const r = R.train(c);
    if (R.kinks.min < 1e-5 || R.plateauMargin.min < 1e-3) return null;
    if (!finiteAndSmall([r.batchLosses, r.finalLayers.map((l) => [l.weight, l.bias])], 100)) return null;
    if (p.scheduler === 'plateau' && new Set(r.batchLrs).size < 2) return null;
    const again = R.train({ ...c, layers: perturbLayers(c.layers) }, 1e-14);
    const a = [again.batchLosses, again.finalLayers.map((l) => [l.weight, l.bias])];
    if (moved(a, [r.batchLosses, r.finalLayers.map((l) => [l.weight, l.bias])]) > 1e-8) return null;
    c.expected = r;
    return c;
  });
}

export function trainingCases(seed: number): Opts[] {
  const rng = new SpecRng(seed);
  const plans: TrainPlan[] = [];
  for (const name of OPTIMIZERS) {
    const combos = flagCombos(name).filter((f) => !f.maximize);
    plans.push({ optimizer: name, flags: rng.pick(combos), tag: name }, { optimizer: name, flags: rng.pick(combos), tag: name });
  }
  for (const s of [...CLOSED, 'cosineWarmRestarts', 'sequential'])
    for (const every of ['epoch', 'batch'] as const) plans.push({ optimizer: rng.pick(OPTIMIZERS), flags: {}, scheduler: s, stepEvery: every, tag: `${s}_${every}` });
  for (const opt of ['sgd', 'rmsprop', 'adam']) plans.push({ optimizer: opt, scheduler: 'plateau', stepEvery: 'epoch', tag: `plateau_${opt}` });
  for (const every of ['batch', 'epoch'] as const) {
    plans.push({ optimizer: 'sgd', flags: { momentum: true }, scheduler: 'cyclic', stepEvery: every, cycleMomentum: true, tag: `cyclic_sgdmom_${every}` });
    plans.push({ optimizer: 'sgd', flags: {}, scheduler: 'cyclic', stepEvery: every, cycleMomentum: true, tag: `cyclic_sgd0_${every}` });
    plans.push({ optimizer: 'sgd', flags: { momentum: true, dampening: true }, scheduler: 'cyclic', stepEvery: every, cycleMomentum: false, tag: `cyclic_nomom_${every}` });
    plans.push({ optimizer: 'sgd', flags: { momentum: true, nesterov: true }, scheduler: 'onecycle', stepEvery: every, cycleMomentum: true, tag: `onecycle_sgd_${every}` });
    plans.push({ optimizer: 'adam', flags: {}, scheduler: 'onecycle', stepEvery: every, cycleMomentum: true, tag: `onecycle_adam_${every}` });
    plans.push({ optimizer: 'adamw', flags: { amsgrad: true }, scheduler: 'onecycle', stepEvery: every, cycleMomentum: true, tag: `onecycle_adamw_${every}` });
    plans.push({ optimizer: 'adagrad', flags: {}, scheduler: 'onecycle', stepEvery: every, cycleMomentum: false, tag: `onecycle_adagrad_${every}` });
  }
  return plans.map((p, i) => trainingCase(rng, p, i));
}

// ---------------------------------------------------------------------------------------------------
export interface SpecDocs {
  optimizers: Opts;
  schedulers: Opts;
  mlp_grads: Opts;
  training: Opts;
}

/** All four documents, in the fixture format, from one seed. */
export function buildSpecDocs(seed: number): SpecDocs {
  const doc = (cases: Opts[]) => JSON.parse(JSON.stringify({ ...HEADER, cases }));
  return {
    optimizers: doc(optimizerCases(seed * 4 + 1)),
    schedulers: doc(schedulerCases(seed * 4 + 2)),
    mlp_grads: doc(mlpCases(seed * 4 + 3)),
    training: doc(trainingCases(seed * 4 + 4)),
  };
}

if (process.argv[1] && /spec-cases\.ts$/.test(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: spec-cases.ts OUTDIR [SEED]');
  const docs = buildSpecDocs(Number(process.argv[3] ?? 1));
  mkdirSync(dir, { recursive: true });
  for (const [f, d] of Object.entries(docs)) writeFileSync(join(dir, `${f}.json`), JSON.stringify(d));
  console.log(Object.entries(docs).map(([f, d]) => `${f}: ${d.cases.length}`).join(', '));
}
