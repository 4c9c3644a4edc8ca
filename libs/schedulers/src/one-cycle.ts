import { OptionError } from '@descent/core-tensor';
import { type OneCycleOptions, resolveScheduleOptions } from './options.js';
import { type Schedule, withMomentum } from './schedule.js';

interface Phase {
  end: number;
  lr: [number, number];
  momentum: [number, number];
}

/**
 * OneCycleLR (Smith & Topin 2017), README 4.3: phases ending at pctStart*T - 1 (and 2 pctStart*T - 2 with
 * threePhase) and T - 1, annealed by cosine or linearly. Step totalSteps (after the last optimizer step) holds
 * the final value; stepping past totalSteps throws, as in PyTorch.
 */
export function oneCycleSchedule(options: Partial<OneCycleOptions>): Schedule {
  const o = resolveScheduleOptions('onecycle', options);
  const T = o.totalSteps;
  const initialLr = o.maxLr / o.divFactor;
  const minLr = initialLr / o.finalDivFactor;
  const { baseMomentum: lo, maxMomentum: hi } = o;
  const phases: Phase[] = o.threePhase
    ? [
        { end: o.pctStart * T - 1, lr: [initialLr, o.maxLr], momentum: [hi, lo] },
        { end: 2 * o.pctStart * T - 2, lr: [o.maxLr, initialLr], momentum: [lo, hi] },
        { end: T - 1, lr: [initialLr, minLr], momentum: [hi, hi] },
      ]
    : [
        { end: o.pctStart * T - 1, lr: [initialLr, o.maxLr], momentum: [hi, lo] },
        { end: T - 1, lr: [o.maxLr, minLr], momentum: [lo, hi] },
      ];
  const anneal =
    o.annealStrategy === 'cos'
      ? (from: number, to: number, pct: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1)
      : (from: number, to: number, pct: number) => (to - from) * pct + from;
  const evaluate = (e: number, pick: (p: Phase) => [number, number]): number => {
    if (e > T) throw new OptionError('onecycle', 'totalSteps', `is ${T}, but the schedule was stepped ${e} times: make totalSteps at least the number of scheduler steps of the run`, { value: T });
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i];
      if (e <= p.end || i === phases.length - 1) {
        const [from, to] = pick(p);
        // At e = totalSteps (after the last step) PyTorch extrapolates the last phase, which for the linear
        // strategy can go below minLr, even negative; that value is never used by an optimizer step, so hold it.
        // A phase of length 0 (pctStart × totalSteps = 1 exactly) is over as soon as it starts: its end value, not
        // 0/0 = NaN (PyTorch divides by zero there).
        const len = p.end - start;
        const pct = len > 0 ? Math.min((e - start) / len, i === phases.length - 1 ? 1 : Infinity) : 1;
        return anneal(from, to, pct);
      }
      start = p.end;
    }
    throw new OptionError('onecycle', null, `no phase for step ${e} (unreachable)`, { value: e });
  };
  return withMomentum(
    (e) => evaluate(e, (p) => p.lr),
    o.cycleMomentum ? (e) => evaluate(e, (p) => p.momentum) : undefined,
  );
}
