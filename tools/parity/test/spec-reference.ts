// An independent float64 re-implementation of the rules in the fixtures README
// (/work/shared/fixtures/torch/README.md), written from its text only: plain number arrays, hand-derived
// gradients, closed-form schedules. Nothing here imports a library of this repo, so a disagreement between
// this file and the product points at a real misreading of the README on one side or the other.

export type Opts = Record<string, any>;

// ---------------------------------------------------------------------------------------------------
// Kink monitor (README section 2, "No knife-edges"): every piecewise function reports how far its input
// is from the kink; the generator rejects cases that come closer than a margin.
export const kinks = { min: Infinity };
export function resetKinks(): void {
  kinks.min = Infinity;
}
function kink(distance: number): void {
  const d = Math.abs(distance);
  if (d < kinks.min) kinks.min = d;
}

// ---------------------------------------------------------------------------------------------------
// 3.1 Objectives: exact gradients.
export function objectiveGrad(name: string, p: number[], A?: number[][], b?: number[]): number[] {
  const [x, y] = p;
  switch (name) {
    case 'rosenbrock':
      return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
    case 'beale': {
      const t1 = 1.5 - x + x * y;
      const t2 = 2.25 - x + x * y ** 2;
      const t3 = 2.625 - x + x * y ** 3;
      return [2 * t1 * (y - 1) + 2 * t2 * (y ** 2 - 1) + 2 * t3 * (y ** 3 - 1), 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y ** 2];
    }
    case 'booth': {
      const a = x + 2 * y - 7;
      const c = 2 * x + y - 5;
      return [2 * a + 4 * c, 4 * a + 2 * c];
    }
    case 'himmelblau': {
      const a = x * x + y - 11;
      const c = x + y * y - 7;
      return [4 * x * a + 2 * c, 2 * a + 4 * y * c];
    }
    case 'matyas':
      return [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x];
    case 'quadratic':
      return p.map((_, i) => A![i].reduce((s, aij, j) => s + aij * p[j], 0) + b![i]);
    default:
      throw new Error(`reference: objective ${name}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// 3.2 Optimizers over one flat parameter vector. `o` is mutable: schedulers write lr, momentum, betas[0].
export class RefOptimizer {
  readonly o: Opts;
  private t = 0;
  private s: Record<string, number[] | null> = {};
  private prod = 1; // NAdam's Π

  constructor(
    readonly name: string,
    options: Opts,
    private readonly n: number,
  ) {
    this.o = structuredClone(options);
    const z = () => new Array<number>(n).fill(0);
    for (const k of ['m', 'v', 'vmax', 'buf', 'gavg', 'u', 'acc']) this.s[k] = z();
    this.s.sum = new Array<number>(n).fill(options.initialAccumulatorValue ?? 0);
    this.s.sgdBuf = null;
  }

  step(p: number[], grad: number[]): void {
    const o = this.o;
    this.t += 1;
    const t = this.t;
    const n = this.n;
    let g = grad.slice();
    if (this.name === 'adamw') {
      for (let i = 0; i < n; i++) p[i] = p[i] * (1 - o.lr * o.weightDecay);
      if (o.maximize) g = g.map((v) => -v);
    } else {
      if (o.maximize === true) g = g.map((v) => -v);
      if (o.weightDecay !== 0) g = g.map((v, i) => v + o.weightDecay * p[i]);
    }
    const S = this.s as Record<string, number[]>;
    switch (this.name) {
      case 'sgd': {
        let d = g;
        if (o.momentum !== 0) {
          if (this.s.sgdBuf === null) this.s.sgdBuf = g.slice();
          else this.s.sgdBuf = this.s.sgdBuf.map((b, i) => o.momentum * b + (1 - o.dampening) * g[i]);
          const buf = this.s.sgdBuf;
          d = o.nesterov ? g.map((v, i) => v + o.momentum * buf[i]) : buf.slice();
        }
        for (let i = 0; i < n; i++) p[i] -= o.lr * d[i];
        return;
      }
      case 'adagrad': {
        const clr = o.lr / (1 + (t - 1) * o.lrDecay);
        for (let i = 0; i < n; i++) {
          S.sum[i] += g[i] * g[i];
          p[i] -= (clr * g[i]) / (Math.sqrt(S.sum[i]) + o.eps);
        }
        return;
      }
      case 'rmsprop': {
        for (let i = 0; i < n; i++) {
          S.v[i] = o.alpha * S.v[i] + (1 - o.alpha) * g[i] * g[i];
          let den: number;
          if (o.centered) {
            S.gavg[i] = o.alpha * S.gavg[i] + (1 - o.alpha) * g[i];
            den = Math.sqrt(S.v[i] - S.gavg[i] * S.gavg[i]) + o.eps;
          } else den = Math.sqrt(S.v[i]) + o.eps;
          if (o.momentum > 0) {
            S.buf[i] = o.momentum * S.buf[i] + g[i] / den;
            p[i] -= o.lr * S.buf[i];
          } else p[i] -= (o.lr * g[i]) / den;
        }
        return;
      }
      case 'adam':
      case 'adamw': {
        const [b1, b2] = o.betas;
        const bc1 = 1 - b1 ** t;
        const bc2 = 1 - b2 ** t;
        for (let i = 0; i < n; i++) {
          S.m[i] = b1 * S.m[i] + (1 - b1) * g[i];
          S.v[i] = b2 * S.v[i] + (1 - b2) * g[i] * g[i];
          let v = S.v[i];
          if (o.amsgrad) {
            S.vmax[i] = Math.max(S.vmax[i], S.v[i]);
            v = S.vmax[i];
          }
          p[i] -= ((o.lr / bc1) * S.m[i]) / (Math.sqrt(v) / Math.sqrt(bc2) + o.eps);
        }
        return;
      }
      case 'nadam': {
        const [b1, b2] = o.betas;
        const muT = b1 * (1 - 0.5 * 0.96 ** (t * o.momentumDecay));
        const muN = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * o.momentumDecay));
        this.prod *= muT;
        const P = this.prod;
        for (let i = 0; i < n; i++) {
          S.m[i] = b1 * S.m[i] + (1 - b1) * g[i];
          S.v[i] = b2 * S.v[i] + (1 - b2) * g[i] * g[i];
          const den = Math.sqrt(S.v[i] / (1 - b2 ** t)) + o.eps;
          p[i] -= ((o.lr * (1 - muT)) / (1 - P)) * (g[i] / den);
          p[i] -= ((o.lr * muN) / (1 - P * muN)) * (S.m[i] / den);
        }
        return;
      }
      case 'radam': {
        const [b1, b2] = o.betas;
        const bc1 = 1 - b1 ** t;
        const bc2 = 1 - b2 ** t;
        const rhoInf = 2 / (1 - b2) - 1;
        const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
        for (let i = 0; i < n; i++) {
          S.m[i] = b1 * S.m[i] + (1 - b1) * g[i];
          S.v[i] = b2 * S.v[i] + (1 - b2) * g[i] * g[i];
          const mhat = S.m[i] / bc1;
          if (rhoT > 5) {
            const r = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            p[i] -= (o.lr * mhat * r * Math.sqrt(bc2)) / (Math.sqrt(S.v[i]) + o.eps);
          } else p[i] -= o.lr * mhat;
        }
        return;
      }
      case 'adamax': {
        const [b1, b2] = o.betas;
        for (let i = 0; i < n; i++) {
          S.m[i] = b1 * S.m[i] + (1 - b1) * g[i];
          S.u[i] = Math.max(b2 * S.u[i], Math.abs(g[i]) + o.eps);
          p[i] -= ((o.lr / (1 - b1 ** t)) * S.m[i]) / S.u[i];
        }
        return;
      }
      case 'adadelta': {
        for (let i = 0; i < n; i++) {
          S.v[i] = o.rho * S.v[i] + (1 - o.rho) * g[i] * g[i];
          const d = (Math.sqrt(S.acc[i] + o.eps) / Math.sqrt(S.v[i] + o.eps)) * g[i];
          S.acc[i] = o.rho * S.acc[i] + (1 - o.rho) * d * d;
          p[i] -= o.lr * d;
        }
        return;
      }
      default:
        throw new Error(`reference: optimizer ${this.name}`);
    }
  }
}

/** Multiplies every entry by 1 + jitter·u, u ∈ [-1, 1) hashed from (t, i): a stand-in for rounding differences. */
function jitterInPlace(p: number[], jitter: number, t: number): void {
  if (jitter === 0) return;
  for (let i = 0; i < p.length; i++) {
    const h = Math.sin(t * 12.9898 + i * 78.233 + 0.5) * 43758.5453;
    p[i] *= 1 + jitter * (2 * (h - Math.floor(h)) - 1);
  }
}

/** The trajectory of an optimizer case (README section 3); `jitter` perturbs p after every step (chaos check). */
export function optimizerTrajectory(c: Opts, jitter = 0): number[][] {
  const p = c.init.slice() as number[];
  const opt = new RefOptimizer(c.optimizer, c.options, p.length);
  const traj = [p.slice()];
  for (let t = 1; t <= c.steps; t++) {
    opt.step(p, objectiveGrad(c.objective, p, c.A, c.b));
    jitterInPlace(p, jitter, t);
    traj.push(p.slice());
  }
  return traj;
}

// ---------------------------------------------------------------------------------------------------
// 4. Schedulers. `closedForm` covers the schedules that are a function of the epoch alone.
export function closedForm(name: string, o: Opts, base: number, e: number): number {
  switch (name) {
    case 'step':
      return base * o.gamma ** Math.floor(e / o.stepSize);
    case 'multistep':
      return base * o.gamma ** (o.milestones as number[]).filter((m) => m <= e).length;
    case 'exponential':
      return base * o.gamma ** e;
    case 'cosine':
      return o.etaMin + ((base - o.etaMin) * (1 + Math.cos((Math.PI * e) / o.tMax))) / 2;
    case 'linear':
      return base * (o.startFactor + ((o.endFactor - o.startFactor) * Math.min(e, o.totalIters)) / o.totalIters);
    case 'polynomial':
      return base * (1 - Math.min(e, o.totalIters) / o.totalIters) ** o.power;
    case 'constant':
      return e < o.totalIters ? base * o.factor : base;
    default:
      throw new Error(`reference: closed form ${name}`);
  }
}

/** Cyclic (4.2) at epoch e: lr and momentum. */
export function cyclicAt(o: Opts, e: number): { lr: number; momentum: number } {
  const total = o.stepSizeUp + o.stepSizeDown;
  const ratio = o.stepSizeUp / total;
  const cycle = Math.floor(1 + e / total);
  const x = 1 + e / total - cycle;
  const s = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
  const amp = o.mode === 'triangular' ? 1 : o.mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : o.gamma ** e;
  return {
    lr: o.baseLr + (o.maxLr - o.baseLr) * s * amp,
    momentum: o.maxMomentum - (o.maxMomentum - o.baseMomentum) * s * amp,
  };
}

/** OneCycle (4.3) at epoch e. */
export function oneCycleAt(o: Opts, e: number): { lr: number; momentum: number } {
  const init = o.maxLr / o.divFactor;
  const minLr = init / o.finalDivFactor;
  const T = o.totalSteps;
  const [lo, hi] = [o.baseMomentum, o.maxMomentum];
  const phases: [number, number, number, number, number][] = o.threePhase
    ? [
        [o.pctStart * T - 1, init, o.maxLr, hi, lo],
        [2 * o.pctStart * T - 2, o.maxLr, init, lo, hi],
        [T - 1, init, minLr, hi, hi],
      ]
    : [
        [o.pctStart * T - 1, init, o.maxLr, hi, lo],
        [T - 1, o.maxLr, minLr, lo, hi],
      ];
  const anneal = (a: number, b: number, pct: number) =>
    o.annealStrategy === 'cos' ? b + ((a - b) / 2) * (1 + Math.cos(Math.PI * pct)) : a + (b - a) * pct;
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const [end, l0, l1, m0, m1] = phases[i];
    if (e <= end || i === phases.length - 1) {
      const pct = (e - start) / (end - start);
      return { lr: anneal(l0, l1, pct), momentum: anneal(m0, m1, pct) };
    }
    start = end;
  }
  throw new Error('unreachable');
}

/** The smallest relative margin of any plateau comparison seen (README: ≥ 3e-4 in the fixtures). */
export const plateauMargin = { min: Infinity };

/** Drives a RefOptimizer's lr (and momentum / beta1) like a PyTorch scheduler; apply-at-construction included. */
export class RefScheduler {
  private e = 0;
  private readonly base: number;
  // plateau state
  private best: number;
  private numBad = 0;
  private cooldownCounter = 0;
  // cosineWarmRestarts state
  private tCur = 0;
  private tI = 0;

  constructor(
    private readonly name: string,
    private readonly o: Opts,
    private readonly opt: { o: Opts; name: string },
  ) {
    this.base = opt.o.lr;
    this.best = o.mode === 'max' ? -Infinity : Infinity;
    this.tI = o.t0;
    this.apply();
  }

  private setMomentum(m: number): void {
    if (this.opt.name === 'sgd' || this.opt.name === 'rmsprop') this.opt.o.momentum = m;
    else this.opt.o.betas = [m, this.opt.o.betas[1]];
  }

  private apply(): void {
    const o = this.o;
    const e = this.e;
    switch (this.name) {
      case 'cyclic': {
        const r = cyclicAt(o, e);
        this.opt.o.lr = r.lr;
        if (o.cycleMomentum) this.setMomentum(r.momentum);
        return;
      }
      case 'onecycle': {
        const r = oneCycleAt(o, e);
        this.opt.o.lr = r.lr;
        if (o.cycleMomentum) this.setMomentum(r.momentum);
        return;
      }
      case 'plateau':
        return;
      case 'cosineWarmRestarts':
        this.opt.o.lr = o.etaMin + ((this.base - o.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2;
        return;
      case 'sequential': {
        const ms = o.milestones as number[];
        const i = ms.filter((m) => m <= e).length;
        const local = i === 0 ? e : e - ms[i - 1];
        const sub = o.schedulers[i];
        this.opt.o.lr = closedForm(sub.scheduler, sub.options, this.base, local);
        return;
      }
      default:
        this.opt.o.lr = closedForm(this.name, o, this.base, e);
    }
  }

  step(metric?: number): void {
    this.e += 1;
    if (this.name === 'cosineWarmRestarts') {
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.o.tMult;
      }
    }
    if (this.name === 'plateau') return this.plateauStep(metric!);
    this.apply();
  }

  private plateauStep(metric: number): void {
    const o = this.o;
    let threshold: number;
    if (o.mode === 'min') threshold = o.thresholdMode === 'rel' ? this.best * (1 - o.threshold) : this.best - o.threshold;
    else threshold = o.thresholdMode === 'rel' ? this.best * (1 + o.threshold) : this.best + o.threshold;
    const better = o.mode === 'min' ? metric < threshold : metric > threshold;
    if (Number.isFinite(threshold)) {
      const margin = Math.abs(metric - threshold) / Math.max(Math.abs(metric), 1e-300);
      if (margin < plateauMargin.min) plateauMargin.min = margin;
    }
    if (better) {
      this.best = metric;
      this.numBad = 0;
    } else this.numBad += 1;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBad = 0;
    }
    if (this.numBad > o.patience) {
      const lr = this.opt.o.lr;
      const newLr = Math.max(lr * o.factor, o.minLr);
      const diff = lr - newLr;
      if (diff !== 0) {
        const margin = Math.abs(diff - o.eps) / Math.max(o.eps, 1e-300);
        if (margin < plateauMargin.min) plateauMargin.min = margin;
      }
      if (diff > o.eps) this.opt.o.lr = newLr;
      this.cooldownCounter = o.cooldown;
      this.numBad = 0;
    }
  }
}

/** A scheduler case's lrs (and momentums) per README section 4. */
export function schedulerRun(c: Opts): { lrs: number[]; momentums: number[] } {
  const opt = {
    name: c.optimizer,
    o: c.optimizer === 'sgd' ? { lr: c.baseLr, momentum: 0 } : { lr: c.baseLr, betas: [0.9, 0.999] },
  };
  const s = new RefScheduler(c.scheduler, c.options, opt);
  const lrs: number[] = [];
  const momentums: number[] = [];
  for (let t = 0; t < c.steps; t++) {
    lrs.push(opt.o.lr);
    momentums.push(c.optimizer === 'sgd' ? (opt.o as Opts).momentum : (opt.o as Opts).betas[0]);
    s.step(c.metrics?.[t]);
  }
  return { lrs, momentums };
}

// ---------------------------------------------------------------------------------------------------
// 5.2 Activations. erf by its everywhere-positive series erf(x) = 2/√π e^{-x²} Σ (2x²)^n x / (2n+1)!!,
// which has no cancellation, so it is accurate to a few ulps for the |x| < 6 used here.
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

type M = number[][];

/** Element-wise activation value and derivative at z. */
function actScalar(fn: string, o: Opts, z: number): [number, number] {
  switch (fn) {
    case 'sigmoid': {
      const s = sigmoid(z);
      return [s, s * (1 - s)];
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return [t, 1 - t * t];
    }
    case 'relu':
      kink(z);
      return z > 0 ? [z, 1] : [0, 0];
    case 'leaky_relu':
      kink(z);
      return z > 0 ? [z, 1] : [o.negativeSlope * z, o.negativeSlope];
    case 'elu':
      kink(z);
      return z > 0 ? [z, 1] : [o.alpha * (Math.exp(z) - 1), o.alpha * Math.exp(z)];
    case 'softplus': {
      const bz = o.beta * z;
      kink(bz - o.threshold);
      return bz > o.threshold ? [z, 1] : [Math.log1p(Math.exp(bz)) / o.beta, sigmoid(bz)];
    }
    case 'gelu': {
      const c = 0.5 * (1 + erf(z / Math.SQRT2));
      return [z * c, c + (z * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI)];
    }
    case 'silu': {
      const s = sigmoid(z);
      return [z * s, s * (1 + z * (1 - s))];
    }
    case 'identity':
      return [z, 1];
    default:
      throw new Error(`reference: activation ${fn}`);
  }
}

function rowSoftmax(z: number[]): number[] {
  const mx = Math.max(...z);
  const e = z.map((v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function logSumExp(z: number[]): number {
  const mx = Math.max(...z);
  return mx + Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0));
}

export interface Dense {
  type: 'dense';
  in: number;
  out: number;
  weight: M;
  bias: number[];
}
export interface Act {
  type: 'activation';
  fn: string;
  options?: Opts;
}
export type Layer = Dense | Act;

interface Tape {
  input: M;
  output: M;
  deriv?: M; // element-wise activations: f'(z)
}

function forward(layers: Layer[], x: M): { out: M; tapes: Tape[] } {
  const tapes: Tape[] = [];
  let h = x;
  for (const l of layers) {
    let out: M;
    let deriv: M | undefined;
    if (l.type === 'dense') {
      out = h.map((row) => l.weight.map((w, o) => w.reduce((s, wi, i) => s + wi * row[i], 0) + l.bias[o]));
    } else if (l.fn === 'softmax') {
      out = h.map(rowSoftmax);
    } else if (l.fn === 'log_softmax') {
      out = h.map((row) => {
        const lse = logSumExp(row);
        return row.map((v) => v - lse);
      });
    } else {
      const pairs = h.map((row) => row.map((z) => actScalar(l.fn, l.options ?? {}, z)));
      out = pairs.map((r) => r.map((p) => p[0]));
      deriv = pairs.map((r) => r.map((p) => p[1]));
    }
    tapes.push({ input: h, output: out, deriv });
    h = out;
  }
  return { out: h, tapes };
}

/** 5.3 Loss value and ∂loss/∂O. */
export function lossAndGrad(loss: { type: string; reduction: string; options?: Opts }, O: M, Y: M | number[]): { value: number; grad: M } {
  const B = O.length;
  const K = O[0].length;
  const o = loss.options ?? {};
  if (loss.type === 'cross_entropy' || loss.type === 'nll') {
    const c = Y as number[];
    const div = loss.reduction === 'mean' ? B : 1;
    let total = 0;
    const grad = O.map((row, r) => {
      if (loss.type === 'nll') {
        total += -row[c[r]];
        return row.map((_, j) => (j === c[r] ? -1 : 0) / div);
      }
      total += logSumExp(row) - row[c[r]];
      const sm = rowSoftmax(row);
      return sm.map((s, j) => (s - (j === c[r] ? 1 : 0)) / div);
    });
    return { value: total / div, grad };
  }
  const T = Y as M;
  const div = loss.reduction === 'mean' ? B * K : 1;
  let total = 0;
  const grad = O.map((row, r) =>
    row.map((ov, j) => {
      const y = T[r][j];
      const res = ov - y;
      let l: number;
      let d: number;
      switch (loss.type) {
        case 'mse':
          l = res * res;
          d = 2 * res;
          break;
        case 'l1':
          kink(res);
          l = Math.abs(res);
          d = Math.sign(res);
          break;
        case 'huber':
          kink(Math.abs(res) - o.delta);
          if (Math.abs(res) < o.delta) [l, d] = [0.5 * res * res, res];
          else [l, d] = [o.delta * (Math.abs(res) - 0.5 * o.delta), o.delta * Math.sign(res)];
          break;
        case 'smooth_l1':
          kink(Math.abs(res) - o.beta);
          if (Math.abs(res) < o.beta) [l, d] = [(0.5 * res * res) / o.beta, res / o.beta];
          else [l, d] = [Math.abs(res) - 0.5 * o.beta, Math.sign(res)];
          break;
        case 'bce':
          l = -(y * Math.max(Math.log(ov), -100) + (1 - y) * Math.max(Math.log(1 - ov), -100));
          d = (ov - y) / Math.max(ov * (1 - ov), 1e-12);
          break;
        case 'bce_with_logits': {
          const m = Math.max(-ov, 0);
          l = (1 - y) * ov + m + Math.log(Math.exp(-m) + Math.exp(-ov - m));
          d = sigmoid(ov) - y;
          break;
        }
        default:
          throw new Error(`reference: loss ${loss.type}`);
      }
      total += l;
      return d / div;
    }),
  );
  return { value: total / div, grad };
}

export interface MlpResult {
  output: M;
  loss: number;
  grads: { weight: M; bias: number[] }[];
  inputGrad: M;
}

/** One forward and backward pass (README section 5). */
export function mlpGrad(layers: Layer[], lossSpec: { type: string; reduction: string; options?: Opts }, x: M, y: M | number[]): MlpResult {
  const { out, tapes } = forward(layers, x);
  const { value, grad } = lossAndGrad(lossSpec, out, y);
  let g = grad;
  const grads: { weight: M; bias: number[] }[] = [];
  for (let k = layers.length - 1; k >= 0; k--) {
    const l = layers[k];
    const tp = tapes[k];
    if (l.type === 'dense') {
      const X = tp.input;
      grads.unshift({
        weight: l.weight.map((w, o) => w.map((_, i) => g.reduce((s, gr, r) => s + gr[o] * X[r][i], 0))),
        bias: l.bias.map((_, o) => g.reduce((s, gr) => s + gr[o], 0)),
      });
      g = g.map((gr) => X[0].map((_, i) => gr.reduce((s, go, o) => s + go * l.weight[o][i], 0)));
    } else if (l.fn === 'softmax') {
      g = g.map((gr, r) => {
        const yv = tp.output[r];
        const dot = gr.reduce((s, v, j) => s + v * yv[j], 0);
        return yv.map((yj, j) => yj * (gr[j] - dot));
      });
    } else if (l.fn === 'log_softmax') {
      g = g.map((gr, r) => {
        const sm = rowSoftmax(tp.input[r]);
        const sg = gr.reduce((a, b) => a + b, 0);
        return gr.map((v, j) => v - sm[j] * sg);
      });
    } else {
      g = g.map((gr, r) => gr.map((v, j) => v * tp.deriv![r][j]));
    }
  }
  return { output: out, loss: value, grads, inputGrad: g };
}

// ---------------------------------------------------------------------------------------------------
// 6. Training.
export interface TrainResult {
  batchLosses: number[];
  epochLosses: number[];
  batchLrs: number[];
  finalLayers: { weight: M; bias: number[] }[];
}

/** A training run (README section 6); `jitter` perturbs the parameters after every step (chaos check). */
export function train(c: Opts, jitter = 0): TrainResult {
  const layers: Layer[] = structuredClone(c.layers);
  const dense = layers.filter((l): l is Dense => l.type === 'dense');
  const size = dense.reduce((s, l) => s + l.out * l.in + l.out, 0);
  const opt = new RefOptimizer(c.optimizer, c.options, size);
  const sched = c.scheduler ? new RefScheduler(c.scheduler.scheduler, c.scheduler.options, opt) : null;
  const flatten = (): number[] => dense.flatMap((l) => [...l.weight.flat(), ...l.bias]);
  const unflatten = (p: number[]): void => {
    let k = 0;
    for (const l of dense) {
      for (const row of l.weight) for (let i = 0; i < row.length; i++) row[i] = p[k++];
      for (let o = 0; o < l.bias.length; o++) l.bias[o] = p[k++];
    }
  };
  const N = c.x.length;
  const B = c.batchSize;
  const res: TrainResult = { batchLosses: [], epochLosses: [], batchLrs: [], finalLayers: [] };
  for (let ep = 0; ep < c.epochs; ep++) {
    const losses: number[] = [];
    for (let s = 0; s < N; s += B) {
      res.batchLrs.push(opt.o.lr);
      const r = mlpGrad(layers, c.loss, c.x.slice(s, s + B), c.y.slice(s, s + B));
      const p = flatten();
      opt.step(p, r.grads.flatMap((g) => [...g.weight.flat(), ...g.bias]));
      jitterInPlace(p, jitter, res.batchLrs.length);
      unflatten(p);
      losses.push(r.loss);
      if (sched && c.scheduler.stepEvery === 'batch') sched.step();
    }
    let sum = 0;
    for (const l of losses) sum += l;
    const epochLoss = sum / losses.length;
    res.batchLosses.push(...losses);
    res.epochLosses.push(epochLoss);
    if (sched && c.scheduler.stepEvery === 'epoch') sched.step(epochLoss);
  }
  res.finalLayers = dense.map((l) => ({ weight: l.weight, bias: l.bias }));
  return res;
}
