import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, MENU_COMMANDS, type MenuCommand } from '../shared/ipc-channels.js';
import type { DesktopApi } from '../shared/ipc.js';

// The only bridge between the sandboxed page and the main process: a handful of typed calls. No Node, no
// ipcRenderer, no arbitrary channels reach the page.
const api: DesktopApi = {
  platform: process.platform,
  runs: {
    list: () => ipcRenderer.invoke(IPC.runsList),
    get: (id) => ipcRenderer.invoke(IPC.runsGet, id),
    save: (run) => ipcRenderer.invoke(IPC.runsSave, run),
    rename: (id, name) => ipcRenderer.invoke(IPC.runsRename, id, name),
    remove: (id) => ipcRenderer.invoke(IPC.runsDelete, id),
  },
  saveFile: (req) => ipcRenderer.invoke(IPC.fileSave, req),
  openCsv: () => ipcRenderer.invoke(IPC.fileOpenCsv),
  openSetup: () => ipcRenderer.invoke(IPC.fileOpenSetup),
  onMenu(listener) {
    const h = (_e: IpcRendererEvent, c: MenuCommand) => {
      if ((MENU_COMMANDS as readonly string[]).includes(c)) listener(c);
    };
    ipcRenderer.on(IPC.menu, h);
    return () => ipcRenderer.removeListener(IPC.menu, h);
  },
};

contextBridge.exposeInMainWorld('descent', api);
