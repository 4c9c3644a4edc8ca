import { higherIsBetter, type Unit } from './workloads.js';
import type { ImplId } from './impl.js';

/** One row of `--json` output. */
export interface Row {
  workload: string;
  impl: ImplId | 'tfjs-webgl';
  threads: number;
  backend: string;
  median: number;
  min: number;
  max: number;
  unit: Unit;
  peakMemoryMB: number;
  samples: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** How many times faster Descent is than `other` on this row (>1: Descent faster), whatever the unit. */
export function speedup(descent: Row, other: Row): number {
  return higherIsBetter(descent.unit) ? descent.median / other.median : other.median / descent.median;
}

const fmt = (x: number): string => (x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x >= 10 ? x.toFixed(2) : x.toPrecision(3));

/** Peak memory, or a dash where it is not measured (the browser bench). */
const mb = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '—');

export function table(rows: Row[]): string {
  // A "× vs" column for each other implementation that has rows (torch only when it was found).
  const others = (['descent-default', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'torch-1t', 'torch-2t'] as Row['impl'][]).filter((id) => rows.some((r) => r.impl === id));
  const head = ['workload', 'impl', 'backend', 'thr', 'median', 'min–max', 'unit', 'peak MB', ...others.map((id) => `× vs ${id}`)];
  const lines = [head];
  for (const r of rows) {
    const d = r.impl === 'descent' ? r : undefined;
    const other = (id: Row['impl']) => rows.find((x) => x.workload === r.workload && x.impl === id);
    const sp = (id: Row['impl']) => {
      const o = other(id);
      return d && o ? `${speedup(d, o).toFixed(2)}×` : '';
    };
    lines.push([r.workload, r.impl, r.backend, String(r.threads), fmt(r.median), `${fmt(r.min)}–${fmt(r.max)}`, r.unit, mb(r.peakMemoryMB), ...others.map(sp)]);
  }
  const widths = head.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((cell, c) => (c < 3 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

export function markdownTable(rows: Row[]): string {
  const out = ['| workload | impl | backend | threads | median | min–max | unit | peak MB | Descent × faster |', '|---|---|---|---:|---:|---:|---|---:|---:|'];
  for (const r of rows) {
    const d = rows.find((x) => x.workload === r.workload && x.impl === 'descent');
    const ratio = r.impl !== 'descent' && d ? `${speedup(d, r).toFixed(2)}×` : '';
    out.push(`| ${r.workload} | ${r.impl} | ${r.backend} | ${r.threads} | ${fmt(r.median)} | ${fmt(r.min)}–${fmt(r.max)} | ${r.unit} | ${mb(r.peakMemoryMB)} | ${ratio} |`);
  }
  return out.join('\n');
}
