import { openDB, type IDBPDatabase } from 'idb';
import type { RunListing, RunLookup } from '@shared/ipc.js';
import { parseStoredRun, summarize, type RunSummary, type StoredRun } from '@shared/studio-run.js';
import { runOf, type RunStore } from './host.js';

// The web build's runs, in IndexedDB. Every record is validated on the way in and out, like the desktop main
// process does with its files. In the browser this runs in a worker (run-store.worker.ts), so validating a
// long run's record is never a long task on the page.

const DB_NAME = 'descent-studio';
const STORE = 'runs';

export class IdbRunStore implements RunStore {
  private db: Promise<IDBPDatabase>;
  constructor(name = DB_NAME) {
    this.db = openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore(STORE, { keyPath: 'id' });
      },
    });
  }
  async list(): Promise<RunListing> {
    const all = (await (await this.db).getAll(STORE)) as unknown[];
    const runs: RunSummary[] = [];
    const skipped: RunListing['skipped'] = [];
    for (const raw of all) {
      try {
        runs.push(summarize(parseStoredRun(raw)));
      } catch (e) {
        // One bad record must not hide the others: skip it, and say so.
        const name = String((raw as { name?: unknown; id?: unknown })?.name ?? (raw as { id?: unknown })?.id ?? 'a record');
        skipped.push({ name, reason: (e as Error).message });
        console.warn(`Descent: skipping stored run ${name}: ${(e as Error).message}`);
      }
    }
    return { runs: runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), skipped };
  }
  async get(id: string): Promise<RunLookup> {
    const raw = await (await this.db).get(STORE, id);
    if (raw === undefined) return { missing: true };
    try {
      return { run: parseStoredRun(raw) };
    } catch (e) {
      return { unreadable: (e as Error).message };
    }
  }
  async save(run: StoredRun) {
    // Validate like the desktop main process does, so both hosts accept the same records.
    const clean = parseStoredRun(JSON.parse(JSON.stringify(run)));
    try {
      await (await this.db).put(STORE, clean);
    } catch (e) {
      if ((e as DOMException)?.name === 'QuotaExceededError') {
        throw new Error("The browser's storage for this site is full: delete or export some runs in Runs, then train again.");
      }
      throw e;
    }
  }
  async rename(id: string, name: string) {
    const run = runOf(await this.get(id), id);
    await this.save({ ...run, name });
  }
  async remove(id: string) {
    await (await this.db).delete(STORE, id);
  }
}
