import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { DataConfig, Task } from '@shared/model-spec.js';
import { MAX_CSV_CHARS } from '@shared/run-record.js';
import { checkCsv, dataShape, inspect, makeSplit, presetInfo, type CsvInspection } from '../engine/datasets.js';

// Which data the model trains on: a generated preset or an imported CSV, plus noise/split/seed.

export interface CsvDraft {
  fileName: string;
  text: string;
  inspection: CsvInspection;
  features: string[];
  target: string;
  task: Task;
}

const looksNumeric = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

export const useDataStore = defineStore('data', () => {
  const config = reactive<DataConfig>({ source: 'preset', preset: 'circles', samples: 300, noise: 0.1, testFraction: 0.2, seed: 42 });

  /** CSV import in progress: inspected file waiting for column choice, or the error that stopped it. */
  const csvDraft = ref<CsvDraft | null>(null);
  const csvError = ref<string | null>(null);

  const shape = computed(() => dataShape(config));
  const label = computed(() => (config.source === 'csv' && config.csv ? config.csv.fileName : presetInfo(config.preset).label));
  const split = computed(() => {
    try {
      return makeSplit(JSON.parse(JSON.stringify(config)));
    } catch {
      return null;
    }
  });

  function setPreset(id: string) {
    const p = presetInfo(id);
    config.source = 'preset';
    config.preset = id;
    if (p.synthetic) {
      config.samples = Math.min(Math.max(config.samples, 40), p.maxSamples);
      config.noise = p.defaultNoise;
    }
    delete config.csv;
  }

  /**
   * Read a CSV file: header and columns first, then a strict parse with the suggested columns so a broken
   * file is reported right away (with line and column). A bad file leaves the current data and runs untouched.
   */
  function importCsv(fileName: string, text: string): boolean {
    csvError.value = null;
    csvDraft.value = null;
    try {
      if (text.length > MAX_CSV_CHARS) throw new Error(`the file is larger than ${MAX_CSV_CHARS / 1024 / 1024} MB`);
      const inspection = inspect(text);
      const target = inspection.suggestedTarget;
      if (target === null) throw new Error('the file has a single column; it needs feature columns and a target column');
      const column = (name: string) => inspection.columns.find((c) => c.name === name)!;
      // Clearly textual columns (no number in the first rows) are left out of the features; everything else is
      // parsed strictly so a stray bad value is reported, not dropped.
      const features = inspection.header.filter(
        (h) => h !== target && (column(h).numeric || inspection.rows.some((r) => looksNumeric(r[inspection.header.indexOf(h)] ?? ''))),
      );
      const draft: CsvDraft = { fileName, text, inspection, features: [...features], target, task: column(target).suggestedTask };
      checkCsv({ fileName, text, features: draft.features, target, task: draft.task });
      csvDraft.value = draft;
      return true;
    } catch (e) {
      csvError.value = `Could not import ${fileName}: ${(e as Error).message.replace(/^CSV rejected[^:]*:\s*/, '')}`;
      return false;
    }
  }

  function csvDraftError(): string | null {
    const d = csvDraft.value;
    if (!d) return null;
    if (d.features.length === 0) return 'Choose at least one feature column.';
    if (d.features.includes(d.target)) return 'The target column cannot also be a feature.';
    try {
      checkCsv({ fileName: d.fileName, text: d.text, features: d.features, target: d.target, task: d.task });
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  function applyCsv(): boolean {
    const d = csvDraft.value;
    if (!d || csvDraftError()) return false;
    config.source = 'csv';
    config.samples = d.inspection.rowCount;
    config.csv = { fileName: d.fileName, text: d.text, features: [...d.features], target: d.target, task: d.task };
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
