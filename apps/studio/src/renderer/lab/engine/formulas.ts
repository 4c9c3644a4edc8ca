import { scheduleInfo } from '@descent/schedulers';
import type { NewtonRacer, OptimizerRacer, RacerSetup } from './setup.js';

// The update rule of each racer as LaTeX, for the options it has now: only the terms that are on (momentum,
// Nesterov, weight decay, AMSGrad, centred RMSprop, maximize, noise, a schedule), written as the code computes
// them, i.e. PyTorch's conventions (libs/optimizers/src/builders.ts and transforms/). Every variant is checked
// against the library's numbers by formulas.test.ts, which steps a reference written from these very lines.

export interface Formula {
  /** One assignment per line, in the order the step performs them. */
  lines: string[];
  /** The symbols' current values, e.g. "\eta = 0.02,\ \mu = 0.9". */
  values: string;
  /** A plain-text remark under the lines (where Newton's Hessian comes from). */
  note?: string;
}

/** A number as TeX: 0.001, 10^{-8}, 2.5 \times 10^{-5}. */
export function texNumber(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `\\text{${String(v).replace(/[{}\\]/g, '')}}`;
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) {
    const [m, e] = v.toExponential().split('e');
    const mant = Number(Number(m).toPrecision(4));
    return mant === 1 ? `10^{${Number(e)}}` : `${mant} \\times 10^{${Number(e)}}`;
  }
  return String(Number(v.toPrecision(6)));
}

const num = (o: Record<string, unknown>, k: string): number => Number(o[k]);

/** The gradient lines: ∇f, noise, maximize, L2 weight decay (coupled: before the rule). */
function gradientLines(o: Record<string, unknown>, noisy: boolean, coupledDecay: boolean, canMaximize: boolean): string[] {
  const grad = noisy ? '\\tilde g' : '\\nabla f(\\theta)';
  const lines = noisy ? ['\\tilde g = \\nabla f(\\theta) + \\sigma\\,\\xi, \\quad \\xi \\sim \\mathcal N(0, I)'] : [];
  const maximize = canMaximize && o.maximize === true;
  const decay = coupledDecay && num(o, 'weightDecay') !== 0;
  if (maximize || decay || noisy) lines.push(`g = ${maximize ? '-' : ''}${grad}${decay ? ' + \\lambda\\,\\theta' : ''}`);
  else lines.push('g = \\nabla f(\\theta)');
  return lines;
}

/** The learning rate: η, or η_t with the schedule's closed form where it has a short one. */
function lrSymbol(r: OptimizerRacer): { eta: string; lines: string[] } {
  const s = r.schedule;
  if (!s) return { eta: '\\eta', lines: [] };
  const o = s.options;
  const forms: Partial<Record<string, string>> = {
    step: '\\eta_t = \\eta\\,\\gamma^{\\lfloor t / s \\rfloor}',
    exponential: '\\eta_t = \\eta\\,\\gamma^{t}',
    cosine: '\\eta_t = \\eta_{\\min} + \\tfrac12(\\eta - \\eta_{\\min})(1 + \\cos(\\pi t / T_{\\max}))',
    multistep: '\\eta_t = \\eta\\,\\gamma^{\\#\\{m_i \\le t\\}}',
    cyclic: '\\eta_t \\text{ runs } \\eta_{\\text{base}} \\to \\eta_{\\max} \\to \\eta_{\\text{base}} \\text{ every } ' + texNumber(num(o, 'stepSizeUp') + (o.stepSizeDown == null ? num(o, 'stepSizeUp') : num(o, 'stepSizeDown'))) + '\\text{ steps}',
  };
  return { eta: '\\eta_t', lines: [forms[s.name] ?? `\\eta_t = \\text{${scheduleInfo(s.name).label.replace(/[{}\\]/g, '')}}(t)`] };
}

function optimizerLines(r: OptimizerRacer, noisy: boolean): string[] {
  const o = r.options;
  const { eta, lines: schedule } = lrSymbol(r);
  const wd = num(o, 'weightDecay') !== 0;
  const bc = '(1 - \\beta_1^t)';
  const adamMoments = ['m \\leftarrow \\beta_1 m + (1 - \\beta_1)\\, g', 'v \\leftarrow \\beta_2 v + (1 - \\beta_2)\\, g^2'];
  switch (r.optimizer) {
    case 'sgd': {
      const mu = num(o, 'momentum');
      const g = gradientLines(o, noisy, true, true);
      if (!(mu > 0)) return [...schedule, ...g, `\\theta \\leftarrow \\theta - ${eta}\\, g`];
      const damp = num(o, 'dampening') !== 0 ? '(1 - \\tau)\\, ' : '';
      return [
        ...schedule,
        ...g,
        `v \\leftarrow \\mu v + ${damp}g \\quad (v = g \\text{ at the first step})`,
        o.nesterov ? `\\theta \\leftarrow \\theta - ${eta}\\,(g + \\mu v)` : `\\theta \\leftarrow \\theta - ${eta}\\, v`,
      ];
    }
    case 'adagrad': {
      const decay = num(o, 'lrDecay') !== 0 ? `\\frac{${eta}}{1 + (t - 1)\\,\\kappa}` : eta;
      const init = num(o, 'initialAccumulatorValue') !== 0 ? ['s_0 = s_{\\text{init}}'] : [];
      return [...schedule, ...gradientLines(o, noisy, true, true), ...init, 's \\leftarrow s + g^2', `\\theta \\leftarrow \\theta - ${decay}\\, \\frac{g}{\\sqrt{s} + \\epsilon}`];
    }
    case 'rmsprop': {
      const centered = o.centered === true;
      const den = centered ? '\\sqrt{v - \\bar g^2} + \\epsilon' : '\\sqrt{v} + \\epsilon';
      const lines = [...schedule, ...gradientLines(o, noisy, true, true), 'v \\leftarrow \\alpha v + (1 - \\alpha)\\, g^2'];
      if (centered) lines.push('\\bar g \\leftarrow \\alpha \\bar g + (1 - \\alpha)\\, g');
      if (num(o, 'momentum') > 0) lines.push(`b \\leftarrow \\mu b + \\frac{g}{${den}}`, `\\theta \\leftarrow \\theta - ${eta}\\, b`);
      else lines.push(`\\theta \\leftarrow \\theta - ${eta}\\, \\frac{g}{${den}}`);
      return lines;
    }
    case 'adam':
    case 'adamw': {
      const decoupled = r.optimizer === 'adamw';
      const lines = [...schedule, ...gradientLines(o, noisy, !decoupled, true), ...adamMoments];
      if (o.amsgrad === true) lines.push('v_{\\max} \\leftarrow \\max(v_{\\max}, v)', `\\hat m = \\frac{m}{${bc}}, \\quad \\hat v = \\frac{v_{\\max}}{1 - \\beta_2^t}`);
      else lines.push(`\\hat m = \\frac{m}{${bc}}, \\quad \\hat v = \\frac{v}{1 - \\beta_2^t}`);
      const step = '\\frac{\\hat m}{\\sqrt{\\hat v} + \\epsilon}';
      lines.push(decoupled && wd ? `\\theta \\leftarrow \\theta - ${eta}\\left(${step} + \\lambda\\,\\theta\\right)` : `\\theta \\leftarrow \\theta - ${eta}\\, ${step}`);
      return lines;
    }
    case 'nadam':
      return [
        ...schedule,
        ...gradientLines(o, noisy, true, false),
        '\\mu_t = \\beta_1 \\left(1 - \\tfrac12\\, 0.96^{t\\psi}\\right)',
        ...adamMoments,
        '\\hat v = \\frac{v}{1 - \\beta_2^t}',
        `\\theta \\leftarrow \\theta - ${eta}\\, \\frac{1}{\\sqrt{\\hat v} + \\epsilon}\\left(\\frac{1 - \\mu_t}{1 - \\prod_{i \\le t} \\mu_i}\\, g + \\frac{\\mu_{t+1}}{1 - \\prod_{i \\le t+1} \\mu_i}\\, m\\right)`,
      ];
    case 'radam':
      return [
        ...schedule,
        ...gradientLines(o, noisy, true, false),
        ...adamMoments,
        `\\hat m = \\frac{m}{${bc}}, \\quad \\rho_\\infty = \\frac{2}{1 - \\beta_2} - 1, \\quad \\rho_t = \\rho_\\infty - \\frac{2 t \\beta_2^t}{1 - \\beta_2^t}`,
        `\\theta \\leftarrow \\theta - ${eta} \\begin{cases} \\hat m\\, r_t \\frac{\\sqrt{1 - \\beta_2^t}}{\\sqrt{v} + \\epsilon} & \\rho_t > 5 \\\\ \\hat m & \\text{otherwise} \\end{cases}`,
        'r_t = \\sqrt{\\frac{(\\rho_t - 4)(\\rho_t - 2)\\,\\rho_\\infty}{(\\rho_\\infty - 4)(\\rho_\\infty - 2)\\,\\rho_t}}',
      ];
    case 'adamax':
      return [...schedule, ...gradientLines(o, noisy, true, true), adamMoments[0], 'u \\leftarrow \\max(\\beta_2 u,\\ |g| + \\epsilon)', `\\theta \\leftarrow \\theta - \\frac{${eta}}{${bc}}\\, \\frac{m}{u}`];
    case 'adadelta':
      return [
        ...schedule,
        ...gradientLines(o, noisy, true, true),
        'v \\leftarrow \\rho v + (1 - \\rho)\\, g^2',
        '\\Delta = \\frac{\\sqrt{a + \\epsilon}}{\\sqrt{v + \\epsilon}}\\, g',
        'a \\leftarrow \\rho a + (1 - \\rho)\\, \\Delta^2',
        `\\theta \\leftarrow \\theta - ${eta}\\, \\Delta`,
      ];
  }
}

function newtonLines(r: NewtonRacer, noisy: boolean): string[] {
  const g = noisy ? ['g = \\nabla f(\\theta) + \\sigma\\,\\xi, \\quad \\xi \\sim \\mathcal N(0, I)'] : ['g = \\nabla f(\\theta)'];
  const damped = r.options.damping !== 0 ? 'H + \\lambda I' : 'H';
  return [...g, 'H = \\nabla^2 f(\\theta)', `\\theta \\leftarrow \\theta - \\eta\\, (${damped})^{-1} g`];
}

/** Which options appear in the formula, with their symbols, for the values line. */
function valuesOf(r: RacerSetup, noisy: boolean, sigma: number): string {
  const o = r.options as unknown as Record<string, unknown>;
  const out: string[] = [];
  const add = (sym: string, v: unknown) => out.push(`${sym} = ${texNumber(v)}`);
  add('\\eta', o.lr);
  if (r.kind === 'newton') {
    if (r.options.damping !== 0) add('\\lambda', r.options.damping);
    if (r.options.hessian === 'differences') add('h', r.options.h);
  } else {
    const has = (k: string) => k in o && o[k] !== undefined;
    const betas = Array.isArray(o.betas) ? (o.betas as unknown[]) : null;
    switch (r.optimizer) {
      case 'sgd':
        if (num(o, 'momentum') > 0) {
          add('\\mu', o.momentum);
          if (num(o, 'dampening') !== 0) add('\\tau', o.dampening);
        }
        break;
      case 'adagrad':
        if (num(o, 'lrDecay') !== 0) add('\\kappa', o.lrDecay);
        if (num(o, 'initialAccumulatorValue') !== 0) add('s_{\\text{init}}', o.initialAccumulatorValue);
        break;
      case 'rmsprop':
        add('\\alpha', o.alpha);
        if (num(o, 'momentum') > 0) add('\\mu', o.momentum);
        break;
      case 'adadelta':
        add('\\rho', o.rho);
        break;
      case 'nadam':
        if (has('momentumDecay')) add('\\psi', o.momentumDecay);
        break;
    }
    if (betas) {
      add('\\beta_1', betas[0]);
      add('\\beta_2', betas[1]);
    }
    if (has('eps')) add('\\epsilon', o.eps);
    if (num(o, 'weightDecay') !== 0) add('\\lambda', o.weightDecay);
    const s = r.schedule?.options;
    if (s && r.schedule) {
      if (r.schedule.name === 'step') {
        add('s', s.stepSize);
        add('\\gamma', s.gamma);
      } else if (r.schedule.name === 'exponential' || r.schedule.name === 'multistep') add('\\gamma', s.gamma);
      else if (r.schedule.name === 'cosine') {
        add('T_{\\max}', s.tMax);
        add('\\eta_{\\min}', s.etaMin);
      } else if (r.schedule.name === 'cyclic') {
        add('\\eta_{\\text{base}}', s.baseLr);
        add('\\eta_{\\max}', s.maxLr);
      }
    }
  }
  if (noisy) add('\\sigma', sigma);
  return out.join(',\\ ');
}

/** The racer's update rule now; the noise lines only when it is noisy and σ > 0. */
export function racerFormula(r: RacerSetup, sigma: number): Formula {
  const noisy = r.noisy && sigma > 0;
  if (r.kind === 'newton') {
    const note =
      r.options.hessian === 'autodiff'
        ? "H: autodiff's hessian(), central differences of the exact gradient (2n more gradients a step)."
        : 'H: forward differences of the gradient with step h (n more gradients a step; error O(h)).';
    return { lines: newtonLines(r, noisy), values: valuesOf(r, noisy, sigma), note };
  }
  return { lines: optimizerLines(r, noisy), values: valuesOf(r, noisy, sigma) };
}
