import { OptionError, describeValue, optionProblems, type OptionMeta, type PathKey } from '@descent/core-tensor';
import { ExpressionError, parseExpression } from '@descent/autodiff';
import { createOptimizer, optimizerProblems } from '@descent/optimizers';
import { createScheduler, scheduleProblems } from '@descent/schedulers';
import { LIMITS, type LabSetup, type RacerSetup } from './setup.js';
import { KAPPA, surfacePreset } from './surfaces.js';

// Every problem with a Lab setup, each an OptionError at its path in the setup (racers by id), so a field finds
// its own message through the Studio's one mapping (engine/fields.ts). The optimizers' and schedules' options
// are checked by the libraries' own validators; nothing here re-states their rules.

export const NEWTON_OPTIONS: readonly OptionMeta[] = [
  { name: 'lr', kind: 'number', default: 1, min: 0, minExclusive: true, description: 'Step size η: 1 is the full Newton step.' },
  { name: 'damping', kind: 'number', default: 0, min: 0, description: "λ added to the Hessian's diagonal, (H + λI)⁻¹∇f (Levenberg); 0 is pure Newton." },
  {
    name: 'hessian',
    kind: 'enum',
    default: 'autodiff',
    values: ['autodiff', 'differences'],
    description: "autodiff: @descent/autodiff's hessian(), central differences of the exact gradient (4 extra gradients); differences: forward differences of the gradient with step h (2 extra).",
  },
  { name: 'h', kind: 'number', default: 1e-4, min: 0, minExclusive: true, max: 1, description: 'Forward-difference step (differences only), relative to max(1, |θᵢ|).' },
];

const err = (path: PathKey[], reason: string, value: unknown) => new OptionError('lab', String(path[path.length - 1]), reason, { value, path });

function numberProblem(v: unknown, rule: { min?: number; max?: number; integer?: boolean; above?: number }): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a finite number, got ${describeValue(v)}`;
  if (rule.integer && !Number.isInteger(v)) return `must be an integer, got ${describeValue(v)}`;
  if (rule.above !== undefined && !(v > rule.above)) return `must be above ${rule.above}, got ${describeValue(v)}`;
  if (rule.min !== undefined && v < rule.min) return `must be at least ${rule.min}, got ${describeValue(v)}`;
  if (rule.max !== undefined && v > rule.max) return `must be at most ${rule.max}, got ${describeValue(v)}`;
  return null;
}

/** The problems of one racer (its options, its schedule, and the schedule against the optimizer). */
export function racerProblems(r: RacerSetup, iterations: number): OptionError[] {
  const at = ['racers', r.id];
  if (r.kind === 'newton') return optionProblems('newton', NEWTON_OPTIONS, r.options).map((e) => e.at([...at, 'options']));
  const own = optimizerProblems(r.optimizer, r.options).map((e) => e.at([...at, 'options']));
  if (!r.schedule) return own;
  const sched = scheduleProblems(r.schedule.name, r.schedule.options).map((e) => e.at([...at, 'schedule', 'options']));
  if (own.length || sched.length) return [...own, ...sched];
  if (r.schedule.name === 'onecycle' && Number(r.schedule.options.totalSteps) < iterations) {
    return [err([...at, 'schedule', 'options', 'totalSteps'], `must be at least the number of iterations (${iterations}): one-cycle cannot be stepped past its end`, r.schedule.options.totalSteps)];
  }
  try {
    // The rules between a schedule and its optimizer (cyclic's momentum needs SGD or RMSprop) are the scheduler's.
    createScheduler(createOptimizer(r.optimizer, r.options as never), r.schedule.name, r.schedule.options as never);
  } catch (e) {
    if (e instanceof OptionError) return [e.at([...at, 'schedule', 'options'])];
    throw e;
  }
  return [];
}

export function setupProblems(s: LabSetup): OptionError[] {
  const out: OptionError[] = [];
  const num = (path: PathKey[], v: unknown, rule: Parameters<typeof numberProblem>[1]) => {
    const p = numberProblem(v, rule);
    if (p) out.push(err(path, p, v));
  };
  if (s.surface.kind === 'preset') {
    const p = surfacePreset(s.surface.id);
    if (!p) out.push(err(['surface', 'id'], `must be a known surface, got ${describeValue(s.surface.id)}`, s.surface.id));
    else if (p.kappa && s.surface.kappa !== undefined) num(['surface', 'kappa'], s.surface.kappa, { min: KAPPA.min, max: KAPPA.max });
  } else {
    try {
      parseExpression(s.surface.source, { variables: ['x', 'y'] });
    } catch (e) {
      if (e instanceof ExpressionError) out.push(e.at(['surface']));
      else throw e;
    }
    const d = s.surface.domain;
    d.forEach((v, i) => num(['surface', 'domain', i], v, {}));
    if (d.every(Number.isFinite)) {
      if (!(d[1] > d[0])) out.push(err(['surface', 'domain', 1], `must be above x min (${d[0]}), got ${describeValue(d[1])}`, d[1]));
      if (!(d[3] > d[2])) out.push(err(['surface', 'domain', 3], `must be above y min (${d[2]}), got ${describeValue(d[3])}`, d[3]));
    }
  }
  s.start.forEach((v, i) => num(['start', i], v, {}));
  num(['iterations'], s.iterations, { integer: true, min: LIMITS.iterations.min, max: LIMITS.iterations.max });
  num(['tol'], s.tol, { above: 0 });
  num(['noise', 'sigma'], s.noise.sigma, { min: 0, max: 1e6 });
  num(['noise', 'seed'], s.noise.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  const iterations = Number.isInteger(s.iterations) ? s.iterations : 0;
  for (const r of s.racers) out.push(...racerProblems(r, iterations));
  return out;
}
