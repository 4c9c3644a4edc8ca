// Run from the repository root: npx tsx libs/schedulers/examples/schedule.ts
import { Tensor } from '@descent/core-tensor';
import { sgd } from '@descent/optimizers';
import { createScheduler, lrCurve, momentumCurve, ReduceLROnPlateau, type ScheduleSpec } from '@descent/schedulers';

// 1. Preview a schedule without any optimizer (what the studio draws before training).
const warmupCosine: ScheduleSpec = {
  scheduler: 'sequential',
  options: {
    schedulers: [
      { scheduler: 'linear', options: { startFactor: 0.1, endFactor: 1, totalIters: 5 } },
      { scheduler: 'cosine', options: { tMax: 45, etaMin: 0 } },
    ],
    milestones: [5],
  },
};
console.log('warm-up + cosine:', lrCurve(warmupCosine, 0.1, 12).map((x) => x.toFixed(4)).join(' '));
const oneCycle: ScheduleSpec = { scheduler: 'onecycle', options: { maxLr: 0.5, totalSteps: 50 } };
console.log('one-cycle momentum:', momentumCurve(oneCycle, 0.1, 6)?.map((x) => x.toFixed(3)).join(' '));

// 2. Drive an optimizer: minimize f(x) = x^2 with SGD + momentum under one-cycle.
const p = new Tensor(Float64Array.from([5]), [1]);
const g = new Tensor(new Float64Array(1), [1]);
const opt = sgd({ lr: 0.1, momentum: 0.9 });
const sched = createScheduler(opt, 'onecycle', { maxLr: 0.05, totalSteps: 100 }); // sets opt.lr and opt.momentum now
for (let t = 0; t < 100; t++) {
  g.data[0] = 2 * p.data[0];
  opt.step([p], [g]); // uses lr = schedule(t)
  sched.step();
}
console.log(`one-cycle SGD: x = ${p.data[0].toExponential(2)}`);

// 3. Reduce on plateau: driven by a metric.
const plateau = new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 });
opt.lr = 0.1;
for (const loss of [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]) plateau.step(loss);
console.log('after a plateau: lr =', opt.lr);
