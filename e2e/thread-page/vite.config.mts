import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// A tiny page that loads the *built* @descent/core-tensor (dist, via the package's exports) the way an
// app's bundler would, served cross-origin isolated so SharedArrayBuffer exists.
const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  preview: { port: 4175, strictPort: true, host: '127.0.0.1', headers },
});
