import { fileURLToPath } from 'node:url';

// Every @descent/* package resolves to its TypeScript source so the app bundles the libraries as they are
// in the tree (no prior `tsc` build needed). Never import a library by relative path.
const libs = ['core-tensor', 'autodiff', 'layers', 'losses', 'optimizers', 'schedulers', 'data', 'train', 'export'];

export const descentAliases: Record<string, string> = Object.fromEntries(
  libs.map((l) => [`@descent/${l}`, fileURLToPath(new URL(`../../libs/${l}/src/index.ts`, import.meta.url))]),
);

export const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
export const sharedDir = fileURLToPath(new URL('./src/shared', import.meta.url));

/** Cross-origin isolation (SharedArrayBuffer) for every page the servers hand out. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
