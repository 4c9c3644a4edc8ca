import { OptionError } from '@descent/core-tensor';
import type { Schedule } from './schedule.js';

/**
 * Run schedules one after another (SequentialLR, README 4.5): with i = number of milestones <= e, schedule i
 * is active at its local step e - milestones[i - 1], i.e. each restarts from its own step 0 at its milestone.
 * Momentum is exposed only if every part has it.
 */
export function sequentialOf(parts: readonly Schedule[], milestones: readonly number[]): Schedule {
  if (parts.length === 0) throw new OptionError('sequential', 'schedulers', 'needs at least one schedule');
  if (milestones.length !== parts.length - 1) {
    throw new OptionError('sequential', 'milestones', `must list ${parts.length - 1} milestones for ${parts.length} schedules, got ${milestones.length}`);
  }
  const locate = (e: number): [Schedule, number] => {
    let i = 0;
    while (i < milestones.length && milestones[i] <= e) i++;
    return [parts[i], i === 0 ? e : e - milestones[i - 1]];
  };
  const s: Schedule = (e) => {
    const [part, local] = locate(e);
    return part(local);
  };
  if (parts.every((p) => p.momentum)) {
    s.momentum = (e) => {
      const [part, local] = locate(e);
      return (part.momentum as (step: number) => number)(local);
    };
  }
  return s;
}
