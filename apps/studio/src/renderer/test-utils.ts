import { parseStoredRun, summarize, type StoredRun } from '@shared/studio-run.js';
import type { OpenedFile, OpenedSetup } from '@shared/ipc.js';
import type { FileToSave, Host } from './host/host.js';
import type { FromWorker, ToWorker } from './worker/protocol.js';
import type { WorkerLike } from './stores/session.js';

/** An in-memory host for store and component tests (validates what it stores, like both real hosts). */
export function memoryHost(): Host & { files: FileToSave[]; store: Map<string, unknown>; csv: OpenedFile | null; setup: OpenedSetup | null } {
  const store = new Map<string, unknown>();
  const files: FileToSave[] = [];
  const h = {
    kind: 'web' as const,
    store,
    files,
    csv: null as OpenedFile | null,
    setup: null as OpenedSetup | null,
    runs: {
      list: async () => {
        const runs = [];
        const skipped = [];
        for (const v of store.values()) {
          try {
            runs.push(summarize(parseStoredRun(v)));
          } catch (e) {
            skipped.push({ name: String((v as { id?: unknown })?.id), reason: (e as Error).message });
          }
        }
        return { runs: runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), skipped };
      },
      get: async (id: string) => {
        const v = store.get(id);
        if (v === undefined) return { missing: true as const };
        try {
          return { run: parseStoredRun(structuredClone(v)) };
        } catch (e) {
          return { unreadable: (e as Error).message };
        }
      },
      save: async (r: StoredRun) => void store.set(r.id, structuredClone(parseStoredRun(JSON.parse(JSON.stringify(r))))),
      rename: async (id: string, name: string) => void store.set(id, { ...(store.get(id) as StoredRun), name }),
      remove: async (id: string) => void store.delete(id),
    },
    saveFile: async (f: FileToSave) => (files.push(f), true),
    openCsv: async () => h.csv,
    openSetup: async () => h.setup,
    onMenu: () => () => {},
  };
  return h;
}

/** A training worker stand-in: records what the session posts, and emits what a worker would send back. */
export class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror = null;
  terminated = false;
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  emit(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
}
