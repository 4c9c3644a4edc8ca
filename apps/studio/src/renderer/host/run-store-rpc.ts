import type { RunListing, RunLookup } from '@shared/ipc.js';
import type { StoredRun } from '@shared/studio-run.js';
import type { RunStore } from './host.js';

// A RunStore served from another thread: the page posts each call, the worker validates and stores. Only a
// structured clone of the run is left on the page's thread (as with the desktop's IPC), never the JSON round
// trip and schema check of a long run's record.

type Method = keyof RunStore;
interface Call { id: number; method: Method; args: unknown[] }
type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

/** Worker, MessagePort or worker scope: what both ends need. */
export interface Endpoint {
  postMessage(m: unknown): void;
  addEventListener(type: 'message', f: (e: MessageEvent) => void): void;
  addEventListener(type: 'error', f: (e: Event) => void): void;
  start?(): void;
}

const METHODS: readonly Method[] = ['list', 'get', 'save', 'rename', 'remove'];

/** Answers RunStore calls arriving on `port` with `store`. */
export function serveRunStore(store: RunStore, port: Endpoint): void {
  port.addEventListener('message', async (e: MessageEvent<Call>) => {
    const { id, method, args } = e.data;
    try {
      if (!METHODS.includes(method)) throw new Error(`run store: unknown call "${String(method)}"`);
      const value = await (store[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      port.postMessage({ id, value } satisfies Reply);
    } catch (err) {
      const x = err as Error;
      port.postMessage({ id, error: { name: x?.name ?? 'Error', message: x?.message ?? String(err) } } satisfies Reply);
    }
  });
  port.start?.();
}

/** The page's side: every call is a message; a failure is rethrown with the worker's name and message. */
export class RemoteRunStore implements RunStore {
  private next = 0;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(private readonly port: Endpoint) {
    port.addEventListener('message', (e: MessageEvent<Reply>) => {
      const w = this.waiting.get(e.data.id);
      if (!w) return;
      this.waiting.delete(e.data.id);
      if ('error' in e.data) w.reject(Object.assign(new Error(e.data.error.message), { name: e.data.error.name }));
      else w.resolve(e.data.value);
    });
    // A worker that fails to load or crashes must not leave saves waiting forever.
    port.addEventListener('error', () => {
      for (const w of this.waiting.values()) w.reject(new Error('The storage worker stopped: runs cannot be read or saved until the page is reloaded.'));
      this.waiting.clear();
    });
    port.start?.();
  }
  private call<T>(method: Method, ...args: unknown[]): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.port.postMessage({ id, method, args } satisfies Call);
      } catch (e) {
        // A reactive proxy cannot be cloned; its JSON form is what would be stored anyway.
        if ((e as Error)?.name !== 'DataCloneError') throw e;
        this.port.postMessage({ id, method, args: JSON.parse(JSON.stringify(args)) } satisfies Call);
      }
    });
  }
  list = () => this.call<RunListing>('list');
  get = (id: string) => this.call<RunLookup>('get', id);
  save = (run: StoredRun) => this.call<void>('save', run);
  rename = (id: string, name: string) => this.call<void>('rename', id, name);
  remove = (id: string) => this.call<void>('remove', id);
}
