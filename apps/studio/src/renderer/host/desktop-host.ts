import type { DesktopApi } from '@shared/ipc.js';
import type { FileToSave, Host } from './host.js';

// Desktop adapter: everything goes through the narrow preload API (window.descent); the main process
// validates each payload and owns the files.

declare global {
  interface Window {
    descent?: DesktopApi;
  }
}

export function createDesktopHost(api: DesktopApi): Host {
  return {
    kind: 'desktop',
    runs: api.runs,
    saveFile(f: FileToSave) {
      return api.saveFile({
        defaultName: f.name,
        data: f.data,
        encoding: f.encoding,
        filters: [{ name: f.filterName, extensions: [f.extension] }],
      });
    },
    openCsv: () => api.openCsv(),
    openSetup: () => api.openSetup(),
    onMenu: (l) => api.onMenu(l),
  };
}
