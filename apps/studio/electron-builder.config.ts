import { join } from 'node:path';
import type { AfterPackContext, Configuration } from 'electron-builder';
import { applyFuses } from './packaging/fuses.ts';

// `npm run dist`: the desktop app packaged for Linux (AppImage and deb) from the electron-vite build in out/.
// Needs the Electron binary (`npm start` fetches it once). The fuses are flipped right after packing, before
// any signing, with @electron/fuses, and read back.
const EXECUTABLE = 'descent-studio';

function executableOf(ctx: AfterPackContext): string {
  const name = ctx.packager.appInfo.productFilename;
  if (ctx.electronPlatformName === 'darwin' || ctx.electronPlatformName === 'mas') return join(ctx.appOutDir, `${name}.app`);
  if (ctx.electronPlatformName === 'win32') return join(ctx.appOutDir, `${name}.exe`);
  return join(ctx.appOutDir, EXECUTABLE);
}

const config = {
  appId: 'dev.descent.studio',
  productName: 'Descent Studio',
  executableName: EXECUTABLE,
  directories: { output: 'release' },
  // Everything the app runs is bundled into out/ by electron-vite: no node_modules are shipped.
  files: ['out/**/*', 'package.json', '!**/node_modules/**'],
  asar: true,
  npmRebuild: false,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Education',
    synopsis: 'Gradient descent and backpropagation you can see',
    maintainer: 'Descent <descent@users.noreply.github.com>',
  },
  deb: { packageCategory: 'education' },
  afterPack: async (ctx: AfterPackContext) => applyFuses(executableOf(ctx)),
} satisfies Configuration;

export default config;
