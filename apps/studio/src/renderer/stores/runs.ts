import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { RunRecord, RunSummary } from '@shared/run-record.js';
import { host } from '../host/host.js';
import { useDataStore } from './data.js';
import { useModelStore } from './model.js';
import { useSetupStore } from './setup.js';

// Saved runs: list, rename, delete, re-open in the builder, select for comparison, export.

export function metricsCsv(run: RunRecord): string {
  const m = run.metrics;
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const layers = m.gradNorms?.[0]?.length ?? 0;
  const head = ['epoch', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy', 'lr', ...Array.from({ length: layers }, (_, i) => `grad_norm_layer${i + 1}`)];
  const lines = m.epoch.map((e, i) =>
    [String(e), cell(m.trainLoss[i]), cell(m.testLoss[i]), cell(m.trainAcc[i]), cell(m.testAcc[i]), cell(m.lr[i]), ...(m.gradNorms?.[i] ?? []).map(cell)].join(','),
  );
  return [head.join(','), ...lines].join('\n') + '\n';
}

export const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'run';

export const useRunsStore = defineStore('runs', () => {
  const summaries = ref<RunSummary[]>([]);
  const selected = ref<string[]>([]);
  const compared = shallowRef<RunRecord[]>([]);
  const error = ref<string | null>(null);
  const loaded = ref(false);

  async function refresh() {
    try {
      summaries.value = await host().runs.list();
      selected.value = selected.value.filter((id) => summaries.value.some((s) => s.id === id));
      loaded.value = true;
    } catch (e) {
      error.value = `Could not list runs: ${(e as Error).message}`;
    }
  }

  function toggle(id: string) {
    selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
  }

  async function loadCompared() {
    const recs = await Promise.all(selected.value.map((id) => host().runs.get(id)));
    compared.value = recs.filter((r): r is RunRecord => r !== null);
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

  /** Put a run's model, data and training setup back into the builder. */
  async function reopen(id: string) {
    const run = await host().runs.get(id);
    if (!run) return false;
    useDataStore().load(run.config.data);
    useSetupStore().load(run.config.training);
    useModelStore().setLayers(run.config.model);
    return true;
  }

  async function exportJson(id: string) {
    const run = await host().runs.get(id);
    if (!run) return false;
    return host().saveFile({
      name: `${fileSafe(run.name)}.json`,
      data: JSON.stringify(run, null, 2),
      encoding: 'utf8',
      mime: 'application/json',
      filterName: 'Run record',
      extension: 'json',
    });
  }

  async function exportCsv(id: string) {
    const run = await host().runs.get(id);
    if (!run) return false;
    return host().saveFile({
      name: `${fileSafe(run.name)}-metrics.csv`,
      data: metricsCsv(run),
      encoding: 'utf8',
      mime: 'text/csv',
      filterName: 'CSV',
      extension: 'csv',
    });
  }

  const canCompare = computed(() => selected.value.length >= 2);

  return { summaries, selected, compared, error, loaded, canCompare, refresh, toggle, loadCompared, rename, remove, reopen, exportJson, exportCsv };
});
