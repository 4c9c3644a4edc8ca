import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, toRaw, watch } from 'vue';
import { ExpressionError } from '@descent/autodiff';
import type { OptionError } from '@descent/core-tensor';
import { isOptimizerName, type OptimizerName } from '@descent/optimizers';
import type { ScheduleName } from '@descent/schedulers';
import { byPath } from '../engine/fields.js';
import { keep, sameRecord, sameSet } from '../engine/keep.js';
import { suggestedScheduleOptions } from '../engine/schedule-suggestions.js';
import { labRequest } from '../engine/lab-request.js';
import { readFragment, replaceHash, writeFragment } from '../share/fragment.js';
import { LAB_LINK } from './engine/link.js';
import { freeColor, makeRacer, NEWTON_DEFAULTS, type RacerPreset } from './engine/racers.js';
import { scenario as findScenario } from './engine/scenarios.js';
import { LIMITS, type LabSetup, type RacerSetup, type SurfaceSetup } from './engine/setup.js';
import { CUSTOM_DEFAULTS, KAPPA, surfacePreset, type Point, type PresetId } from './engine/surfaces.js';
import { Trace, type RacerStatus } from './engine/trace.js';
import { setupProblems } from './engine/validate.js';
import type { FromLabWorker, SurfaceData, ToLabWorker } from './worker/protocol.js';

// The Lab's state: the setup (plain JSON, mirrored in the URL), the problems the libraries find in it, the
// worker computing the races, the traces it sends back, and the playback cursor. Lab runs are not training
// runs: nothing here touches the Runs store.

export interface LabWorkerLike {
  postMessage(m: ToLabWorker): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<FromLabWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

let makeWorker: () => LabWorkerLike = () => new Worker(new URL('./worker/lab.worker.ts', import.meta.url), { type: 'module', name: 'descent-lab' }) as unknown as LabWorkerLike;
/** Tests run the worker's body in process. */
export function setLabWorkerFactory(f: () => LabWorkerLike) {
  makeWorker = f;
}

export interface RacerResult {
  trace: Trace;
  status: RacerStatus;
  gradEvalsPerStep: number;
  /** The job that produced it; older results stay on screen until the newer job's first chunk arrives. */
  job: number;
}

/** The last scenario request taken (module-wide: a remounted Lab does not take it again). */
let takenRequest: unknown = null;

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function defaultSetup(): LabSetup {
  const s = findScenario('momentum-ravine')!.setup;
  return { ...clone(s), scenario: null };
}

export const useLabStore = defineStore('lab', () => {
  const setup = reactive<LabSetup>(defaultSetup());
  /** Racers whose lr the user typed: a change of surface leaves those alone and re-suggests the others. */
  const lrTouched = new Set<string>();
  const notice = ref<string | null>(null);

  // ---- problems, from the libraries' validators
  const version = ref(0);
  watch(setup, () => version.value++, { deep: true, flush: 'sync' });
  const problemList = computed<OptionError[]>(() => {
    void version.value;
    return setupProblems(toRaw(setup) as LabSetup);
  });
  const racerErrors = ref<Record<string, string>>({});
  // Every edit (a dragged start: every frame) revalidates, but the derived values keep their identity while
  // equal, so the twelve racer cards and their forms do not re-render for a start point that moved.
  const errors = computed<Record<string, string>>((prev) => keep(prev, { ...racerErrors.value, ...byPath(problemList.value) }, sameRecord));
  const expressionError = computed<{ message: string; position: number; length: number } | null>((prev) => {
    const e = problemList.value.find((p) => p instanceof ExpressionError) as ExpressionError | undefined;
    return keep(prev, e ? { message: e.message, position: e.position, length: e.length } : null, (a, b) => a === b || (!!a && !!b && sameRecord(a, b)));
  });
  /** Problems outside the racers stop every race (no surface, no start); a racer's own stop only that racer. */
  const blocking = computed(() => problemList.value.some((p) => p.path[0] !== 'racers'));
  const invalidRacers = computed<Set<string>>((prev) => keep(prev, new Set(problemList.value.filter((p) => p.path[0] === 'racers').map((p) => String(p.path[1]))), sameSet));

  // ---- worker and results
  const surface = shallowRef<SurfaceData | null>(null);
  const surfaceError = ref<string | null>(null);
  const results = shallowRef<Record<string, RacerResult>>({});
  const computing = ref(false);
  const lastMs = ref<number | null>(null);
  let worker: LabWorkerLike | null = null;
  let job = 0;
  /** Rows of the current job's traces (its iterations + 1): the setup may change before its chunks arrive. */
  let jobRows = 0;
  let sendTimer: ReturnType<typeof setTimeout> | null = null;

  let pending: Record<string, RacerResult> = {};
  let publishing = 0;
  function publish() {
    publishing = 0;
    if (!Object.keys(pending).length) return;
    results.value = { ...results.value, ...pending };
    pending = {};
  }

  function onMessage(m: FromLabWorker) {
    if (m.job !== job) return;
    switch (m.type) {
      case 'surface':
        surface.value = m.surface;
        surfaceError.value = null;
        return;
      case 'surface-error':
        surface.value = null;
        surfaceError.value = m.message;
        return;
      case 'trace': {
        // Chunks are written at once but published once a frame: a slice brings one message per racer, and
        // re-rendering the table and the chart for each would keep the page busy.
        const prev = pending[m.racerId] ?? results.value[m.racerId];
        const fresh = !prev || prev.job !== job;
        const trace = fresh ? new Trace(jobRows) : prev.trace;
        trace.write(m.from, m.rows);
        pending[m.racerId] = { trace, status: m.status, gradEvalsPerStep: m.gradEvalsPerStep, job };
        if (!publishing) publishing = requestAnimationFrame(publish);
        return;
      }
      case 'racer-error': {
        const path = ['racers', m.racerId, ...m.path].map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');
        racerErrors.value = { ...racerErrors.value, [path]: m.reason };
        return;
      }
      case 'done':
        publish();
        computing.value = false;
        lastMs.value = m.ms;
        return;
    }
  }

  function ensureWorker(): LabWorkerLike {
    if (!worker) {
      worker = makeWorker();
      worker.onmessage = (ev) => onMessage(ev.data);
      worker.onerror = (ev) => {
        surfaceError.value = `The Lab's worker failed: ${ev.message}`;
        computing.value = false;
      };
    }
    return worker;
  }

  /** Post the setup (valid racers only) to the worker; racers no longer in the setup vanish at once. */
  function send() {
    sendTimer = null;
    const ids = new Set(setup.racers.map((r) => r.id));
    publish();
    results.value = Object.fromEntries(Object.entries(results.value).filter(([id]) => ids.has(id) && !invalidRacers.value.has(id)));
    racerErrors.value = {};
    // A new job either way: answers still on their way for the previous setup are dropped (an invalid edit
    // made while the worker computed must not bring the old map back).
    job++;
    if (blocking.value) {
      // What is on screen is what counts: no races without a start, no map without a surface.
      results.value = {};
      if (problemList.value.some((p) => p.path[0] === 'surface')) surface.value = null;
      computing.value = false;
      return;
    }
    computing.value = true;
    const plain = clone(toRaw(setup)) as LabSetup;
    plain.racers = plain.racers.filter((r) => !invalidRacers.value.has(r.id));
    jobRows = plain.iterations + 1;
    ensureWorker().postMessage({ type: 'compute', job, setup: plain });
  }
  function scheduleSend(delay = 0) {
    if (sendTimer) clearTimeout(sendTimer);
    sendTimer = setTimeout(send, delay);
  }

  // ---- playback: the cursor is the iterate shown; traces may run ahead of it
  const cursor = ref(0);
  const playing = ref(false);
  /** Show everything computed (after an edit while paused). */
  const follow = ref(true);
  const speed = ref<number>(50);
  const selected = ref<string | null>(setup.racers[0]?.id ?? null);
  const computedRows = computed(() => Math.max(0, ...Object.values(results.value).map((r) => r.trace.rows)));
  /** The iterate on screen. */
  const t = computed(() => Math.max(0, Math.min(follow.value ? computedRows.value - 1 : Math.floor(cursor.value), setup.iterations)));
  /**
   * The iterate for text (the results table, the arrows' numbers): the same as `t`, but while a race plays it
   * follows at most ten times a second. Text that changes every frame makes the browser lay out and paint the
   * page every frame; the map is a canvas and follows every frame.
   */
  const tText = ref(0);
  let textTimer: ReturnType<typeof setTimeout> | null = null;
  watch(
    t,
    (v) => {
      if (!playing.value) {
        if (textTimer) clearTimeout(textTimer);
        textTimer = null;
        tText.value = v;
      } else if (!textTimer)
        textTimer = setTimeout(() => {
          textTimer = null;
          tText.value = t.value;
        }, 100);
    },
    { immediate: true },
  );
  watch(playing, (p) => {
    if (!p) tText.value = t.value;
  });
  let raf = 0;
  let lastFrame = 0;

  function frame(now: number) {
    raf = 0;
    if (!playing.value) return;
    const dt = Math.min(0.25, (now - lastFrame) / 1000);
    lastFrame = now;
    const end = setup.iterations;
    // Wait for the worker when playback catches up with the computation.
    const available = Math.max(0, computedRows.value - 1);
    cursor.value = Math.min(cursor.value + speed.value * dt, available, end);
    if (cursor.value >= end || (!computing.value && cursor.value >= available)) {
      playing.value = false;
      return;
    }
    raf = requestAnimationFrame(frame);
  }
  function play() {
    if (follow.value || t.value >= setup.iterations || t.value >= computedRows.value - 1 && !computing.value) cursor.value = 0;
    follow.value = false;
    playing.value = true;
    lastFrame = performance.now();
    if (!raf) raf = requestAnimationFrame(frame);
  }
  function pause() {
    cursor.value = t.value;
    follow.value = false;
    playing.value = false;
  }
  function stepOnce() {
    const now = t.value;
    pause();
    cursor.value = Math.min(now + 1, setup.iterations, Math.max(0, computedRows.value - 1));
  }
  function reset() {
    pause();
    cursor.value = 0;
  }
  function showAll() {
    playing.value = false;
    follow.value = true;
  }
  /** After an edit: a playing race starts over, a paused one shows its whole new run. */
  function restart() {
    if (playing.value) cursor.value = 0;
    else follow.value = true;
  }

  // ---- edits
  function suggestedLr(r: RacerSetup, lr: { gd: number; adaptive: number }): number {
    if (r.kind === 'newton') return Number(r.options.lr);
    return Number((makeRacer(r.optimizer === 'sgd' ? 'vgd' : (r.optimizer as RacerPreset), 'x', '#000000', lr) as { options: { lr: number } }).options.lr);
  }
  function surfaceLr(s: SurfaceSetup) {
    return s.kind === 'preset' ? (surfacePreset(s.id)?.lr ?? CUSTOM_DEFAULTS.lr) : CUSTOM_DEFAULTS.lr;
  }
  function setSurface(next: SurfaceSetup, start?: Point) {
    setup.surface = next;
    setup.scenario = null;
    const p = next.kind === 'preset' ? surfacePreset(next.id) : null;
    if (start) setup.start = [...start] as unknown as Point;
    else if (p) setup.start = [...p.start] as unknown as Point;
    const lr = surfaceLr(next);
    for (const r of setup.racers) if (!lrTouched.has(r.id) && r.kind === 'optimizer') r.options.lr = suggestedLr(r, lr);
  }
  function setPreset(id: PresetId) {
    const p = surfacePreset(id);
    if (!p) return;
    setSurface(p.kappa ? { kind: 'preset', id, kappa: setup.surface.kind === 'preset' && setup.surface.kappa !== undefined ? setup.surface.kappa : KAPPA.default } : { kind: 'preset', id });
  }
  function setCustom(source: string) {
    const domain = setup.surface.kind === 'custom' ? setup.surface.domain : CUSTOM_DEFAULTS.domain;
    const wasCustom = setup.surface.kind === 'custom';
    setSurface({ kind: 'custom', source, domain: [...domain] as unknown as typeof domain }, wasCustom ? setup.start : [domain[0] + 0.2 * (domain[1] - domain[0]), domain[2] + 0.8 * (domain[3] - domain[2])]);
  }
  function setKappa(k: number) {
    if (setup.surface.kind === 'preset') setup.surface.kappa = k;
    setup.scenario = null;
  }
  function setDomain(i: number, v: number) {
    if (setup.surface.kind !== 'custom') return;
    const d = [...setup.surface.domain] as [number, number, number, number];
    d[i] = v;
    setup.surface.domain = d;
  }
  function setStart(p: Point) {
    setup.start = [p[0], p[1]] as unknown as Point;
  }
  let counter = 0;
  function newId(): string {
    let id: string;
    do id = `r${(++counter).toString(36)}`;
    while (setup.racers.some((r) => r.id === id));
    return id;
  }
  function addRacer(preset: RacerPreset) {
    if (setup.racers.length >= LIMITS.racers) return;
    const r = makeRacer(preset, newId(), freeColor(setup.racers.map((x) => x.color)), surfaceLr(setup.surface));
    setup.racers.push(r);
    selected.value = r.id;
  }
  function removeRacer(id: string) {
    const i = setup.racers.findIndex((r) => r.id === id);
    if (i < 0) return;
    setup.racers.splice(i, 1);
    lrTouched.delete(id);
    if (selected.value === id) selected.value = setup.racers[Math.min(i, setup.racers.length - 1)]?.id ?? null;
  }
  const racer = (id: string) => setup.racers.find((r) => r.id === id);
  function setMethod(id: string, preset: RacerPreset) {
    const r = racer(id);
    if (!r) return;
    const next = makeRacer(preset, id, r.color, surfaceLr(setup.surface));
    next.noisy = r.noisy;
    setup.racers.splice(setup.racers.indexOf(r), 1, next);
    lrTouched.delete(id);
  }
  function setOption(id: string, name: string, value: unknown) {
    const r = racer(id);
    if (!r) return;
    if (name === 'lr') lrTouched.add(id);
    (r.options as Record<string, unknown>)[name] = value;
  }
  function setSchedule(id: string, name: ScheduleName | 'none') {
    const r = racer(id);
    if (!r || r.kind !== 'optimizer') return;
    r.schedule = name === 'none' ? null : { name, options: suggestedScheduleOptions(name, setup.iterations, Number(r.options.lr) || 0.01) };
  }
  function setScheduleOption(id: string, name: string, value: unknown) {
    const r = racer(id);
    if (r?.kind === 'optimizer' && r.schedule) r.schedule.options[name] = value;
  }
  function setNoisy(id: string, noisy: boolean) {
    const r = racer(id);
    if (r) r.noisy = noisy;
  }

  function load(next: LabSetup) {
    Object.assign(setup, clone(next));
    lrTouched.clear();
    for (const r of setup.racers) lrTouched.add(r.id);
    selected.value = setup.racers[0]?.id ?? null;
  }
  function applyScenario(id: string) {
    const sc = findScenario(id);
    if (!sc) return;
    load(sc.setup);
    cursor.value = 0;
    follow.value = false;
    play();
  }

  // ---- the link: read once, then mirrored (debounced) as the setup changes
  /** The #lab=… segment last read or written: a hash change that brings another one is a pasted link. */
  let linkSeen: string | null = null;
  const linkSegment = () => (location.hash.slice(1).split('&').find((x) => x.startsWith(`${LAB_LINK.name}=`)) ?? null);
  function readLink(fallback = 'the default setup') {
    linkSeen = linkSegment();
    const r = readFragment(LAB_LINK);
    if (r.status === 'ok') {
      load(r.value);
      notice.value = null;
    } else if (r.status === 'invalid') notice.value = `The link's Lab setup could not be used (${r.reason}); showing ${fallback} instead.`;
  }
  function onHashChange() {
    const seg = linkSegment();
    if (seg === null || seg === linkSeen) return;
    readLink('the current setup');
  }
  let linkTimer: ReturnType<typeof setTimeout> | null = null;
  function writeLink() {
    if (linkTimer) clearTimeout(linkTimer);
    linkTimer = setTimeout(() => {
      linkTimer = null;
      replaceHash(writeFragment(LAB_LINK, clone(toRaw(setup)) as LabSetup));
      linkSeen = linkSegment();
    }, 300);
  }
  const shareUrl = () => `${location.origin}${location.pathname}${location.search}${writeFragment(LAB_LINK, clone(toRaw(setup)) as LabSetup)}`;

  let stopWatch: (() => void) | null = null;
  let stopRequests: (() => void) | null = null;
  /** Called when the view mounts: restore the link, start computing, and keep both in step with edits. */
  function start() {
    if (stopWatch) return;
    readLink();
    // Another view asked for a scenario (a teaching note's link): it wins over the link, being newer. Each
    // request is taken once, whether it came before the Lab first mounted or while it is open.
    const take = (r: typeof labRequest.value) => {
      if (!r || r === takenRequest) return;
      takenRequest = r;
      if (findScenario(r.scenario)) applyScenario(r.scenario);
      else notice.value = `There is no Lab scenario "${r.scenario}"; showing the current setup instead.`;
    };
    take(labRequest.value);
    stopRequests = watch(labRequest, take);
    window.addEventListener('hashchange', onHashChange);
    stopWatch = watch(
      version,
      () => {
        restart();
        scheduleSend(16);
        writeLink();
      },
      { flush: 'post' },
    );
    send();
  }
  function dispose() {
    stopWatch?.();
    stopWatch = null;
    stopRequests?.();
    stopRequests = null;
    window.removeEventListener('hashchange', onHashChange);
    if (linkTimer) clearTimeout(linkTimer);
    linkTimer = null;
    worker?.terminate();
    worker = null;
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    playing.value = false;
  }

  return {
    setup,
    notice,
    errors,
    problemList,
    expressionError,
    blocking,
    invalidRacers,
    surface,
    surfaceError,
    results,
    computing,
    lastMs,
    cursor,
    t,
    tText,
    playing,
    follow,
    speed,
    selected,
    computedRows,
    play,
    pause,
    stepOnce,
    reset,
    showAll,
    setPreset,
    setCustom,
    setKappa,
    setDomain,
    setStart,
    addRacer,
    removeRacer,
    setMethod,
    setOption,
    setSchedule,
    setScheduleOption,
    setNoisy,
    applyScenario,
    load,
    shareUrl,
    start,
    dispose,
    isOptimizerName: (n: string): n is OptimizerName => isOptimizerName(n),
    NEWTON_DEFAULTS,
  };
});
