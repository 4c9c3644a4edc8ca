import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { descentAliases, sharedDir } from './descent-aliases.mts';

// Components and stores run in happy-dom; main-process services run in node (see the environment comment
// at the top of those test files). Electron itself is never loaded.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { ...descentAliases, '@shared': sharedDir } },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['src/**/*.test.ts', 'packaging/**/*.test.ts'],
    environment: 'happy-dom',
    testTimeout: 30_000,
  },
});
