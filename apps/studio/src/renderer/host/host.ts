import type { RunRecord, RunSummary } from '@shared/run-record.js';
import type { MenuCommand, OpenedFile } from '@shared/ipc.js';

// What the renderer needs from where it runs. Two adapters: desktop (preload API → main process, JSON files)
// and web (IndexedDB, <input type=file>, downloads).

export interface RunStore {
  list(): Promise<RunSummary[]>;
  get(id: string): Promise<RunRecord | null>;
  save(run: RunRecord): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface FileToSave {
  name: string;
  /** text, or base64 bytes when encoding is 'base64' */
  data: string;
  encoding: 'utf8' | 'base64';
  mime: string;
  filterName: string;
  extension: string;
}

export interface Host {
  kind: 'web' | 'desktop';
  runs: RunStore;
  /** true when written (false if the person cancelled) */
  saveFile(file: FileToSave): Promise<boolean>;
  openCsv(): Promise<OpenedFile | null>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

let current: Host | null = null;

export function setHost(h: Host): void {
  current = h;
}

export function host(): Host {
  if (!current) throw new Error('Host not initialised: call setHost() at startup');
  return current;
}
