import { defineStore } from 'pinia';
import { computed, nextTick, ref, shallowRef, watch } from 'vue';
import type { InspectReport } from '../worker/inspect.js';
import type { FromWorker, WorkerError } from '../worker/protocol.js';
import { useSessionStore } from '../stores/session.js';

// The Backprop panel's state: which training sample is picked, one sample or its batch, and the worker's
// latest answer. The model lives in the worker, so every view of it is a question sent there; while training
// runs the question is re-asked at most every REFRESH_MS, with one in flight at a time, so the page never
// queues work faster than it can draw it.

export const REFRESH_MS = 500;
/** Cells per side of each unit's activation thumbnail. */
export const THUMB_GRID = 32;

export type InspectMode = 'sample' | 'batch';

/** Index of the training point nearest (x, y); `xs` holds n rows of `dim` values (the first two are the plane). */
export function nearestSample(xs: ArrayLike<number>, n: number, dim: number, x: number, y: number): number {
  let best = -1, bestD = Infinity;
  for (let i = 0; i < n; i++) {
    const dx = xs[i * dim] - x, dy = dim > 1 ? xs[i * dim + 1] - y : 0;
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Step through n samples with wrap-around. */
export const wrapSample = (i: number, n: number): number => (n > 0 ? ((i % n) + n) % n : 0);

export const useBackpropStore = defineStore('backprop', () => {
  const session = useSessionStore();
  const open = ref(false);
  const sample = ref(0);
  const mode = ref<InspectMode>('sample');
  const report = shallowRef<InspectReport | null>(null);
  const error = ref<WorkerError | null>(null);
  /** Answers received: a counter the thumbnails and tests can watch. */
  const version = ref(0);
  /** How long the page took to apply the last answer (store + panel re-render), in ms: the panel's own main-thread cost. */
  const renderMs = ref(0);
  let nextId = 1;
  let inflight: number | null = null;
  let again = false;
  let lastAskAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const samples = computed(() => session.info?.train.n ?? 0);
  const batchSize = computed(() => session.info?.batchSize ?? 1);

  function send() {
    timer = null;
    if (!open.value || !session.info) return;
    const id = nextId++;
    const asked = session.ask({
      type: 'backprop',
      id,
      request: { sample: sample.value, mode: mode.value, batchSize: batchSize.value, grid: session.info.inputDim === 2 ? THUMB_GRID : 0 },
    });
    if (!asked) return;
    inflight = id;
    again = false;
    lastAskAt = performance.now();
  }

  /** Ask again: now when idle, else after the one in flight (and no sooner than REFRESH_MS while training). */
  function refresh(now = false) {
    if (!open.value) return;
    if (inflight !== null) {
      again = true;
      return;
    }
    if (timer) return;
    const wait = now || session.status !== 'running' ? 0 : Math.max(0, REFRESH_MS - (performance.now() - lastAskAt));
    timer = setTimeout(send, wait);
  }

  function onAnswer(m: FromWorker) {
    if (m.type !== 'backprop' || m.id !== inflight) return;
    inflight = null;
    if (m.report) {
      const t0 = performance.now();
      report.value = m.report;
      error.value = null;
      version.value++;
      void nextTick(() => (renderMs.value = Math.round(performance.now() - t0)));
    } else if (m.error) error.value = m.error;
    if (again) refresh();
  }
  session.listen(onAnswer);

  function pick(i: number) {
    sample.value = wrapSample(Math.round(i), samples.value);
    refresh(true);
  }
  const next = () => pick(sample.value + 1);
  const previous = () => pick(sample.value - 1);
  /** A click on the data plot at (x, y): the nearest training point. */
  function pickAt(x: number, y: number): number | null {
    const info = session.info;
    if (!info || !info.train.n) return null;
    const i = nearestSample(info.train.x, info.train.n, info.inputDim, x, y);
    pick(i);
    return i;
  }
  function setMode(m: InspectMode) {
    mode.value = m;
    refresh(true);
  }
  function setOpen(v: boolean) {
    open.value = v;
    if (v) refresh(true);
  }

  // A new run: start over at sample 0; progress or a status change: ask again (throttled).
  watch(
    () => session.meta?.id,
    () => {
      report.value = null;
      error.value = null;
      inflight = null;
      again = false;
      sample.value = 0;
    },
  );
  // A primitive key: progress messages repeat the same last batch (a new object) while paused, and must not re-ask.
  watch(
    () => `${session.last?.step ?? -1}|${session.status}|${session.info ? session.meta?.id : ''}`,
    () => refresh(),
  );

  return { open, sample, mode, report, error, version, renderMs, samples, batchSize, pick, next, previous, pickAt, setMode, setOpen, refresh };
});
