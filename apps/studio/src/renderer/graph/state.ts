import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { ExpressionError } from '@descent/autodiff';
import { parseProgram, type Program } from './program.js';
import { buildModel, type GraphModel } from './model.js';
import { buildSteps, reveal, type Step } from './steps.js';
import { GRAPH_PRESETS, type GraphPreset } from './presets.js';

// The Graph view's state: the typed program, the input values as typed, and the step reached. A syntax error
// or an unreadable value keeps the last good graph on screen (marked stale) rather than blanking it.

export interface FieldError {
  message: string;
  position: number;
  length: number;
}

const NUMBER = /^\s*[-−+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A typed value: "−2", "1e-3", "0.5" (a real minus sign is accepted); anything else is an error message. */
export function readNumber(s: string): number | string {
  if (!NUMBER.test(s)) return s.trim() ? `“${s.trim()}” is not a number` : 'enter a number';
  return Number(s.replace('−', '-'));
}

export function createGraphState() {
  const first = GRAPH_PRESETS[0];
  const source = ref(first.source);
  const typed = reactive<Record<string, string>>(Object.fromEntries(Object.entries(first.values).map(([k, v]) => [k, String(v)])));
  const presetId = ref<string | null>(first.id);
  const lastGood = shallowRef<{ program: Program; model: GraphModel; steps: Step[] } | null>(null);
  const evalError = ref<string | null>(null);
  const step = ref(0);

  const parsed = computed((): { program: Program; error: null } | { program: null; error: FieldError } => {
    try {
      return { program: parseProgram(source.value), error: null };
    } catch (e) {
      if (e instanceof ExpressionError) return { program: null, error: { message: e.reason, position: e.position, length: e.length } };
      return { program: null, error: { message: (e as Error).message, position: 0, length: 1 } };
    }
  });
  const inputs = computed(() => parsed.value.program?.inputs ?? lastGood.value?.program.inputs ?? []);
  // A newly typed variable gets a value field holding 1.
  watch(inputs, (names) => names.forEach((n) => (typed[n] ??= '1')), { immediate: true });
  const valueErrors = computed(() => Object.fromEntries(inputs.value.map((n) => [n, readNumber(typed[n] ?? '')]).filter(([, v]) => typeof v === 'string')) as Record<string, string>);

  // Typing rebuilds the graph once the keys pause (a burst of keys draws once); presets rebuild at once.
  let built = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  function rebuild() {
    clearTimeout(timer);
    const program = parsed.value.program;
    if (!program || Object.keys(valueErrors.value).length) return;
    const values = Object.fromEntries(program.inputs.map((n) => [n, readNumber(typed[n]) as number]));
    const key = JSON.stringify([program.source, values]);
    if (key === built) return;
    try {
      const model = buildModel(program, values);
      const steps = buildSteps(model);
      const sameShape = lastGood.value && lastGood.value.steps.length === steps.length && lastGood.value.program.source === program.source;
      lastGood.value = { program, model, steps };
      built = key;
      evalError.value = null;
      // A new expression starts fully worked (the lecture's figure); new values keep the step reached.
      step.value = sameShape ? Math.min(step.value, steps.length) : steps.length;
    } catch (e) {
      evalError.value = (e as Error).message;
    }
  }
  watch([parsed, () => inputs.value.map((n) => typed[n])], () => {
    clearTimeout(timer);
    timer = setTimeout(rebuild, 150);
  });
  rebuild();
  const stale = computed(() => !!parsed.value.error || Object.keys(valueErrors.value).length > 0 || !!evalError.value);
  const model = computed(() => lastGood.value?.model ?? null);
  const steps = computed(() => lastGood.value?.steps ?? []);
  const shown = computed(() => (model.value ? reveal(model.value, steps.value, step.value) : null));
  const values = computed(() => Object.fromEntries(inputs.value.map((n) => [n, readNumber(typed[n] ?? '')]).filter(([, v]) => typeof v === 'number')) as Record<string, number>);
  const preset = computed<GraphPreset | null>(() => GRAPH_PRESETS.find((p) => p.id === presetId.value) ?? null);

  function loadPreset(p: GraphPreset) {
    presetId.value = p.id;
    for (const [k, v] of Object.entries(p.values)) typed[k] = String(v);
    source.value = p.source;
    rebuild();
  }
  function setSource(s: string) {
    source.value = s;
    const p = preset.value;
    if (p && p.source !== s) presetId.value = null;
  }
  const go = (k: number) => (step.value = Math.max(0, Math.min(steps.value.length, k)));

  return { rebuild, source, typed, parsed, inputs, valueErrors, evalError, stale, model, steps, step, shown, values, preset, loadPreset, setSource, go, program: computed(() => lastGood.value?.program ?? null) };
}

export type GraphState = ReturnType<typeof createGraphState>;
