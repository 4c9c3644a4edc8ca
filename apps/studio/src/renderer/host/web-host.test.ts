// @vitest-environment node
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { sampleRun } from '@shared/sample-run.js';
import { IdbRunStore } from './idb-run-store.js';
import { RemoteRunStore, serveRunStore } from './run-store-rpc.js';

// The web build's run store on a real IndexedDB implementation (fake-indexeddb, in memory).
let n = 0;
const fresh = () => `descent-test-${n++}`;
async function putRaw(db: string, value: unknown) {
  const d = await openDB(db, 1, { upgrade: (x) => void x.createObjectStore('runs', { keyPath: 'id' }) });
  await d.put('runs', value);
  d.close();
}

describe('IdbRunStore (web)', () => {
  it('saves, lists, gets and renames', async () => {
    const s = new IdbRunStore(fresh());
    await s.save(sampleRun('r1'));
    expect((await s.list()).runs.map((r) => r.id)).toEqual(['r1']);
    await s.rename('r1', 'Better');
    const got = await s.get('r1');
    expect('run' in got && got.run.name).toBe('Better');
    expect(await s.get('nope')).toEqual({ missing: true });
  });

  it('one invalid record is skipped with a visible reason; get() of it says unreadable', async () => {
    const db = fresh();
    const s = new IdbRunStore(db);
    await s.save(sampleRun('good'));
    await putRaw(db, { id: 'bad', name: 'Broken run', format: 'descent-studio-run', version: 2, createdAt: 'x', record: { nope: true } });
    const { runs, skipped } = await s.list();
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(skipped).toEqual([{ name: 'Broken run', reason: expect.stringMatching(/record/) }]);
    expect(await s.get('bad')).toEqual({ unreadable: expect.stringMatching(/record/) });
  });

  it('runs saved by the first format (fixtures) list, open and save in today’s format', async () => {
    const dir = new URL('../../shared/fixtures/v1/', import.meta.url);
    const db = fresh();
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    for (const f of files) await putRaw(db, JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
    const s = new IdbRunStore(db);
    const { runs, skipped } = await s.list();
    expect(skipped).toEqual([]);
    expect(runs).toHaveLength(files.length);
    for (const r of runs) {
      const got = await s.get(r.id);
      expect('run' in got).toBe(true);
      if ('run' in got) await s.save(got.run);
    }
    expect((await s.list()).runs).toHaveLength(files.length);
  });

  it('a full storage quota is a message saying what to do', async () => {
    const s = new IdbRunStore(fresh());
    // Simulate a full quota: the store's put rejects with the DOMException browsers raise.
    const db = await (s as unknown as { db: Promise<{ put: unknown }> }).db;
    (db as { put: unknown }).put = () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
    await expect(s.save(sampleRun('big'))).rejects.toThrow(/storage for this site is full: delete or export some runs/);
  });
});

describe('RemoteRunStore (the page) ↔ serveRunStore (the storage worker)', () => {
  function pair() {
    const ch = new MessageChannel();
    serveRunStore(new IdbRunStore(fresh()), ch.port1 as never);
    return { store: new RemoteRunStore(ch.port2 as never), close: () => (ch.port1.close(), ch.port2.close()) };
  }

  it('saves, lists, gets, renames and removes through messages', async () => {
    const { store, close } = pair();
    await store.save(sampleRun('r1'));
    await store.save(sampleRun('r2', '2026-01-02T00:00:00.000Z'));
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['r2', 'r1']);
    await store.rename('r1', 'Renamed');
    const got = await store.get('r1');
    expect('run' in got && got.run.name).toBe('Renamed');
    await store.remove('r2');
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['r1']);
    expect(await store.get('r2')).toEqual({ missing: true });
    close();
  });

  it('an invalid run is refused with the validator’s message, and nothing is stored', async () => {
    const { store, close } = pair();
    const bad = { ...sampleRun('r3'), record: { ...sampleRun('r3').record, epochs: 'many' } } as never;
    await expect(store.save(bad)).rejects.toThrow(/epochs/);
    expect((await store.list()).runs).toEqual([]);
    close();
  });

  it('a value that cannot be cloned (a Proxy) is sent as its JSON form', async () => {
    const { store, close } = pair();
    await store.save(new Proxy(sampleRun('r4'), {}));
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['r4']);
    close();
  });
});
