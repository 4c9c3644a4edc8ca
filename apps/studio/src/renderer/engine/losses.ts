import { LOSSES as LIB_LOSSES, type LossName } from '@descent/losses';
import type { Task } from '@shared/model-spec.js';

// The losses the studio offers, per task, described by @descent/losses (what output each one expects).

export interface LossInfo {
  name: LossName;
  label: string;
  tasks: Task[];
  /** true when the loss expects raw scores, so the output layer should use Identity */
  logits: boolean;
}

const OFFERED: { name: LossName; label: string; tasks: Task[] }[] = [
  { name: 'bceWithLogits', label: 'Binary cross-entropy (logits)', tasks: ['binary'] },
  { name: 'crossEntropy', label: 'Cross-entropy (softmax)', tasks: ['multiclass'] },
  { name: 'mse', label: 'Mean squared error', tasks: ['regression', 'binary'] },
  { name: 'l1', label: 'Mean absolute error (L1)', tasks: ['regression'] },
  { name: 'huber', label: 'Huber (δ = 1)', tasks: ['regression'] },
  { name: 'smoothL1', label: 'Smooth L1 (β = 1)', tasks: ['regression'] },
];

export const LOSSES: LossInfo[] = OFFERED.map((l) => ({ ...l, logits: LIB_LOSSES[l.name].expects === 'logits' }));

export function lossInfo(name: string): LossInfo {
  const l = LOSSES.find((q) => q.name === name);
  if (!l) throw new Error(`Unknown loss "${name}" (known: ${LOSSES.map((q) => q.name).join(', ')})`);
  return l;
}

export function defaultLoss(task: Task): LossName {
  return task === 'binary' ? 'bceWithLogits' : task === 'multiclass' ? 'crossEntropy' : 'mse';
}
