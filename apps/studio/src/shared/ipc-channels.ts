// IPC channel names, kept free of dependencies so the sandboxed preload bundle stays tiny.

export const IPC = {
  runsList: 'runs:list',
  runsGet: 'runs:get',
  runsSave: 'runs:save',
  runsRename: 'runs:rename',
  runsDelete: 'runs:delete',
  fileSave: 'file:save',
  fileOpenCsv: 'file:open-csv',
  fileOpenSetup: 'file:open-setup',
  menu: 'menu:command',
} as const;

export const MENU_COMMANDS = ['new-model', 'import-csv', 'open-setup', 'save-setup', 'export-run', 'export-csv', 'undo', 'redo', 'train', 'stop', 'about'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

