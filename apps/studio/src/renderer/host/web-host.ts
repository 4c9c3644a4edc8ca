import { openDB, type IDBPDatabase } from 'idb';
import type { OpenedFile, RunListing, RunLookup } from '@shared/ipc.js';
import { parseStoredRun, summarize, type RunSummary, type StoredRun } from '@shared/studio-run.js';
import { runOf, type FileToSave, type Host, type RunStore } from './host.js';

// Web adapter: runs in IndexedDB, files through a hidden <input type=file>, saving through a download link.

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

function pickFile(accept: string, testid: string): Promise<OpenedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.setAttribute('data-testid', testid);
    input.style.display = 'none';
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { name: file.name, text: await file.text() } : null);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.appendChild(input);
    input.click();
  });
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function createWebHost(): Host {
  return {
    kind: 'web',
    runs: new IdbRunStore(),
    async saveFile(f: FileToSave) {
      const blob = new Blob([f.encoding === 'base64' ? base64ToBytes(f.data) : f.data], { type: f.mime });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = f.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return true;
    },
    openCsv: () => pickFile('.csv,.tsv,.txt,text/csv', 'csv-file-input'),
    openSetup: () => pickFile('.json,application/json', 'setup-file-input'),
    onMenu() {
      return () => {};
    },
  };
}
