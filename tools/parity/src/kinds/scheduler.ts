// `scheduler` cases (fixtures README section 4): drive OUR optimizer's lr (and momentum / beta1) with OUR
// scheduler, recording the lr (and momentum) before each scheduler step.
import { Tensor } from '@descent/core-tensor';
import { BoundOptimizer, createOptimizer } from '@descent/optimizers';
import { createScheduler, isScheduleName } from '@descent/schedulers';
import { Checker, type CaseResult } from '../compare.js';

interface SchedulerCase {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  optimizer: string;
  baseLr: number;
  steps: number;
  metrics?: number[];
  lrs: number[];
  momentums?: number[];
}

export function runSchedulerCase(c: SchedulerCase): CaseResult {
  if (!isScheduleName(c.scheduler) || c.scheduler === 'lambda') throw new Error(`unsupported: scheduler "${c.scheduler}"`);
  if (c.optimizer !== 'sgd' && c.optimizer !== 'adam') throw new Error(`unsupported: optimizer "${c.optimizer}" in a scheduler case`);
  const opt = createOptimizer(c.optimizer, { lr: c.baseLr });
  const sched = createScheduler(opt, c.scheduler, c.options as never);
  const check = new Checker();
  if (c.scheduler === 'plateau' && (!c.metrics || c.metrics.length !== c.steps)) {
    check.fail(`metrics: expected ${c.steps} values, got ${c.metrics?.length}`);
    return check.result();
  }
  const lrs = new Float64Array(c.steps);
  const momentums = new Float64Array(c.steps);
  for (let t = 0; t < c.steps; t++) {
    lrs[t] = opt.lr;
    momentums[t] = opt.momentum ?? NaN;
    sched.step(c.metrics?.[t]);
  }
  check.numbers('lrs', lrs, c.lrs);
  if (c.momentums) check.numbers('momentums', momentums, c.momentums);
  // Again through a bound optimizer (its parameter groups) and scheduler.step(), as in PyTorch.
  const bound = new BoundOptimizer(c.optimizer, [{ value: new Tensor(new Float64Array(1), [1]), grad: null }], { lr: c.baseLr });
  const bsched = createScheduler(bound, c.scheduler, c.options as never);
  const blrs = new Float64Array(c.steps);
  const bmom = new Float64Array(c.steps);
  for (let t = 0; t < c.steps; t++) {
    blrs[t] = bound.lr;
    bmom[t] = bound.momentum ?? NaN;
    bsched.step(c.metrics?.[t]);
  }
  check.numbers('lrs (bound optimizer)', blrs, c.lrs);
  if (c.momentums) check.numbers('momentums (bound optimizer)', bmom, c.momentums);
  return check.result();
}
