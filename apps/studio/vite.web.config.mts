import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { descentAliases, rendererRoot, sharedDir, isolationHeaders } from './descent-aliases.mts';

// The renderer as a plain web app (IndexedDB runs, file input, downloads). Served on a fixed port with the
// COOP/COEP headers that make the page cross-origin isolated.
export default defineConfig({
  root: rendererRoot,
  base: './',
  resolve: { alias: { ...descentAliases, '@shared': sharedDir } },
  plugins: [vue()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist-web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 4173, strictPort: true, headers: isolationHeaders },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1', headers: isolationHeaders },
});
