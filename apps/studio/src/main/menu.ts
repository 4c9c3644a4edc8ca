import { app, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { IPC, type MenuCommand } from '../shared/ipc-channels.js';

// The application menu. Commands the renderer owns (undo of model edits, training, exports) are sent to it;
// the rest are Electron roles.
export function buildMenu(getWindow: () => BrowserWindow | null): Menu {
  const send = (c: MenuCommand) => () => getWindow()?.webContents.send(IPC.menu, c);
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Model', accelerator: 'CmdOrCtrl+N', click: send('new-model') },
        { label: 'Open Setup…', accelerator: 'CmdOrCtrl+O', click: send('open-setup') },
        { label: 'Save Setup…', accelerator: 'CmdOrCtrl+S', click: send('save-setup') },
        { label: 'Import CSV…', accelerator: 'CmdOrCtrl+Shift+O', click: send('import-csv') },
        { type: 'separator' },
        { label: 'Export Current Run as JSON…', accelerator: 'CmdOrCtrl+E', click: send('export-run') },
        { label: 'Export Current Metrics as CSV…', accelerator: 'CmdOrCtrl+Shift+E', click: send('export-csv') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // The renderer handles Ctrl+Z itself (text fields keep their own undo), so these do not grab the keys.
        { label: 'Undo Model Change', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: send('undo') },
        { label: 'Redo Model Change', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'Run',
      submenu: [
        { label: 'Train', accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false, click: send('train') },
        { label: 'Stop', accelerator: 'CmdOrCtrl+.', click: send('stop') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `About ${app.getName()}`, click: send('about') }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
