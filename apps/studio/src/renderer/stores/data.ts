import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { isDescentError } from '@descent/core-tensor';
import { BOUNDARY_FUNCTIONS, CsvError, inspectCsv, parseCsv, type BoundarySource, type CsvInspection, type Dataset, type Task } from '@descent/data';
import { PRESETS, STUDIO_MAX_SAMPLES, presetOf } from '../engine/presets.js';
import { useSetupStore } from './setup.js';

// Which data the next run trains on: a preset or an imported CSV, written into the setup's RunSpec `data`.
// A CSV is inspected first (columns, delimiter, suggested target), then chosen columns are parsed strictly,
// so a broken file is reported right away with its lines, and the current data stays as it was.

export const MAX_CSV_CHARS = 8 * 1024 * 1024;

export interface CsvDraft {
  fileName: string;
  text: string;
  inspection: CsvInspection;
  features: string[];
  target: string;
  task: Task;
}

/** What went wrong with a file, as lines (a CsvError lists its problems with their line numbers). */
export function problemLines(e: unknown): string[] {
  if (e instanceof CsvError) return [...e.problems.map((p) => p.message), ...(e.totalProblems > e.problems.length ? [`and ${e.totalProblems - e.problems.length} more`] : [])];
  if (isDescentError(e)) return [e.reason];
  return [(e as Error).message];
}

const looksNumeric = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));

export const useDataStore = defineStore('data', () => {
  const setup = useSetupStore();
  const csvDraft = ref<CsvDraft | null>(null);
  /** Why the last import failed: a title and the problems. */
  const csvError = ref<{ title: string; lines: string[] } | null>(null);

  const spec = computed(() => setup.spec.data);
  const isCsv = computed(() => 'csv' in spec.value);
  const presetId = computed(() => ('preset' in spec.value ? spec.value.preset : null));
  const preset = computed(() => (presetId.value ? presetOf(presetId.value) : null));
  const boundary = computed<BoundarySource | null>(() => ('boundary' in spec.value ? spec.value.boundary : null));
  const label = computed(() => ('csv' in spec.value ? (spec.value.csv.fileName ?? 'data.csv') : boundary.value ? `y > ${boundary.value.f}` : (preset.value?.title ?? String(presetId.value))));

  /** Function-boundary data (points labelled by y > f(x)); keeps n and noise when only f changes. */
  function setBoundary(f: string = boundary.value?.f ?? BOUNDARY_FUNCTIONS[0].f) {
    const d = setup.spec.data;
    const prev = 'boundary' in d ? d.boundary : { n: 300, noise: 0.05 };
    setup.spec.data = { boundary: { ...prev, f }, testFraction: d.testFraction ?? 0.2, seed: d.seed ?? 42 };
  }
  function setBoundaryOption(name: 'n' | 'noise', value: number) {
    const d = setup.spec.data;
    if ('boundary' in d) d.boundary = { ...d.boundary, [name]: value };
  }

  function setPreset(id: string) {
    const p = presetOf(id);
    if (!p) return;
    const d = setup.spec.data;
    const n = 'preset' in d ? Number(d.options?.n ?? p.defaultN) : p.defaultN;
    const options: Record<string, number> = {};
    if (p.synthetic) {
      options.n = Math.min(Math.max(Number.isFinite(n) ? n : p.defaultN, 40), STUDIO_MAX_SAMPLES);
      options.noise = p.defaultNoise ?? 0;
    }
    setup.spec.data = { preset: p.id, ...(p.synthetic ? { options } : {}), testFraction: d.testFraction ?? 0.2, seed: d.seed ?? 42 };
  }

  function setPresetOption(name: string, value: unknown) {
    const d = setup.spec.data;
    if (!('preset' in d)) return;
    d.options = { ...(d.options ?? {}), [name]: value as number };
  }

  function setSplit(name: 'testFraction' | 'seed' | 'standardize', value: unknown) {
    (setup.spec.data as Record<string, unknown>)[name] = value;
  }

  function importCsv(fileName: string, text: string): boolean {
    csvError.value = null;
    csvDraft.value = null;
    try {
      if (text.length > MAX_CSV_CHARS) throw new Error(`the file is larger than ${MAX_CSV_CHARS / 1024 / 1024} MB`);
      const inspection = inspectCsv(text, { maxRows: 5 });
      const target = inspection.suggestedTarget;
      if (target === null) {
        throw new Error(`the file has a single column ("${inspection.header[0]}"): it needs feature columns and a target column, separated by commas, semicolons or tabs`);
      }
      const column = (name: string) => inspection.columns.find((c) => c.name === name)!;
      // Clearly textual columns (no number in the first rows) are left out of the features; everything else is
      // parsed strictly so a stray bad value is reported, not dropped.
      const features = inspection.header.filter(
        (h) => h !== target && (column(h).numeric || inspection.rows.some((r) => looksNumeric(r[inspection.header.indexOf(h)] ?? ''))),
      );
      const draft: CsvDraft = { fileName, text, inspection, features: [...features], target, task: column(target).suggestedTask };
      parseDraft(draft);
      csvDraft.value = draft;
      return true;
    } catch (e) {
      csvError.value = { title: `Could not import ${fileName}`, lines: problemLines(e) };
      return false;
    }
  }

  function parseDraft(d: CsvDraft): Dataset {
    return parseCsv(d.text, { targetColumn: d.target, featureColumns: d.features, task: d.task, delimiter: d.inspection.delimiter, name: d.fileName });
  }

  const csvDraftError = computed<string[] | null>(() => {
    const d = csvDraft.value;
    if (!d) return null;
    if (d.features.length === 0) return ['Choose at least one feature column.'];
    if (d.features.includes(d.target)) return ['The target column cannot also be a feature.'];
    try {
      parseDraft(d);
      return null;
    } catch (e) {
      return problemLines(e);
    }
  });

  function applyCsv(): boolean {
    const d = csvDraft.value;
    if (!d || csvDraftError.value) return false;
    const prev = setup.spec.data;
    setup.spec.data = {
      csv: { text: d.text, fileName: d.fileName, target: d.target, features: [...d.features], task: d.task, ...(d.inspection.delimiter !== ',' ? { delimiter: d.inspection.delimiter } : {}) },
      testFraction: prev.testFraction ?? 0.2,
      seed: prev.seed ?? 42,
    };
    csvDraft.value = null;
    return true;
  }

  function cancelCsv() {
    csvDraft.value = null;
    csvError.value = null;
  }

  return { PRESETS, BOUNDARY_FUNCTIONS, spec, isCsv, presetId, preset, boundary, label, setBoundary, setBoundaryOption, csvDraft, csvError, csvDraftError, setPreset, setPresetOption, setSplit, importCsv, applyCsv, cancelCsv };
});
