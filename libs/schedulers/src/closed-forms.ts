// Closed forms of PyTorch's chainable schedulers (README 4.1). e = number of scheduler steps so far.
import type {
  ConstantOptions,
  CosineOptions,
  CosineWarmRestartsOptions,
  ExponentialOptions,
  LambdaOptions,
  LinearOptions,
  MultiStepOptions,
  PolynomialOptions,
  StepOptions,
} from './options.js';
import { resolveScheduleOptions } from './options.js';
import type { Schedule } from './schedule.js';

/** lr * factor while e < totalIters, then lr (ConstantLR). */
export function constantSchedule(baseLr: number, options: Partial<ConstantOptions> = {}): Schedule {
  const { factor, totalIters } = resolveScheduleOptions('constant', options);
  return (e) => (e < totalIters ? baseLr * factor : baseLr);
}

/** lr * gamma^floor(e / stepSize) (StepLR). */
export function stepSchedule(baseLr: number, options: Partial<StepOptions>): Schedule {
  const { stepSize, gamma } = resolveScheduleOptions('step', options);
  return (e) => baseLr * Math.pow(gamma, Math.floor(e / stepSize));
}

/** lr * gamma^k, k = number of milestones <= e, repeated milestones counting repeatedly (MultiStepLR). */
export function multiStepSchedule(baseLr: number, options: Partial<MultiStepOptions>): Schedule {
  const { milestones, gamma } = resolveScheduleOptions('multistep', options);
  const sorted = [...milestones].sort((a, b) => a - b);
  return (e) => {
    let k = 0;
    while (k < sorted.length && sorted[k] <= e) k++;
    return baseLr * Math.pow(gamma, k);
  };
}

/** lr * gamma^e (ExponentialLR). */
export function exponentialSchedule(baseLr: number, options: Partial<ExponentialOptions>): Schedule {
  const { gamma } = resolveScheduleOptions('exponential', options);
  return (e) => baseLr * Math.pow(gamma, e);
}

/** etaMin + (lr - etaMin)(1 + cos(pi e / tMax)) / 2 for all e: not clamped after tMax (CosineAnnealingLR). */
export function cosineSchedule(baseLr: number, options: Partial<CosineOptions>): Schedule {
  const { tMax, etaMin } = resolveScheduleOptions('cosine', options);
  return (e) => etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * e) / tMax))) / 2;
}

/** Position inside the current warm-restart period: cycles of length t0, t0 tMult, t0 tMult^2, ... */
export function warmRestartPhase(e: number, t0: number, tMult: number): { tCur: number; tI: number } {
  if (tMult === 1) return { tCur: e % t0, tI: t0 };
  let tCur = e;
  let tI = t0;
  while (tCur >= tI) {
    tCur -= tI;
    tI *= tMult;
  }
  return { tCur, tI };
}

/** Cosine annealing restarting at the end of each period (CosineAnnealingWarmRestarts, SGDR). */
export function cosineWarmRestartsSchedule(baseLr: number, options: Partial<CosineWarmRestartsOptions>): Schedule {
  const { t0, tMult, etaMin } = resolveScheduleOptions('cosineWarmRestarts', options);
  return (e) => {
    const { tCur, tI } = warmRestartPhase(e, t0, tMult);
    return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  };
}

/** lr * (startFactor + (endFactor - startFactor) min(e, totalIters) / totalIters) (LinearLR). */
export function linearSchedule(baseLr: number, options: Partial<LinearOptions> = {}): Schedule {
  const { startFactor, endFactor, totalIters } = resolveScheduleOptions('linear', options);
  return (e) => baseLr * (startFactor + ((endFactor - startFactor) * Math.min(e, totalIters)) / totalIters);
}

/** lr * (1 - min(e, totalIters) / totalIters)^power (PolynomialLR). */
export function polynomialSchedule(baseLr: number, options: Partial<PolynomialOptions> = {}): Schedule {
  const { totalIters, power } = resolveScheduleOptions('polynomial', options);
  return (e) => baseLr * Math.pow(1 - Math.min(e, totalIters) / totalIters, power);
}

/** lr * lrLambda(e) (LambdaLR). */
export function lambdaSchedule(baseLr: number, options: Partial<LambdaOptions>): Schedule {
  const { lrLambda } = resolveScheduleOptions('lambda', options);
  return (e) => baseLr * lrLambda(e);
}
