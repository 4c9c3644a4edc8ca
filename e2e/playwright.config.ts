import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

// End-to-end tests of Descent Studio's web build (and the desktop build when an Electron binary exists).
// Run from the repository root: npx playwright test -c e2e/playwright.config.ts
const systemChromium = '/usr/bin/chromium';
// E2E_PORT gives a private build and server (outDir under /tmp), so several checkouts' or people's runs can
// share a machine; unset, the app is built and served as `npm run web` does.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const privateServer = process.env.E2E_PORT !== undefined;
const privateOut = `/tmp/descent-e2e-${PORT}/dist-web`;

export default defineConfig({
  testDir: '.',
  outputDir: './test-results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(systemChromium) ? systemChromium : undefined,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'web', testMatch: /(studio|responsiveness|docs|threads|one-shape|lab|graph|backprop|features|export|explain|trust)\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  webServer: [
    privateServer
      ? {
          command: `npx vite build --config vite.web.config.mts --outDir ${privateOut} --emptyOutDir && npx vite preview --config vite.web.config.mts --outDir ${privateOut} --port ${PORT} --bypass-lock`,
          cwd: '../apps/studio',
          url: `http://127.0.0.1:${PORT}/`,
          reuseExistingServer: false,
          timeout: 240_000,
          stdout: 'pipe' as const,
        }
      : {
          command: 'npm run web -w @descent/studio', // builds the web app, then serves it with COOP/COEP
          cwd: '..',
          url: `http://127.0.0.1:${PORT}/`,
          reuseExistingServer: !process.env.CI,
          timeout: 240_000,
          stdout: 'pipe' as const,
        },
    ...(privateServer ? [] : [{
      // A page bundling the built @descent/core-tensor, for its thread backend in browser Web Workers
      // (needs `npm run build` first, as `npm test` does).
      command: 'vite build --config e2e/thread-page/vite.config.mts && vite preview --config e2e/thread-page/vite.config.mts',
      cwd: '..',
      url: 'http://127.0.0.1:4175/',
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'pipe' as const,
    }]),
  ],
});
