import { beforeEach, describe, expect, it } from 'vitest';
import { shallowMount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { fitRunSync, type RunSpec } from '@descent/train';
import { sampleRun } from '@shared/sample-run.js';
import { setHost } from '../host/host.js';
import { FakeWorker, memoryHost } from '../test-utils.js';
import type { ToWorker } from '../worker/protocol.js';
import { useRunsStore } from '../stores/runs.js';
import { setWorkerFactory, useSessionStore } from '../stores/session.js';
import { useSetupStore } from '../stores/setup.js';
import TrainView from './TrainView.vue';
import RunsView from './RunsView.vue';

// Issue "Studio you can trust", honest statuses: a run that completes while its loss blew up (finite), or that
// never learned, is flagged in the Train view (pill and reason in words) and in the Runs table.


let host: ReturnType<typeof memoryHost>;
beforeEach(() => {
  setActivePinia(createPinia());
  host = memoryHost();
  setHost(host);
  localStorage.clear();
});

/** Start a run of `over` through the session store and end it with the library's real record of that spec. */
async function endRun(over: Partial<RunSpec>) {
  const w = new FakeWorker();
  setWorkerFactory(() => w);
  const setup = useSetupStore();
  setup.load({ ...setup.snapshot(), ...over } as RunSpec);
  const session = useSessionStore();
  const id = await session.start();
  expect(id).toBeTruthy();
  const sent = w.sent[0] as Extract<ToWorker, { type: 'start' }>;
  const record = fitRunSync(sent.spec);
  w.emit({ type: 'status', status: record.status as never, record });
  await session.flushed();
  return { record, session };
}

const hot: Partial<RunSpec> = {
  epochs: 20,
  batch: { mode: 'full' },
  model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] },
  optimizer: { name: 'sgd', options: { lr: 1e6 } },
};

describe('Train view: a completed run that failed says so', () => {
  it('SGD lr 1e6: completed, but the pill is blew-up and the reason is in words', async () => {
    const { record } = await endRun(hot);
    expect(record.status).toBe('completed');
    expect(record.health!.verdict).toBe('blew-up');
    const w = shallowMount(TrainView, { global: { stubs: { RunBar: false } } });
    await w.vm.$nextTick();
    expect(w.get('[data-testid="run-status"]').classes()).toContain('blew-up');
    expect(w.get('[data-testid="run-status"]').classes()).not.toContain('completed');
    // Not a grey "completed" with a green bar: the pill says it blew up, the bar takes the warning colour.
    expect(w.get('[data-testid="run-status"]').text()).toBe('completed · blew up');
    expect(w.get('.progress > div').classes()).toEqual(['blew-up']);
    const alert = w.get('[data-testid="health"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toMatch(/^The loss blew up: loss rose from \S+ to \S+ by epoch \d+: the learning rate is probably too high\.$/);
    w.unmount();
  });
  it('lr 0: the model did not learn', async () => {
    await endRun({ epochs: 5, optimizer: { name: 'sgd', options: { lr: 0 } } });
    const w = shallowMount(TrainView, { global: { stubs: { RunBar: false } } });
    await w.vm.$nextTick();
    expect(w.get('[data-testid="run-status"]').classes()).toContain('no-progress');
    expect(w.get('[data-testid="health"]').text()).toMatch(/^The model did not learn: the loss did not improve/);
    w.unmount();
  });
  it('a healthy run has no warning', async () => {
    await endRun({ epochs: 30 });
    const w = shallowMount(TrainView, { global: { stubs: { RunBar: false } } });
    await w.vm.$nextTick();
    expect(w.get('[data-testid="run-status"]').classes()).toContain('completed');
    expect(w.get('[data-testid="run-status"]').text()).toBe('completed');
    expect(w.get('.progress > div').classes()).toEqual(['completed']);
    expect(w.find('[data-testid="health"]').exists()).toBe(false);
    w.unmount();
  });
});

describe('Runs table', () => {
  it('a blown-up run carries a blew-up pill beside its status; a healthy one does not', async () => {
    await endRun(hot);
    await host.runs.save(sampleRun('fine'));
    await useRunsStore().refresh();
    const w = shallowMount(RunsView);
    await w.vm.$nextTick();
    const rows = w.findAll('[data-testid="run-row"]');
    expect(rows).toHaveLength(2);
    const warned = rows.filter((r) => r.find('.status-pill.warning').exists());
    expect(warned).toHaveLength(1);
    expect(warned[0].get('.status-pill.warning').text()).toBe('blew-up');
    expect(warned[0].get('[data-testid="run-row-status"]').text()).toBe('completed');
    w.unmount();
  });
});
