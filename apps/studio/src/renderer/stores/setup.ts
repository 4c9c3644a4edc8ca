import { defineStore } from 'pinia';
import { computed, reactive, ref, watch } from 'vue';
import type { BatchMode, OptionValue, TrainingConfig } from '@shared/model-spec.js';
import { defaultLoss, LOSSES } from '../engine/losses.js';
import { OPTIMIZERS, optimizerDefaults, validateOptimizer } from '../engine/optimizers.js';
import { lrCurve, schedulerDefaults, validateScheduler } from '../engine/schedulers.js';
import { useDataStore } from './data.js';

// Training setup: loss, optimizer and all its hyperparameters, batch mode, epochs, seed and LR schedule.

export const useSetupStore = defineStore('setup', () => {
  const data = useDataStore();
  const loss = ref<string>(defaultLoss(data.shape.task));
  const optimizer = ref('adam');
  /** options per optimizer, so switching back and forth keeps what was typed */
  const optionsBy = reactive<Record<string, Record<string, OptionValue>>>(
    Object.fromEntries(OPTIMIZERS.map((o) => [o.name, optimizerDefaults(o.name)])),
  );
  const batch = reactive<{ mode: BatchMode; size: number }>({ mode: 'mini', size: 16 });
  const epochs = ref(100);
  const seed = ref(1);
  const schedule = reactive<{ name: string; options: Record<string, OptionValue>; stepEvery: 'epoch' | 'batch' }>({
    name: 'none',
    options: {},
    stepEvery: 'epoch',
  });

  const lossChoices = computed(() => LOSSES.filter((l) => l.tasks.includes(data.shape.task)));
  watch(
    () => data.shape.task,
    (task) => {
      if (!lossChoices.value.some((l) => l.name === loss.value)) loss.value = defaultLoss(task);
    },
  );

  const options = computed(() => optionsBy[optimizer.value]);
  const trainSize = computed(() => {
    const s = data.split;
    if (s) return s.train.x.shape[0];
    const n = data.config.samples;
    return Math.max(1, n - Math.round(n * data.config.testFraction));
  });
  const batchSize = computed(() =>
    batch.mode === 'full' ? trainSize.value : batch.mode === 'sgd' ? 1 : Math.max(1, Math.min(batch.size, trainSize.value)),
  );
  const batchesPerEpoch = computed(() => Math.ceil(trainSize.value / batchSize.value));
  /** scheduler steps in the planned run */
  const scheduleUnits = computed(() => (schedule.stepEvery === 'batch' ? epochs.value * batchesPerEpoch.value : epochs.value));

  const optimizerErrors = computed(() => validateOptimizer(optimizer.value, options.value));
  const scheduleErrors = computed(() => validateScheduler(schedule.name, schedule.options, scheduleUnits.value, optimizer.value));
  const generalErrors = computed(() => {
    const e: Record<string, string> = {};
    if (!Number.isInteger(epochs.value) || epochs.value < 1 || epochs.value > 100_000) e.epochs = 'Epochs must be a whole number from 1 to 100000';
    if (batch.mode === 'mini' && (!Number.isInteger(batch.size) || batch.size < 1)) e.batch = 'Mini-batch size must be a whole number ≥ 1';
    if (!Number.isInteger(seed.value) || seed.value < 0) e.seed = 'Seed must be a whole number ≥ 0';
    return e;
  });
  const valid = computed(
    () => !Object.keys(optimizerErrors.value).length && !Object.keys(scheduleErrors.value).length && !Object.keys(generalErrors.value).length,
  );

  function setOption(key: string, value: OptionValue) {
    optionsBy[optimizer.value][key] = value;
  }
  function resetOptimizer() {
    optionsBy[optimizer.value] = optimizerDefaults(optimizer.value);
  }
  function setSchedule(name: string) {
    schedule.name = name;
    schedule.options = schedulerDefaults(name, scheduleUnits.value, Number(options.value.lr));
  }

  const lrPreview = computed(() => {
    if (Object.keys(scheduleErrors.value).length || optimizerErrors.value.lr) return [];
    return lrCurve(schedule.name, schedule.options, Number(options.value.lr), {
      epochs: Math.min(epochs.value, 100_000),
      batchesPerEpoch: batchesPerEpoch.value,
      stepEvery: schedule.stepEvery,
    });
  });

  const config = computed<TrainingConfig>(() => ({
    loss: loss.value,
    optimizer: { name: optimizer.value, options: JSON.parse(JSON.stringify(options.value)) },
    batch: { mode: batch.mode, size: batch.size },
    epochs: epochs.value,
    seed: seed.value,
    schedule: { name: schedule.name, options: JSON.parse(JSON.stringify(schedule.options)), stepEvery: schedule.stepEvery },
  }));

  function load(t: TrainingConfig) {
    optimizer.value = t.optimizer.name;
    optionsBy[t.optimizer.name] = { ...optimizerDefaults(t.optimizer.name), ...t.optimizer.options };
    batch.mode = t.batch.mode;
    batch.size = t.batch.size;
    epochs.value = t.epochs;
    seed.value = t.seed;
    schedule.name = t.schedule.name;
    schedule.options = { ...t.schedule.options };
    schedule.stepEvery = t.schedule.stepEvery;
    loss.value = t.loss;
  }

  return {
    loss,
    lossChoices,
    optimizer,
    options,
    optionsBy,
    batch,
    epochs,
    seed,
    schedule,
    trainSize,
    batchSize,
    batchesPerEpoch,
    scheduleUnits,
    optimizerErrors,
    scheduleErrors,
    generalErrors,
    valid,
    setOption,
    resetOptimizer,
    setSchedule,
    lrPreview,
    config,
    load,
  };
});
