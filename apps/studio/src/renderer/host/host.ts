import type { MenuCommand, OpenedFile, OpenedSetup, RunListing, RunLookup } from '@shared/ipc.js';
import type { StoredRun } from '@shared/studio-run.js';

// What the renderer needs from where it runs. Two adapters: desktop (preload API → main process, JSON files)
// and web (IndexedDB, <input type=file>, downloads).

export interface RunStore {
  /** Every readable run, and the stored items that could not be read (with the reason). */
  list(): Promise<RunListing>;
  get(id: string): Promise<RunLookup>;
  save(run: StoredRun): Promise<void>;
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
  /** A setup (RunSpec JSON) file; the desktop also reads the CSV it names. */
  openSetup(): Promise<OpenedSetup | null>;
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

/** The run of a lookup, or an Error saying why there is none. */
export function runOf(r: RunLookup, id: string): StoredRun {
  if ('run' in r) return r.run;
  throw new Error('missing' in r ? `There is no run ${id} any more.` : `The run cannot be read: ${r.unreadable}`);
}
