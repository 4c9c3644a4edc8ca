import { LOSSES as LIB_LOSSES, type LossName } from '@descent/losses';
import type { Task } from '@descent/data';

// Which of @descent/losses' losses the Studio offers for each task (the labels and what each expects come
// from the library).

const OFFERED: { name: LossName; tasks: Task[] }[] = [
  { name: 'bceWithLogits', tasks: ['binary'] },
  { name: 'crossEntropy', tasks: ['multiclass'] },
  { name: 'mse', tasks: ['regression', 'binary'] },
  { name: 'l1', tasks: ['regression'] },
  { name: 'huber', tasks: ['regression'] },
  { name: 'smoothL1', tasks: ['regression'] },
];

export interface OfferedLoss {
  name: LossName;
  label: string;
  tasks: Task[];
  /** true when the loss expects raw scores, so the output layer should be linear */
  logits: boolean;
}

export const LOSSES: OfferedLoss[] = OFFERED.map((l) => ({ ...l, label: LIB_LOSSES[l.name].label, logits: LIB_LOSSES[l.name].expects === 'logits' }));

export const lossesFor = (task: Task): OfferedLoss[] => LOSSES.filter((l) => l.tasks.includes(task));

export function defaultLoss(task: Task): LossName {
  return task === 'binary' ? 'bceWithLogits' : task === 'multiclass' ? 'crossEntropy' : 'mse';
}
