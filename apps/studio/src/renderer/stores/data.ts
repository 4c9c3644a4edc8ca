import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { DataConfig, Task } from '@shared/model-spec.js';
import { dataShape, guessTask, makeSplit, parseCsv, presetInfo, type ParsedCsv } from '../engine/datasets.js';

// Which data the model trains on: a generated preset or an imported CSV, plus noise/split/seed.

export const useDataStore = defineStore('data', () => {
  const config = reactive<DataConfig>({ source: 'preset', preset: 'circles', samples: 300, noise: 0.1, testFraction: 0.2, seed: 42 });

  /** CSV import in progress: parsed table waiting for column choice, or the error that stopped it. */
  const csvDraft = ref<{ fileName: string; parsed: ParsedCsv; features: number[]; target: number; task: Task } | null>(null);
  const csvError = ref<string | null>(null);

  const shape = computed(() => dataShape(config));
  const label = computed(() => (config.source === 'csv' && config.csv ? config.csv.table.fileName : presetInfo(config.preset).label));
  const split = computed(() => {
    try {
      return makeSplit(JSON.parse(JSON.stringify(config)));
    } catch {
      return null;
    }
  });

  function setPreset(id: string) {
    presetInfo(id);
    config.source = 'preset';
    config.preset = id;
    delete config.csv;
  }

  /** Parse a CSV file. A bad file leaves the current data (and every saved run) untouched. */
  function importCsv(fileName: string, text: string): boolean {
    csvError.value = null;
    try {
      const parsed = parseCsv(text);
      const target = parsed.headers.length - 1;
      csvDraft.value = {
        fileName,
        parsed,
        features: parsed.headers.map((_, i) => i).filter((i) => i !== target),
        target,
        task: guessTask(parsed.rows.map((r) => r[target])),
      };
      return true;
    } catch (e) {
      csvDraft.value = null;
      csvError.value = `Could not import ${fileName}: ${(e as Error).message}`;
      return false;
    }
  }

  function csvDraftError(): string | null {
    const d = csvDraft.value;
    if (!d) return null;
    if (d.features.length === 0) return 'Choose at least one feature column.';
    if (d.features.includes(d.target)) return 'The target column cannot also be a feature.';
    if (d.task !== 'regression') {
      const distinct = new Set(d.parsed.rows.map((r) => r[d.target])).size;
      if (distinct < 2) return `The target column "${d.parsed.headers[d.target]}" has only one value.`;
      if (d.task === 'binary' && distinct !== 2) return `Binary classification needs exactly 2 target values; "${d.parsed.headers[d.target]}" has ${distinct}.`;
      if (distinct > 50) return `"${d.parsed.headers[d.target]}" has ${distinct} distinct values: too many classes (use regression).`;
      if (!d.parsed.rows.every((r) => Number.isInteger(r[d.target]))) return 'Class labels must be whole numbers.';
    }
    return null;
  }

  function applyCsv(): boolean {
    const d = csvDraft.value;
    if (!d || csvDraftError()) return false;
    config.source = 'csv';
    config.samples = d.parsed.rows.length;
    config.csv = {
      table: { fileName: d.fileName, headers: d.parsed.headers, rows: d.parsed.rows },
      features: [...d.features],
      target: d.target,
      task: d.task,
    };
    csvDraft.value = null;
    return true;
  }

  function cancelCsv() {
    csvDraft.value = null;
    csvError.value = null;
  }

  function load(cfg: DataConfig) {
    Object.assign(config, JSON.parse(JSON.stringify(cfg)));
    if (cfg.source === 'preset') delete config.csv;
  }

  return { config, shape, label, split, csvDraft, csvError, setPreset, importCsv, csvDraftError, applyCsv, cancelCsv, load };
});
