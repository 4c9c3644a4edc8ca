import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { fitRunSync } from '@descent/train';
import { parseStoredRun, storedRun } from '@shared/studio-run.js';
import { sampleSpec } from '@shared/sample-run.js';
import { setHost } from '../host/host.js';
import { FakeWorker, memoryHost } from '../test-utils.js';
import { useRunsStore } from './runs.js';
import { setWorkerFactory, useSessionStore } from './session.js';

// Issue "Studio you can trust": a run a reload (or crash) interrupted showed as RUNNING forever. Found at
// start, it is stored as 'interrupted' with the epochs of its last checkpoint; the run this page is training
// right now is left alone.


let host: ReturnType<typeof memoryHost>;
beforeEach(() => {
  setActivePinia(createPinia());
  host = memoryHost();
  setHost(host);
  localStorage.clear();
});

/** A checkpoint as the worker saves it mid-run: status running, the epochs so far. */
const checkpoint = (epochs: number) => ({ ...fitRunSync({ ...sampleSpec('adam', epochs), name: 'cp' }), status: 'running' as const });

describe('interrupted runs', () => {
  it('is stored as interrupted (not only shown so), keeping the epochs of its last checkpoint', async () => {
    await host.runs.save(storedRun('zombie', 'Zombie', '2026-01-01T00:00:00.000Z', checkpoint(3)));
    await useRunsStore().refresh();
    const stored = parseStoredRun(host.store.get('zombie'));
    expect(stored.record.status).toBe('interrupted');
    expect(stored.record.epochs).toHaveLength(3);
    expect(useRunsStore().summaries[0]).toMatchObject({ id: 'zombie', status: 'interrupted', epochs: 3 });
  });
  it("the page's own running run is not marked interrupted by a refresh", async () => {
    const w = new FakeWorker();
    setWorkerFactory(() => w);
    const session = useSessionStore();
    const id = (await session.start())!;
    w.emit({ type: 'checkpoint', record: checkpoint(2) });
    await session.flushed();
    await useRunsStore().refresh();
    expect(parseStoredRun(host.store.get(id)).record.status).toBe('running');
    expect(useRunsStore().summaries.find((r) => r.id === id)!.status).toBe('running');
  });
});
