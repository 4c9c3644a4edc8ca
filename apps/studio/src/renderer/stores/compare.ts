import { LOSSES, lossName } from '@descent/losses';
import { isOptimizerName, optimizerInfo } from '@descent/optimizers';
import { isScheduleName, scheduleInfo } from '@descent/schedulers';
import type { RunRecord } from '@descent/train';
import type { StoredRun } from '@shared/studio-run.js';
import { fmt } from '../charts/format.js';
import { optionLabel } from '../engine/labels.js';
import { ACTIVATION_LABELS } from '../engine/layer-labels.js';

// The comparison table: one row per setting or final metric, one column per run, read from the library's
// run records (their resolved config: every default filled in).

export interface CompareRow {
  group: 'Data' | 'Model' | 'Training' | 'Result';
  label: string;
  values: string[];
  differs: boolean;
}

const show = (v: unknown): string => {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Array.isArray(v)) return v.map((x) => show(x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** "2 → 8 tanh → 8 tanh → 1": input width, then each dense layer with the activation after it. */
export function architecture(r: RunRecord): string {
  const parts: string[] = [String(r.config.model.input ?? r.config.data.features)];
  for (const l of r.config.model.layers as { type: string; units?: number; out?: number; fn?: string; p?: number }[]) {
    if (l.type === 'dense') parts.push(String(l.units ?? l.out));
    else if (l.type === 'activation' && parts.length > 1) parts[parts.length - 1] += ` ${ACTIVATION_LABELS[l.fn as keyof typeof ACTIVATION_LABELS] ?? l.fn}`;
    else if (l.type === 'dropout') parts.push(`dropout ${l.p}`);
  }
  return parts.join(' → ');
}

export function compareRows(runs: StoredRun[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const add = (group: CompareRow['group'], label: string, get: (r: RunRecord) => unknown) => {
    const values = runs.map((s) => show(get(s.record)));
    rows.push({ group, label, values, differs: values.some((v) => v !== values[0]) });
  };
  const src = (r: RunRecord) => (r.config.data.source ?? {}) as { preset?: string; options?: Record<string, unknown>; csv?: { fileName?: string; path?: string; target?: string; features?: string[] }; testFraction?: number; seed?: number };
  add('Data', 'Dataset', (r) => (src(r).csv ? `${src(r).csv!.fileName ?? src(r).csv!.path} (CSV)` : r.config.data.name));
  add('Data', 'Samples (train / test)', (r) => `${r.config.data.trainSamples} / ${r.config.data.testSamples}`);
  add('Data', 'Features → target', (r) => (src(r).csv ? `${(src(r).csv!.features ?? []).join(', ')} → ${src(r).csv!.target}` : `${r.config.data.features} → ${r.config.data.task}`));
  // The computed inputs (RunSpec.features), kept in the record's data source: '—' when the inputs were used as they are.
  add('Data', 'Model inputs', (r) => (src(r) as { features?: string[] }).features ?? null);
  const dataKeys = [...new Set(runs.flatMap((s) => Object.keys(src(s.record).options ?? {})))];
  for (const k of dataKeys) add('Data', `Data · ${optionLabel(k)}`, (r) => src(r).options?.[k]);
  add('Data', 'Data seed', (r) => src(r).seed ?? r.seed);
  add('Model', 'Architecture', architecture);
  add('Model', 'Parameters', (r) => r.config.model.parameterCount);
  add('Training', 'Loss', (r) => {
    const n = lossName(r.config.loss.name);
    return n ? LOSSES[n].label : r.config.loss.name;
  });
  add('Training', 'Optimizer', (r) => (isOptimizerName(r.config.optimizer.name) ? optimizerInfo(r.config.optimizer.name).label : r.config.optimizer.name));
  const optKeys = [...new Set(runs.flatMap((s) => Object.keys(s.record.config.optimizer.options)))];
  for (const k of optKeys) add('Training', `Optimizer · ${optionLabel(k)}`, (r) => r.config.optimizer.options[k]);
  add('Training', 'Batches', (r) => ({ full: 'full batch (GD)', sgd: 'SGD (one sample)', minibatch: `mini-batch of ${r.config.batch.batchSize}` })[r.config.batch.mode]);
  add('Training', 'Regularization', (r) => (r.config.regularization ? `${r.config.regularization.type.toUpperCase()} · λ ${fmt(r.config.regularization.rate)}` : 'none'));
  add('Training', 'Epochs', (r) => r.config.epochs);
  add('Training', 'Seed', (r) => r.seed);
  add('Training', 'dtype', (r) => r.config.dtype);
  add('Training', 'LR schedule', (r) => (r.config.scheduler ? (isScheduleName(r.config.scheduler.name) ? scheduleInfo(r.config.scheduler.name).label : r.config.scheduler.name) : 'constant'));
  const schedKeys = [...new Set(runs.flatMap((s) => Object.keys(s.record.config.scheduler?.options ?? {})))];
  for (const k of schedKeys) add('Training', `Schedule · ${optionLabel(k)}`, (r) => r.config.scheduler?.options[k]);
  add('Training', 'Schedule steps', (r) => (r.config.scheduler ? `every ${r.config.scheduler.stepEvery}` : null));
  add('Result', 'Status', (r) => (r.divergence ? `diverged (epoch ${r.divergence.epoch}, batch ${r.divergence.batch})` : r.status));
  add('Result', 'Health', (r) => (r.health && r.health.verdict !== 'ok' ? `${r.health.verdict}${r.health.reason ? `: ${r.health.reason}` : ''}` : (r.health?.verdict ?? null)));
  add('Result', 'Epochs run', (r) => r.epochs.length);
  add('Result', 'Final train loss', (r) => r.final.trainLoss);
  add('Result', 'Final test loss', (r) => r.final.testLoss);
  add('Result', 'Final train accuracy', (r) => pct(r.final.trainAccuracy));
  add('Result', 'Final test accuracy', (r) => pct(r.final.testAccuracy));
  add('Result', 'Best test loss', (r) => {
    const v = r.epochs.map((e) => e.testLoss).filter((x): x is number => x !== null);
    return v.length ? Math.min(...v) : null;
  });
  return rows;
}
