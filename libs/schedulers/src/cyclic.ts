import { type CyclicOptions, resolveScheduleOptions } from './options.js';
import { type Schedule, withMomentum } from './schedule.js';

/**
 * CyclicLR (Smith 2015), README 4.2. The lr runs baseLr -> maxLr -> baseLr over stepSizeUp + stepSizeDown
 * steps; momentum runs inversely maxMomentum -> baseMomentum -> maxMomentum. Amplitude: triangular constant,
 * triangular2 halved every cycle, exp_range gamma^e (per step). The optimizer's own lr is ignored.
 */
export function cyclicSchedule(options: Partial<CyclicOptions>): Schedule {
  const o = resolveScheduleOptions('cyclic', options);
  const up = o.stepSizeUp;
  const down = o.stepSizeDown ?? up;
  const total = up + down;
  const ratio = up / total;
  const scaleFn = (cycle: number, e: number): number =>
    o.mode === 'triangular' ? 1 : o.mode === 'triangular2' ? 1 / Math.pow(2, cycle - 1) : Math.pow(o.gamma, e);
  const position = (e: number): { s: number; amp: number } => {
    const cycle = Math.floor(1 + e / total);
    const x = 1 + e / total - cycle;
    const s = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    return { s, amp: scaleFn(cycle, e) };
  };
  const lr = (e: number): number => {
    const { s, amp } = position(e);
    return o.baseLr + (o.maxLr - o.baseLr) * s * amp;
  };
  const momentum = (e: number): number => {
    const { s, amp } = position(e);
    return o.maxMomentum - (o.maxMomentum - o.baseMomentum) * s * amp;
  };
  return withMomentum(lr, o.cycleMomentum ? momentum : undefined);
}
