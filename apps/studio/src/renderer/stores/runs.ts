import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { LAYER_METRICS, type RunRecord } from '@descent/train';
import type { RunSummary, StoredRun } from '@shared/studio-run.js';
import { host, runOf } from '../host/host.js';
import { exportFiles, type ExportKind } from '../engine/run-export.js';
import { useSessionStore } from './session.js';
import { useSetupStore } from './setup.js';

// Saved runs: list, rename, delete, re-open in the builder, select for comparison, export. A run left
// 'running' by a reload or a crash is found here and marked 'interrupted', its metrics up to the last
// checkpoint kept.

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** Per-epoch metrics as CSV; the per-layer columns come from the library's LAYER_METRICS list. */
export function metricsCsv(r: RunRecord): string {
  const layers = r.epochs[0]?.layers[LAYER_METRICS[0].name]?.length ?? 0;
  const perLayer = LAYER_METRICS.flatMap((m) => Array.from({ length: layers }, (_, i) => ({ metric: m.name, i, head: `${m.name}_layer${i + 1}` })));
  const head = ['epoch', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'lr', ...perLayer.map((c) => c.head)];
  const lines = r.epochs.map((e) => [String(e.epoch), cell(e.trainLoss), cell(e.testLoss), cell(e.trainAccuracy), cell(e.testAccuracy), cell(e.lr), ...perLayer.map((c) => cell(e.layers[c.metric]?.[c.i]))].join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}

export const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'run';

export const useRunsStore = defineStore('runs', () => {
  const summaries = ref<RunSummary[]>([]);
  /** Stored items that could not be read, shown in the Runs view instead of failing the list. */
  const skipped = ref<{ name: string; reason: string }[]>([]);
  const selected = ref<string[]>([]);
  const compared = shallowRef<StoredRun[]>([]);
  const error = ref<string | null>(null);
  const loaded = ref(false);

  /** A 'running' record that is not the live session's is a run a reload or crash interrupted. */
  async function markInterrupted(list: RunSummary[]): Promise<boolean> {
    const live = useSessionStore();
    let changed = false;
    for (const s of list) {
      if (s.status !== 'running' || (live.active && live.meta?.id === s.id)) continue;
      const r = await host().runs.get(s.id);
      if (!('run' in r)) continue;
      await host().runs.save({ ...r.run, record: { ...r.run.record, status: 'interrupted', timings: { ...r.run.record.timings } } });
      changed = true;
    }
    return changed;
  }

  async function refresh() {
    try {
      let listing = await host().runs.list();
      if (await markInterrupted(listing.runs)) listing = await host().runs.list();
      summaries.value = listing.runs;
      skipped.value = listing.skipped;
      selected.value = selected.value.filter((id) => summaries.value.some((s) => s.id === id));
      compared.value = compared.value.map((c) => {
        const s = summaries.value.find((x) => x.id === c.id);
        return s && s.name !== c.name ? { ...c, name: s.name } : c;
      });
      loaded.value = true;
    } catch (e) {
      error.value = `Could not list runs: ${(e as Error).message}`;
    }
  }

  function toggle(id: string) {
    selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
  }

  async function loadCompared() {
    const out: StoredRun[] = [];
    for (const id of selected.value) {
      const r = await host().runs.get(id);
      if ('run' in r) out.push(r.run);
      else error.value = 'unreadable' in r ? `A run could not be read: ${r.unreadable}` : null;
    }
    compared.value = out;
  }

  async function rename(id: string, name: string) {
    const clean = name.trim();
    if (!clean) {
      error.value = 'A run name cannot be empty.';
      return false;
    }
    await host().runs.rename(id, clean);
    await refresh();
    return true;
  }

  async function remove(id: string) {
    await host().runs.remove(id);
    selected.value = selected.value.filter((x) => x !== id);
    compared.value = compared.value.filter((r) => r.id !== id);
    await refresh();
  }

  async function get(id: string): Promise<StoredRun> {
    return runOf(await host().runs.get(id), id);
  }

  /** Put a run's setup (the RunSpec it was trained from) back into the builder. */
  async function reopen(id: string): Promise<boolean> {
    try {
      const run = await get(id);
      if (!run.record.spec) throw new Error('this run was not started from a setup (no spec in its record)');
      useSetupStore().load(run.record.spec as never);
      return true;
    } catch (e) {
      error.value = `Could not open the run's setup: ${(e as Error).message}`;
      return false;
    }
  }

  async function exportJson(id: string) {
    const run = await get(id);
    return host().saveFile({ name: `${fileSafe(run.name)}.json`, data: JSON.stringify(run, null, 1), encoding: 'utf8', mime: 'application/json', filterName: 'Run record', extension: 'json' });
  }

  async function exportCsv(id: string) {
    const run = await get(id);
    return host().saveFile({ name: `${fileSafe(run.name)}-metrics.csv`, data: metricsCsv(run.record), encoding: 'utf8', mime: 'text/csv', filterName: 'CSV', extension: 'csv' });
  }

  /** PyTorch, ONNX or TypeScript; an exporter's refusal (e.g. a record without its spec) shows as the error. */
  async function exportAs(id: string, kind: ExportKind): Promise<boolean> {
    try {
      const run = await get(id);
      const files = await exportFiles(run.record, fileSafe(run.name), kind);
      for (const f of files) if (!(await host().saveFile(f))) return false;
      error.value = null;
      return true;
    } catch (e) {
      error.value = `Could not export ${kind === 'torch' ? 'a PyTorch script' : kind === 'onnx' ? 'an ONNX model' : 'a TypeScript script'}: ${(e as Error).message}`;
      return false;
    }
  }

  const canCompare = computed(() => selected.value.length >= 2);

  return { summaries, skipped, selected, compared, error, loaded, canCompare, refresh, toggle, loadCompared, rename, remove, get, reopen, exportJson, exportCsv, exportAs };
});
