import { defineStore } from 'pinia';
import { computed, reactive, ref, toRaw, watch } from 'vue';
import type { OptionError } from '@descent/core-tensor';
import { batchPlan, loadData, type LoadedData } from '@descent/data';
import type { LayerSpec } from '@descent/layers';
import { optimizerDefaults, optimizerNames, type OptimizerName } from '@descent/optimizers';
import type { ScheduleName } from '@descent/schedulers';
import { applyFeatures, compileBoundaryFunction, featureProblems, runSpecProblems, type RunSpec } from '@descent/train';
import { byPath } from '../engine/fields.js';
import { defaultLoss, lossesFor } from '../engine/losses.js';
import { lrPreview } from '../engine/lr-preview.js';
import { suggestedScheduleOptions } from '../engine/schedule-suggestions.js';

// The setup of the next run: exactly a @descent/train RunSpec (what the worker trains, what is saved, what the
// CLI runs), plus UI extras kept beside it: an id per layer (drag and drop, focus), and the options typed for
// each optimizer (switching back and forth keeps them). Every field is validated by the library's one
// validator; the problems are keyed by their path in the spec.

export const SETUP_STORAGE_KEY = 'descent-studio:setup';

let counter = 0;
export const newLayerId = (): string => `L${Date.now().toString(36)}${(counter++).toString(36)}`;

export function defaultSpec(): RunSpec {
  return {
    seed: 1,
    data: { preset: 'circles', options: { n: 300, noise: 0.1 }, testFraction: 0.2, seed: 42 },
    model: {
      layers: [
        { type: 'dense', units: 8 },
        { type: 'activation', fn: 'tanh' },
        { type: 'dense', units: 8 },
        { type: 'activation', fn: 'tanh' },
        { type: 'dense', units: 1 },
      ],
    },
    loss: 'bceWithLogits',
    optimizer: { name: 'adam', options: optimizerDefaults('adam') },
    scheduler: null,
    epochs: 100,
    batch: { mode: 'minibatch', batchSize: 16 },
    dtype: 'float32',
  };
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Loading data is the costly part of validation: cache the last few data sets by their spec. */
const dataCache = new Map<string, { data: LoadedData | null; error: unknown }>();
function loadCached(data: RunSpec['data'], seed: number | undefined): { data: LoadedData | null; error: unknown } {
  // The CSV text can be megabytes: key it by length and a cheap hash instead of embedding it.
  const csv = 'csv' in data ? data.csv : null;
  const text = csv?.text ?? '';
  let h = 0;
  for (let i = 0; i < text.length; i += Math.max(1, Math.floor(text.length / 4096))) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  const key = JSON.stringify([{ ...data, ...(csv ? { csv: { ...csv, text: `${text.length}:${h}` } } : {}) }, seed ?? 0]);
  let hit = dataCache.get(key);
  if (!hit) {
    try {
      hit = { data: loadData(clone(data), { seed: seed ?? 0, compileFunction: (f) => compileBoundaryFunction(f) }), error: null };
    } catch (e) {
      hit = { data: null, error: e };
    }
    if (dataCache.size > 6) dataCache.delete(dataCache.keys().next().value!);
    dataCache.set(key, hit);
  }
  return hit;
}

export const useSetupStore = defineStore('setup', () => {
  const spec = reactive<RunSpec>(defaultSpec());
  const layerIds = ref<string[]>(spec.model.layers.map(() => newLayerId()));
  const optionsBy = reactive<Record<string, Record<string, unknown>>>({});

  // Any change anywhere in the spec (a deep, synchronous watcher) invalidates the validation below.
  const version = ref(0);
  watch(spec, () => version.value++, { deep: true, flush: 'sync' });

  const loaded = computed(() => loadCached(spec.data, spec.seed));
  const data = computed(() => loaded.value.data);
  /** What the model takes: the data mapped through the chosen features (the data itself without them or while they have problems). */
  const inputs = computed<LoadedData | null>(() => {
    const d = data.value;
    const f = spec.features;
    if (!d || !Array.isArray(f) || f.length === 0) return d;
    try {
      return applyFeatures(d, [...f]).data;
    } catch {
      return d;
    }
  });
  const problems = computed<OptionError[]>(() => {
    void version.value;
    // Validate a plain copy: the validator must see exactly what will be posted and saved.
    // structuredClone keeps NaN (what a field holds for unreadable text), which JSON would turn into null.
    return runSpecProblems(structuredClone(toRaw(spec)), { data: data.value ?? undefined });
  });
  const errors = computed(() => byPath(problems.value));
  const valid = computed(() => problems.value.length === 0);

  const task = computed(() => data.value?.task ?? 'binary');
  const trainSize = computed(() => data.value?.train.x.shape[0] ?? 0);
  const batchBad = computed(() => !!(errors.value['batch.batchSize'] || errors.value['batch']));
  const plan = computed(() => {
    if (!trainSize.value || batchBad.value) return null;
    try {
      return batchPlan(trainSize.value, spec.batch ?? { mode: 'minibatch', batchSize: 32 });
    } catch {
      return null;
    }
  });
  /** Scheduler steps of the planned run. */
  const scheduleUnits = computed(() => (spec.scheduler?.stepEvery === 'batch' ? spec.epochs * (plan.value?.batchesPerEpoch ?? 1) : spec.epochs));
  const baseLr = computed(() => Number((spec.optimizer.options as { lr?: number } | undefined)?.lr ?? optimizerDefaults(spec.optimizer.name).lr));
  // A boolean computed: a change elsewhere in the spec (a feature toggle) re-validates, but only redraws the
  // LR preview when its own inputs change.
  const lrBlocked = computed(() => Object.keys(errors.value).some((k) => k.startsWith('scheduler') || k === 'optimizer.options.lr' || k === 'epochs'));
  const lrPoints = computed(() => {
    if (lrBlocked.value || !plan.value || !(spec.epochs >= 1)) return [];
    try {
      return lrPreview(spec, baseLr.value, plan.value.batchesPerEpoch);
    } catch {
      return [];
    }
  });

  // The loss follows the task when the data changes (binary → multiclass...), unless it still fits.
  watch(task, (t) => {
    const name = typeof spec.loss === 'string' ? spec.loss : spec.loss.name;
    if (!lossesFor(t).some((l) => l.name === name)) spec.loss = defaultLoss(t);
  });

  /** The model's computed inputs (null: the inputs as they are). */
  function setFeatures(list: readonly string[] | null) {
    if (list && list.length) spec.features = [...list];
    else delete spec.features;
  }
  // Another data set (new inputs): features that no longer make sense for its inputs are dropped, so picking
  // Iris after circles with x₁² does not leave a setup that cannot train.
  watch(
    () => data.value?.all.featureNames.join('\u0000') ?? null,
    (names, before) => {
      if (names === null || before === null || !spec.features) return;
      const inputs = data.value!.all.featureNames;
      const bad = new Set(featureProblems(spec.features, inputs).map((e) => e.path[1]));
      const kept = spec.features.filter((_, i) => !bad.has(i));
      setFeatures(data.value!.train.imageShape ? null : kept);
    },
  );

  /** None, L1 or L2 on the weights; the rate is kept when switching between L1 and L2. */
  function setRegularization(type: 'none' | 'l1' | 'l2', rate?: number) {
    if (type === 'none') spec.regularization = null;
    else spec.regularization = { type, rate: rate ?? spec.regularization?.rate ?? 0.001 };
  }

  function setOptimizer(name: OptimizerName) {
    if (!optimizerNames.includes(name)) return;
    optionsBy[spec.optimizer.name] = clone(spec.optimizer.options ?? {});
    spec.optimizer = { name, options: (optionsBy[name] ? clone(optionsBy[name]) : optimizerDefaults(name)) as never };
  }
  function setOptimizerOption(key: string, value: unknown) {
    const o = (spec.optimizer.options ??= {}) as Record<string, unknown>;
    o[key] = value;
  }
  function resetOptimizer() {
    spec.optimizer = { name: spec.optimizer.name, options: optimizerDefaults(spec.optimizer.name) as never };
  }
  function setSchedule(name: ScheduleName | 'none') {
    if (name === 'none') spec.scheduler = null;
    else spec.scheduler = { name: name as never, options: suggestedScheduleOptions(name, spec.epochs, baseLr.value) as never, stepEvery: spec.scheduler?.stepEvery === 'batch' && name !== 'plateau' ? 'batch' : 'epoch' };
  }
  function setScheduleOption(key: string, value: unknown) {
    if (!spec.scheduler) return;
    ((spec.scheduler.options ??= {}) as Record<string, unknown>)[key] = value;
  }

  /** Replace the whole setup (a re-opened run, an opened setup file, a shared link). Problems show at the fields. */
  function load(next: RunSpec) {
    const s = clone(next);
    for (const k of Object.keys(spec) as (keyof RunSpec)[]) if (!(k in s)) delete (spec as Partial<RunSpec>)[k];
    Object.assign(spec, s);
    spec.model.layers ??= [];
    layerIds.value = spec.model.layers.map(() => newLayerId());
  }

  /** Replace the layers (and their ids): the model store's history goes through here. */
  function setLayers(layers: LayerSpec[], ids: string[]) {
    spec.model = { ...spec.model, layers: clone(layers) };
    layerIds.value = [...ids];
  }

  /** The spec as JSON: what is posted to the worker, saved with the run and written by "Save setup…". */
  const snapshot = (): RunSpec => clone(toRaw(spec));

  // Kept across reloads and restarts (both hosts have localStorage). Writes wait 300 ms so typing
  // does not serialize on every key; a page that goes away first (reload, close) writes at once,
  // otherwise an edit, or a setup opened from a link, made just before a reload would be lost.
  let pending: string | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (pending === null) return;
    const text = pending;
    pending = null;
    try {
      globalThis.localStorage?.setItem(SETUP_STORAGE_KEY, text);
    } catch {
      // storage full or disabled: the setup simply is not remembered
    }
  };
  watch(
    () => JSON.stringify(spec),
    (text) => {
      pending = text;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(flush, 300);
    },
  );
  globalThis.addEventListener?.('pagehide', flush);
  globalThis.document?.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });

  return {
    spec,
    layerIds,
    loaded,
    data,
    inputs,
    problems,
    errors,
    valid,
    task,
    trainSize,
    plan,
    scheduleUnits,
    baseLr,
    lrPoints,
    setFeatures,
    setRegularization,
    setOptimizer,
    setOptimizerOption,
    resetOptimizer,
    setSchedule,
    setScheduleOption,
    load,
    setLayers,
    snapshot,
  };
});
