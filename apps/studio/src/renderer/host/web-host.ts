import type { OpenedFile } from '@shared/ipc.js';
import type { FileToSave, Host, RunStore } from './host.js';
import { IdbRunStore } from './idb-run-store.js';
import { RemoteRunStore } from './run-store-rpc.js';

// Web adapter: runs in IndexedDB, files through a hidden <input type=file>, saving through a download link.

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

/** The runs, kept by a worker; in the page itself only where module workers are missing. */
function webRunStore(): RunStore {
  try {
    return new RemoteRunStore(new Worker(new URL('./run-store.worker.ts', import.meta.url), { type: 'module', name: 'descent-runs' }));
  } catch {
    return new IdbRunStore();
  }
}

export function createWebHost(): Host {
  return {
    kind: 'web',
    runs: webRunStore(),
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
