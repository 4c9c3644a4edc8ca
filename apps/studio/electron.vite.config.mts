import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { descentAliases, rendererRoot, sharedDir, isolationHeaders } from './descent-aliases.mts';

const alias = { ...descentAliases, '@shared': sharedDir };

export default defineConfig({
  main: {
    resolve: { alias },
    build: { outDir: 'out/main' },
  },
  preload: {
    resolve: { alias },
    // Sandboxed preload scripts must be a single CommonJS file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: rendererRoot,
    resolve: { alias },
    plugins: [vue()],
    worker: { format: 'es' },
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    build: { outDir: 'out/renderer', minify: true, chunkSizeWarningLimit: 1500 },
  },
});
