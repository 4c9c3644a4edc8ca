import type { RunRecord } from '@shared/run-record.js';
import { summarize } from '@shared/run-record.js';
import type { FileToSave, Host } from './host/host.js';

/** An in-memory host for store and component tests. */
export function memoryHost(): Host & { files: FileToSave[]; store: Map<string, RunRecord>; csv: { name: string; text: string } | null } {
  const store = new Map<string, RunRecord>();
  const files: FileToSave[] = [];
  const h = {
    kind: 'web' as const,
    store,
    files,
    csv: null as { name: string; text: string } | null,
    runs: {
      list: async () => [...store.values()].map(summarize),
      get: async (id: string) => structuredClone(store.get(id) ?? null),
      save: async (r: RunRecord) => void store.set(r.id, structuredClone(r)),
      rename: async (id: string, name: string) => void store.set(id, { ...store.get(id)!, name }),
      remove: async (id: string) => void store.delete(id),
    },
    saveFile: async (f: FileToSave) => (files.push(f), true),
    openCsv: async () => h.csv,
    onMenu: () => () => {},
  };
  return h;
}
