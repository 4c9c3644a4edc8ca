import { openDB, type IDBPDatabase } from 'idb';
import { parseRunRecord, summarize, type RunRecord } from '@shared/run-record.js';
import type { FileToSave, Host, RunStore } from './host.js';

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
  async list() {
    const all = (await (await this.db).getAll(STORE)) as RunRecord[];
    return all.map(summarize).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  async get(id: string) {
    return ((await (await this.db).get(STORE, id)) as RunRecord | undefined) ?? null;
  }
  async save(run: RunRecord) {
    // Validate like the desktop main process does, so both hosts accept the same records.
    const clean = parseRunRecord(JSON.parse(JSON.stringify(run)));
    await (await this.db).put(STORE, clean);
  }
  async rename(id: string, name: string) {
    const run = await this.get(id);
    if (!run) throw new Error(`No run with id ${id}`);
    await this.save({ ...run, name });
  }
  async remove(id: string) {
    await (await this.db).delete(STORE, id);
  }
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
    openCsv() {
      return new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = '.csv,text/csv';
        input.setAttribute('data-testid', 'csv-file-input');
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
    },
    onMenu() {
      return () => {};
    },
  };
}
