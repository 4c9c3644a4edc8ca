import { Rng, Tensor } from '@descent/core-tensor';
import { createOptimizer, type Optimizer, type OptimizerName } from '@descent/optimizers';
import { createScheduler, type LrScheduler } from '@descent/schedulers';
import { DIVERGED_AT, type NewtonRacer, type OptimizerRacer, type RacerSetup } from './setup.js';
import type { CompiledSurface } from './surface.js';
import type { Point } from './surfaces.js';
import { COL, Trace, type RacerStatus } from './trace.js';

// One racer on one surface, step by step. The first-order racers are the library's own optimizers stepping a
// 2-parameter tensor θ = [x, y] with the autodiff gradient, exactly as a network's parameters are stepped
// (and their schedules are the library's schedulers driving them); nothing here re-implements an update rule.

export interface RaceContext {
  surface: CompiledSurface;
  start: Point;
  /** Noise scale σ (applies to racers with `noisy`). */
  sigma: number;
  seed: number;
  iterations: number;
}

export interface RacerRun {
  readonly trace: Trace;
  readonly status: RacerStatus;
  /** Gradient evaluations each step costs (1 for first-order methods; Newton adds the Hessian's). */
  readonly gradEvalsPerStep: number;
  /** Take up to n more steps; true once the run has ended (all iterations, or stopped). */
  advance(n: number): boolean;
}

/** Which state buffer is the velocity / first moment to draw, by optimizer (null: none is a direction). */
export function momentBufferOf(name: OptimizerName): { buffer: string; symbol: string; label: string } | null {
  switch (name) {
    case 'sgd':
      return { buffer: 'momentumBuffer', symbol: 'v', label: 'velocity v' };
    case 'rmsprop':
      return { buffer: 'momentumBuffer', symbol: 'b', label: 'momentum buffer b' };
    case 'adam':
    case 'adamw':
    case 'nadam':
    case 'radam':
    case 'adamax':
      return { buffer: 'expAvg', symbol: 'm', label: 'first moment m' };
    default:
      return null;
  }
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4))));
const at = (x: number, y: number) => `(${fmt(x)}, ${fmt(y)})`;

/** Start a racer at ctx.start. Throws the library's OptionError if its options or schedule are refused. */
export function startRacer(racer: RacerSetup, ctx: RaceContext): RacerRun {
  return racer.kind === 'newton' ? new NewtonRun(racer, ctx) : new OptimizerRun(racer, ctx);
}

abstract class BaseRun implements RacerRun {
  readonly trace: Trace;
  status: RacerStatus = { state: 'running' };
  abstract readonly gradEvalsPerStep: number;
  protected readonly g = new Float64Array(2);
  /** The gradient handed to the method this step (noisy or not). */
  protected readonly used = new Float64Array(2);
  private readonly rng: Rng | null;
  private readonly sigma: number;

  constructor(
    racer: RacerSetup,
    protected readonly ctx: RaceContext,
  ) {
    this.trace = new Trace(ctx.iterations + 1);
    this.sigma = racer.noisy ? ctx.sigma : 0;
    // Every noisy racer draws the same sequence (common random numbers): differences between two racers are
    // the methods', not their luck.
    this.rng = this.sigma > 0 ? new Rng(ctx.seed) : null;
    this.record(0, ctx.start[0], ctx.start[1]);
  }

  /** Write row t: the point, f and the exact gradient there. False (and the run stopped) if they are not finite. */
  protected record(t: number, x: number, y: number): boolean {
    const tr = this.trace;
    const f = this.ctx.surface.valueAndGrad(x, y, this.g);
    if (!Number.isFinite(f)) {
      this.end(t === 0 ? 'stopped' : 'diverged', `f is ${f} at ${at(x, y)}`, t);
      return false;
    }
    tr.set(t, COL.x, x);
    tr.set(t, COL.y, y);
    tr.set(t, COL.f, f);
    tr.set(t, COL.gx, this.g[0]);
    tr.set(t, COL.gy, this.g[1]);
    tr.rows = t + 1;
    if (!Number.isFinite(this.g[0]) || !Number.isFinite(this.g[1])) {
      this.end('stopped', `∇f is not finite at ${at(x, y)}`, t);
      return false;
    }
    return true;
  }

  protected end(state: RacerStatus['state'], reason: string | undefined, t: number): void {
    this.status = reason ? { state, reason, at: t } : { state };
  }

  /** ∇f plus σξ, ξ ~ N(0, I), into `used`. */
  protected noisyGradient(): void {
    this.used[0] = this.g[0];
    this.used[1] = this.g[1];
    if (this.rng) {
      this.used[0] += this.sigma * this.rng.normal();
      this.used[1] += this.sigma * this.rng.normal();
    }
  }

  /** After a step from row t to (x, y): stop if it diverged, else record row t + 1. */
  protected arrive(t: number, x: number, y: number): boolean {
    const tr = this.trace;
    tr.set(t, COL.ux, x - tr.get(t, COL.x));
    tr.set(t, COL.uy, y - tr.get(t, COL.y));
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      this.end('diverged', `θ became ${at(x, y)}`, t + 1);
      return false;
    }
    const size = Math.max(Math.abs(x), Math.abs(y));
    if (size > DIVERGED_AT) {
      this.end('diverged', `|θ| reached ${size.toExponential(1)} (> 10⁶)`, t + 1);
      return false;
    }
    return this.record(t + 1, x, y);
  }

  abstract stepFrom(t: number): boolean;

  advance(n: number): boolean {
    for (let k = 0; k < n && this.status.state === 'running'; k++) {
      const t = this.trace.rows - 1;
      if (t >= this.ctx.iterations) {
        this.end('done', undefined, t);
        break;
      }
      this.stepFrom(t);
    }
    if (this.status.state === 'running' && this.trace.rows - 1 >= this.ctx.iterations) this.end('done', undefined, this.trace.rows - 1);
    return this.status.state !== 'running';
  }
}

class OptimizerRun extends BaseRun {
  readonly gradEvalsPerStep = 1;
  private readonly opt: Optimizer;
  private readonly scheduler: LrScheduler | null;
  private readonly isPlateau: boolean;
  /** θ = [x, y]: the one parameter tensor the optimizer steps, as it would a layer's weights. */
  private readonly theta: Tensor;
  private readonly gradient = new Tensor(new Float64Array(2), [2]);
  private readonly moment: string | null;

  constructor(racer: OptimizerRacer, ctx: RaceContext) {
    super(racer, ctx);
    this.opt = createOptimizer(racer.optimizer, racer.options as never);
    this.scheduler = racer.schedule ? createScheduler(this.opt, racer.schedule.name, racer.schedule.options as never) : null;
    this.isPlateau = racer.schedule?.name === 'plateau';
    this.theta = new Tensor(Float64Array.of(ctx.start[0], ctx.start[1]), [2]);
    this.moment = momentBufferOf(racer.optimizer)?.buffer ?? null;
  }

  stepFrom(t: number): boolean {
    const tr = this.trace;
    this.noisyGradient();
    this.gradient.data.set(this.used);
    tr.set(t, COL.nx, this.used[0]);
    tr.set(t, COL.ny, this.used[1]);
    tr.set(t, COL.lr, this.opt.lr);
    this.opt.step([this.theta], [this.gradient]);
    // SGD's buffer exists (zeros) while momentum is 0; it is a velocity only once momentum is on.
    const m = this.moment && (this.opt.momentumKind !== 'momentum' || (this.opt.momentum ?? 0) > 0) ? this.opt.stateBuffer(this.moment)?.[0] : undefined;
    if (m) {
      tr.set(t, COL.mx, m[0]);
      tr.set(t, COL.my, m[1]);
    }
    const ok = this.arrive(t, this.theta.data[0], this.theta.data[1]);
    if (ok && this.scheduler) {
      // PyTorch's order: optimizer.step(), then scheduler.step() (plateau watches f, the loss of this toy problem).
      if (this.isPlateau) this.scheduler.step(tr.get(t + 1, COL.f));
      else this.scheduler.step();
    }
    return ok;
  }
}

class NewtonRun extends BaseRun {
  readonly gradEvalsPerStep: number;
  constructor(
    private readonly racer: NewtonRacer,
    ctx: RaceContext,
  ) {
    super(racer, ctx);
    this.gradEvalsPerStep = 1 + ctx.surface.hessianCost[racer.options.hessian];
  }

  stepFrom(t: number): boolean {
    const tr = this.trace;
    const { lr, damping, hessian, h } = this.racer.options;
    const x = tr.get(t, COL.x), y = tr.get(t, COL.y);
    const [a, b, c] = this.ctx.surface.hessian(x, y, hessian, h, this.g);
    tr.set(t, COL.hxx, a);
    tr.set(t, COL.hxy, b);
    tr.set(t, COL.hyy, c);
    this.noisyGradient();
    tr.set(t, COL.nx, this.used[0]);
    tr.set(t, COL.ny, this.used[1]);
    tr.set(t, COL.lr, lr);
    // θ ← θ − η (H + λI)⁻¹ g, the 2×2 inverse in closed form.
    const p = a + damping, q = c + damping;
    const det = p * q - b * b;
    if (!Number.isFinite(det) || Math.abs(det) <= 1e-14 * (Math.abs(p * q) + b * b) || det === 0) {
      this.end('stopped', `the Hessian${damping ? ' + λI' : ''} is singular at ${at(x, y)}`, t);
      return false;
    }
    const dx = (q * this.used[0] - b * this.used[1]) / det;
    const dy = (p * this.used[1] - b * this.used[0]) / det;
    return this.arrive(t, x - lr * dx, y - lr * dy);
  }
}
