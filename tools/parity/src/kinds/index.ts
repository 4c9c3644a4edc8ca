import type { CaseResult } from '../compare.js';
import { runOpGradCase } from './op-grad.js';
import { runOptimizerCase } from './optimizer.js';
import { runSchedulerCase } from './scheduler.js';
import { runMlpGradCase } from './mlp-grad.js';
import { runTrainingCase } from './training.js';

/** One handler per fixture case kind; a kind missing here reports "unsupported". */
export const kinds: Record<string, (c: any) => CaseResult> = {
  op_grad: runOpGradCase,
  optimizer: runOptimizerCase,
  scheduler: runSchedulerCase,
  mlp_grad: runMlpGradCase,
  training: runTrainingCase,
};
