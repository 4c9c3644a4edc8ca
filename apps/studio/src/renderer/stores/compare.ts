import type { RunRecord } from '@shared/run-record.js';
import { fmt } from '../charts/options.js';
import { activationLabels } from '../engine/activations.js';
import { lossInfo } from '../engine/losses.js';
import { optimizerInfo } from '../engine/optimizers.js';
import { schedulerInfo } from '../engine/schedulers.js';
import { presetInfo } from '../engine/datasets.js';
import { optionLabel } from '../engine/labels.js';

// The comparison table: one row per hyperparameter or final metric, one column per run.

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
  return String(v);
};
const last = (a: (number | null)[]) => (a.length ? a[a.length - 1] : null);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export function architecture(run: RunRecord): string {
  return [
    String(run.inputDim),
    ...run.config.model.map((l) => (l.kind === 'dense' ? `${l.units} ${activationLabels[l.activation]}` : `dropout ${l.rate}`)),
  ].join(' → ');
}

export function compareRows(runs: RunRecord[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const add = (group: CompareRow['group'], label: string, get: (r: RunRecord) => unknown) => {
    const values = runs.map((r) => show(get(r)));
    rows.push({ group, label, values, differs: values.some((v) => v !== values[0]) });
  };
  const d = (r: RunRecord) => r.config.data;
  add('Data', 'Dataset', (r) => (d(r).source === 'csv' ? `${d(r).csv?.fileName} (CSV)` : safe(() => presetInfo(d(r).preset).label, d(r).preset)));
  add('Data', 'Samples', (r) => d(r).samples);
  add('Data', 'Features → target', (r) => (d(r).csv ? `${d(r).csv!.features.join(', ')} → ${d(r).csv!.target}` : null));
  add('Data', 'Noise', (r) => (d(r).source === 'csv' ? null : d(r).noise));
  add('Data', 'Test split', (r) => `${Math.round(d(r).testFraction * 100)}%`);
  add('Data', 'Data seed', (r) => d(r).seed);
  add('Model', 'Architecture', architecture);
  add('Model', 'Parameters', (r) => r.paramCount);
  const t = (r: RunRecord) => r.config.training;
  add('Training', 'Loss', (r) => safe(() => lossInfo(t(r).loss).label, t(r).loss));
  add('Training', 'Optimizer', (r) => safe(() => optimizerInfo(t(r).optimizer.name).label, t(r).optimizer.name));
  const optKeys = [...new Set(runs.flatMap((r) => Object.keys(t(r).optimizer.options)))];
  for (const k of optKeys) {
    const label = safe(() => runs.map((r) => optimizerInfo(t(r).optimizer.name).options.find((o) => o.key === k)?.label).find(Boolean), undefined) ?? k;
    add('Training', `Optimizer · ${label}`, (r) => t(r).optimizer.options[k]);
  }
  add('Training', 'Batch mode', (r) => ({ full: 'full batch (GD)', sgd: 'SGD (one sample)', mini: `mini-batch of ${t(r).batch.size}` })[t(r).batch.mode]);
  add('Training', 'Epochs', (r) => t(r).epochs);
  add('Training', 'Seed', (r) => t(r).seed);
  add('Training', 'LR schedule', (r) => safe(() => schedulerInfo(t(r).schedule.name).label, t(r).schedule.name));
  const schedKeys = [...new Set(runs.flatMap((r) => Object.keys(t(r).schedule.options)))];
  for (const k of schedKeys) add('Training', `Schedule · ${optionLabel(k)}`, (r) => t(r).schedule.options[k]);
  add('Training', 'Schedule steps', (r) => (t(r).schedule.name === 'none' ? null : `every ${t(r).schedule.stepEvery}`));
  add('Result', 'Status', (r) => (r.diverged ? `diverged (epoch ${r.diverged.epoch}, batch ${r.diverged.batch})` : r.status));
  add('Result', 'Epochs run', (r) => r.metrics.epoch.length);
  add('Result', 'Final train loss', (r) => last(r.metrics.trainLoss));
  add('Result', 'Final test loss', (r) => last(r.metrics.testLoss));
  add('Result', 'Final train accuracy', (r) => pct(last(r.metrics.trainAcc)));
  add('Result', 'Final test accuracy', (r) => pct(last(r.metrics.testAcc)));
  add('Result', 'Best test loss', (r) => {
    const v = r.metrics.testLoss.filter((x): x is number => x !== null);
    return v.length ? Math.min(...v) : null;
  });
  return rows;
}
