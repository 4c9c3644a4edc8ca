#!/usr/bin/env node
// `npm start` runs this first. package.json keeps Electron's install script from running during
// `npm install` (allowScripts: CI and sandboxed machines cannot download the binary), so the desktop
// binary is fetched here, once, the first time someone actually starts the desktop app.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let dir;
try {
  dir = dirname(require.resolve('electron/package.json'));
} catch {
  console.error('Electron is not installed: run `npm install` first.');
  process.exit(1);
}
if (!existsSync(join(dir, 'path.txt'))) {
  console.log('Fetching the Electron binary (first start only)…');
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  if (r.status !== 0 || !existsSync(join(dir, 'path.txt'))) {
    console.error('Could not download Electron. The same app runs in a browser: `npm run web`.');
    process.exit(1);
  }
}
