import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { labRequest, requestLabScenario } from '../engine/lab-request.js';
import { readFragment, replaceHash, writeFragment } from '../share/fragment.js';
import { LAB_LINK } from './engine/link.js';
import { scenario } from './engine/scenarios.js';
import { COL } from './engine/trace.js';
import { setLabWorkerFactory, useLabStore, type LabWorkerLike } from './lab-store.js';
import { createLabRunner } from './worker/lab-runner.js';
import type { FromLabWorker, ToLabWorker } from './worker/protocol.js';
import '../charts/setup.js';
import LabView from './LabView.vue';

// The store against the worker's real body, run in process (messages still go through a task, as a worker's do).
let posted: ToLabWorker[] = [];
beforeEach(() => {
  setActivePinia(createPinia());
  replaceHash('');
  posted = [];
  setLabWorkerFactory(() => {
    const w: LabWorkerLike = {
      onmessage: null,
      onerror: null,
      terminate() {},
      postMessage(m) {
        posted.push(m);
        handle(structuredClone(m));
      },
    };
    const handle = createLabRunner((msg: FromLabWorker) => setTimeout(() => w.onmessage?.({ data: msg } as MessageEvent<FromLabWorker>)));
    return w;
  });
});
afterEach(() => {
  useLabStore().dispose();
  replaceHash('');
});

const settled = async () => {
  const lab = useLabStore();
  await vi.waitFor(() => expect(lab.computing).toBe(false), { timeout: 10_000, interval: 20 });
  await vi.waitFor(() => expect(lab.setup.racers.every((r) => lab.invalidRacers.has(r.id) || lab.results[r.id]?.status.state !== 'running')).toBe(true), { timeout: 10_000, interval: 20 });
};

describe('lab store', () => {
  it('races the default setup in the worker: the surface, and every racer to the last iteration', async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    expect(lab.surface?.source).toBe('0.5*(x^2 + 50*y^2)');
    expect(lab.surface?.latex).toContain('50 \\cdot');
    expect(lab.surface?.fStar).toBe(0);
    for (const r of lab.setup.racers) expect(lab.results[r.id].trace.rows).toBe(lab.setup.iterations + 1);
    expect(lab.t).toBe(lab.setup.iterations); // a paused Lab shows the whole run
  });

  it("marks a bad option at its field with the library's message and runs the other racers", async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    lab.setOption('a', 'lr', -1);
    await nextTick();
    expect(lab.errors['racers.a.options.lr']).toBe('Learning rate must be at least 0, got -1');
    await vi.waitFor(() => expect(posted.length).toBe(2));
    await settled();
    expect(posted[1].setup.racers.map((r) => r.id)).toEqual(['b', 'c']);
    expect(lab.results.a).toBeUndefined();
    expect(lab.results.b.trace.rows).toBe(lab.setup.iterations + 1);
  });

  it('checks a schedule against its optimizer (cyclic momentum needs SGD or RMSprop)', async () => {
    const lab = useLabStore();
    lab.setMethod('b', 'adam');
    lab.setSchedule('b', 'cyclic');
    await nextTick();
    expect(lab.errors['racers.b.schedule.options.cycleMomentum']).toMatch(/momentum option \(SGD or RMSprop\)/);
    lab.setScheduleOption('b', 'cycleMomentum', false);
    await nextTick();
    expect(lab.errors['racers.b.schedule.options.cycleMomentum']).toBeUndefined();
  });

  it('a typed function with a syntax error points at the character and stops the race; fixing it races again', async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    lab.setCustom('x^2 + 3y');
    await nextTick();
    expect(lab.expressionError).toMatchObject({ position: 7, length: 1 });
    expect(lab.expressionError!.message).toMatch(/missing operator before "y" \(write \* to multiply\) at column 8/);
    expect(lab.blocking).toBe(true);
    await vi.waitFor(() => expect(lab.surface).toBeNull());
    lab.setCustom('x^2 + 3*y^2');
    await vi.waitFor(() => expect(lab.surface?.source).toBe('x^2 + 3*y^2'));
    await settled();
    expect(lab.surface?.fStarKind).toBe('estimate');
    expect(lab.results.a.trace.rows).toBeGreaterThan(1);
  });

  it('an answer still on its way for a setup that was then made invalid does not bring the old map back', async () => {
    // A slow worker: every answer arrives 150 ms after it was sent.
    setLabWorkerFactory(() => {
      const w: LabWorkerLike = { onmessage: null, onerror: null, terminate() {}, postMessage: (m) => (posted.push(m), handle(structuredClone(m))) };
      const handle = createLabRunner((msg: FromLabWorker) => setTimeout(() => w.onmessage?.({ data: msg } as MessageEvent<FromLabWorker>), 150));
      return w;
    });
    const lab = useLabStore();
    lab.start();
    await settled();
    lab.setCustom('x^2 + 10*y^2');
    // The valid setup reaches the worker; before its answer comes back, the field is made invalid.
    await vi.waitFor(() => expect(posted.some((m) => m.type === 'compute' && m.setup.surface.kind === 'custom' && m.setup.surface.source === 'x^2 + 10*y^2')).toBe(true), { interval: 5 });
    lab.setCustom('x^2 + 3y^2');
    await vi.waitFor(() => expect(lab.blocking).toBe(true), { interval: 5 });
    expect(lab.surface?.source).not.toBe('x^2 + 10*y^2');
    await new Promise((r) => setTimeout(r, 400)); // the stale answer has arrived by now
    expect(lab.surface).toBeNull();
  });

  it('moving the start recomputes from there', async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    lab.setStart([1, -1]);
    await vi.waitFor(() => expect(lab.results.a?.trace.get(0, COL.x)).toBe(1));
    await settled();
    expect(lab.results.a.trace.get(0, COL.y)).toBe(-1);
  });

  it('plays, pauses, steps and resets', async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    lab.reset();
    expect(lab.t).toBe(0);
    lab.stepOnce();
    lab.stepOnce();
    expect(lab.t).toBe(2);
    lab.speed = 1000;
    lab.play();
    expect(lab.playing).toBe(true);
    await vi.waitFor(() => expect(lab.t).toBeGreaterThan(20), { timeout: 5000 });
    lab.pause();
    const t = lab.t;
    await new Promise((r) => setTimeout(r, 100));
    expect(lab.t).toBe(t);
  });

  it('re-suggests the learning rates the user did not type when the surface changes', async () => {
    const lab = useLabStore();
    lab.load(scenario('lr-too-large')!.setup);
    lab.addRacer('vgd');
    const added = lab.setup.racers[lab.setup.racers.length - 1];
    lab.setPreset('rosenbrock');
    expect(added.options.lr).toBe(0.001);
    expect(lab.setup.racers[0].options.lr).toBe(0.085); // loaded from the scenario: the user's
    expect(lab.setup.start).toEqual([-1.5, 2.5]);
  });

  it('mirrors the setup in the link, and restores it from there', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const lab = useLabStore();
      lab.start();
      lab.setup.noise.sigma = 0.5;
      await nextTick();
      vi.advanceTimersByTime(400);
      const r = readFragment(LAB_LINK);
      expect(r.status).toBe('ok');
      expect(r.status === 'ok' && r.value.noise.sigma).toBe(0.5);
    } finally {
      vi.useRealTimers();
    }
    useLabStore().dispose();
    setActivePinia(createPinia());
    const next = useLabStore();
    next.start();
    expect(next.setup.noise.sigma).toBe(0.5);
    expect(next.notice).toBeNull();
  });

  it('ignores a bad or stale link with a notice, keeping the default setup', () => {
    replaceHash(`#lab=${'x'.repeat(10)}`);
    const lab = useLabStore();
    lab.start();
    expect(lab.notice).toMatch(/could not be used/);
    expect(lab.setup.racers).toHaveLength(3);
    lab.dispose();
    setActivePinia(createPinia());
    replaceHash(writeFragment({ ...LAB_LINK, version: 0 }, useLabStore().setup));
    const again = useLabStore();
    again.start();
    expect(again.notice).toMatch(/version 0 of this view; this one reads version 1/);
  });

  it('loads a scenario and starts the race', async () => {
    const lab = useLabStore();
    lab.start();
    lab.applyScenario('saddle-noise');
    expect(lab.setup.surface).toEqual({ kind: 'preset', id: 'wells' });
    expect(lab.setup.noise.sigma).toBe(0.3);
    expect(lab.playing).toBe(true);
    await settled();
  });
});

describe('opening the Lab on a scenario from another view', () => {
  afterEach(() => {
    labRequest.value = null;
  });

  it('takes a request made before the Lab first mounts, over the link, once', async () => {
    replaceHash(writeFragment(LAB_LINK, scenario('adam-vs-sgd')!.setup));
    requestLabScenario('lr-too-large');
    const lab = useLabStore();
    lab.start();
    expect(lab.setup.scenario).toBe('lr-too-large');
    expect(lab.setup.racers.map((r) => r.options.lr)).toEqual([0.085, 0.075, 0.04]);
    expect(lab.playing).toBe(true);
    await settled();
    expect(lab.results.a.status.state).toBe('diverged');
    // A remounted Lab does not take the same request again.
    lab.dispose();
    setActivePinia(createPinia());
    replaceHash('');
    const again = useLabStore();
    again.start();
    expect(again.setup.scenario).toBeNull();
  });

  it('takes a request while it is open, and a repeated one again', async () => {
    const lab = useLabStore();
    lab.start();
    await settled();
    requestLabScenario('saddle-noise');
    await nextTick();
    expect(lab.setup.scenario).toBe('saddle-noise');
    lab.setPreset('bowl');
    expect(lab.setup.scenario).toBeNull();
    requestLabScenario('saddle-noise');
    await nextTick();
    expect(lab.setup.scenario).toBe('saddle-noise');
    requestLabScenario('no-such-case');
    await nextTick();
    expect(lab.notice).toMatch(/no Lab scenario "no-such-case"/);
    expect(lab.setup.scenario).toBe('saddle-noise');
    await settled();
  });
});

describe('LabView', () => {
  it('renders the surface, the racers with their update rules, and the results', async () => {
    // ECharts needs a real canvas: the loss chart is stubbed (happy-dom has none); the map's canvas draws nothing here.
    const w = mount(LabView, { attachTo: document.body, global: { stubs: { LabLossChart: true } } });
    const lab = useLabStore();
    await settled();
    await nextTick();
    expect(w.findAll('.racer-card')).toHaveLength(3);
    // The formulas are KaTeX (MathML inside), one block per line of the rule
    const momentum = w.get('[data-testid="racer-b"] [data-testid="racer-formula"]');
    expect(momentum.findAll('.math').length).toBeGreaterThanOrEqual(4);
    expect(momentum.html()).toContain('<annotation encoding="application/x-tex">v \\leftarrow \\mu v + g');
    expect(w.get('[data-testid="lab-results"]').text()).toContain('Nesterov');
    await w.get('[data-testid="lab-surface-rosenbrock"]').trigger('click');
    expect(lab.setup.surface).toEqual({ kind: 'preset', id: 'rosenbrock' });
    await w.get('[data-testid="lab-surface-custom"]').trigger('click');
    const input = w.get('[data-testid="lab-expression"]');
    await input.setValue('(x + y');
    expect(w.get('[data-testid="lab-expression-error"]').text()).toContain('expected ")" to close the "(" at column 1');
    expect(w.get('[data-testid="lab-expression-error"] mark').element.textContent).toBe(' ');
    w.unmount();
  });
});
