import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { readFile, writeFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenedFile, OpenedSetup, SaveFileRequest } from '../shared/ipc.js';
import { readSetupFile } from './services/setup-files.js';
import { createHandlers } from './services/ipc-handlers.js';
import { buildMenu } from './menu.js';
import { RunFileStore, writeFileAtomic } from './services/run-files.js';
import { APP_ORIGIN, APP_SCHEME, isAllowedExternal, isAppUrl, isTrustedIpcSender, mimeFor, resolveAppRequest, responseHeaders } from './services/security.js';

// Desktop shell: a sandboxed, context-isolated renderer served from app:// with CSP and COOP/COEP headers,
// a narrow validated IPC surface, and runs stored as JSON files under userData/runs.

const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(__dirname, '../renderer');
let win: BrowserWindow | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

function serveApp() {
  protocol.handle(APP_SCHEME, async (req) => {
    const r = resolveAppRequest(req.url, rendererDir, join, normalize);
    if (r.status !== 200) return new Response(r.reason, { status: r.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    try {
      const res = await net.fetch(pathToFileURL(r.path).toString());
      if (!res.ok) return new Response('Not found', { status: 404 });
      return new Response(res.body, { status: 200, headers: { 'Content-Type': mimeFor(r.path), ...responseHeaders() } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function harden() {
  const ses = session.defaultSession;
  // Headers for the dev server (production pages get them from the app:// handler).
  ses.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, ...Object.fromEntries(Object.entries(responseHeaders(!!devUrl)).map(([k, v]) => [k, [v]])) } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (isAppUrl(url, devUrl)) return;
      e.preventDefault();
      // A plain link to our documentation opens in the system browser; anything else goes nowhere.
      if (isAllowedExternal(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAppUrl(url, devUrl)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function registerIpc() {
  const runs = new RunFileStore(join(app.getPath('userData'), 'runs'), (m) => console.warn(m));
  const handlers = createHandlers({
    runs,
    async saveFile(req: SaveFileRequest) {
      const r = await dialog.showSaveDialog(win!, { defaultPath: req.defaultName, filters: req.filters });
      if (r.canceled || !r.filePath) return false;
      if (req.encoding === 'base64') await writeFile(r.filePath, Buffer.from(req.data, 'base64'));
      else await writeFileAtomic(r.filePath, req.data);
      return true;
    },
    async openCsv(): Promise<OpenedFile | null> {
      const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }] });
      if (r.canceled || !r.filePaths[0]) return null;
      const p = r.filePaths[0];
      const text = await readFile(p, 'utf8');
      return { name: p.split(/[\\/]/).pop() ?? 'data.csv', text };
    },
    async openSetup(): Promise<OpenedSetup | null> {
      const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters: [{ name: 'Descent setup (run spec)', extensions: ['json'] }] });
      if (r.canceled || !r.filePaths[0]) return null;
      return readSetupFile(r.filePaths[0]);
    },
  });
  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event, ...args) => {
      // Only the top-level frame of our own origin may call in: not an iframe, not another page.
      if (!isTrustedIpcSender(event.senderFrame, devUrl)) throw new Error('IPC from an unexpected frame or origin');
      return handler(...args);
    });
  }
}

function createWindow() {
  win = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 1024,
    minHeight: 680,
    title: 'Descent Studio',
    backgroundColor: '#f3f5fa',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
}

// Tests (and portable setups) can point the app at another data directory.
if (process.env.DESCENT_USER_DATA) app.setPath('userData', process.env.DESCENT_USER_DATA);
app.enableSandbox();
app.whenReady().then(() => {
  serveApp();
  harden();
  registerIpc();
  Menu.setApplicationMenu(buildMenu(() => win));
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});
app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());
