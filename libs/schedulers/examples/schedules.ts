import assert from 'node:assert/strict';
import { tensor, OptionError } from '@descent/core-tensor';
import { SGD, Adam, type Parameter } from '@descent/optimizers';
import { lrCurve, momentumCurve, createScheduler, ReduceLROnPlateau, type ScheduleSpec } from '@descent/schedulers';

// Preview: the lr at steps 0..n-1, without an optimizer. Step decay halves the lr every 3 steps.
const step: ScheduleSpec = { scheduler: 'step', options: { stepSize: 3, gamma: 0.5 } };
assert.deepEqual(lrCurve(step, 0.1, 8), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);

// Warm-up then cosine, as one sequential schedule: 0.02, 0.04, ... up to 0.1 at step 4, then down to 0.
const warmupCosine: ScheduleSpec = {
  scheduler: 'sequential',
  options: {
    schedulers: [
      { scheduler: 'linear', options: { startFactor: 0.2, endFactor: 1, totalIters: 4 } },
      { scheduler: 'cosine', options: { tMax: 6, etaMin: 0 } },
    ],
    milestones: [4],
  },
};
const curve = lrCurve(warmupCosine, 0.1, 11);
[0.02, 0.04, 0.06, 0.08, 0.1].forEach((v, i) => assert.ok(Math.abs(curve[i] - v) < 1e-12, `step ${i}: ${curve[i]}`));
assert.ok(Math.abs(curve[10]) < 1e-12 && curve.slice(4).every((v, i, a) => i === 0 || v < a[i - 1]));

// Attach to an optimizer as in PyTorch: construction sets the lr for step 0, scheduler.step() moves on.
// Minimize f(x) = x² with SGD + momentum under one-cycle (which also cycles momentum, 0.95 → 0.85 → 0.95).
const x: Parameter = { value: tensor([5], 'float64'), grad: null };
const opt = new SGD([x], { lr: 0.1, momentum: 0.9 });
const oneCycle = { scheduler: 'onecycle', options: { maxLr: 0.05, totalSteps: 20 } } as const satisfies ScheduleSpec;
const sched = createScheduler(opt, oneCycle.scheduler, oneCycle.options);
const lrs: number[] = [], momenta: number[] = [];
for (let t = 0; t < 20; t++) {
  lrs.push(opt.lr);
  momenta.push(opt.momentum!);
  x.grad = tensor([2 * x.value.item()], 'float64'); // df/dx, as loss.backward() would leave it
  opt.step();
  sched.step();
}
assert.deepEqual(lrs, lrCurve(oneCycle, 0.1, 20));
assert.deepEqual(momenta, momentumCurve(oneCycle, 0.1, 20));
assert.equal(Math.max(...lrs), 0.05);
assert.ok(Math.abs(x.value.item()) < 5);

// PyTorch 1.13's rule: cycling momentum needs an optimizer with a `momentum` option (Adam's beta1 is not cycled).
const adam = new Adam([{ value: tensor([1]), grad: null }], { lr: 0.01 });
assert.throws(() => createScheduler(adam, 'cyclic', { baseLr: 0.001, maxLr: 0.01 }), OptionError);
createScheduler(adam, 'cyclic', { baseLr: 0.001, maxLr: 0.01, cycleMomentum: false }); // as PyTorch asks

// Reduce on plateau is driven by a metric: halve the lr after more than `patience` epochs without improvement.
const opt2 = new SGD([{ value: tensor([1]), grad: null }], { lr: 0.1 });
const plateau = new ReduceLROnPlateau(opt2, { patience: 2, factor: 0.5 });
const seen = [1, 0.9, 0.9, 0.9, 0.9, 0.8].map((loss) => (plateau.step(loss), opt2.lr));
assert.deepEqual(seen, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05]); // the 3rd epoch without improvement reduces
console.log('schedulers example ok:', lrs.map((v) => v.toFixed(4)).join(' '));
