import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const libs = ['core-tensor', 'autodiff', 'layers', 'losses', 'optimizers', 'schedulers', 'data', 'train', 'export'];
const alias = Object.fromEntries(
  libs.map((l) => [`@descent/${l}`, fileURLToPath(new URL(`./libs/${l}/src/index.ts`, import.meta.url))]),
);

// Unit tests for every library and tool run from source; the app has its own config.
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['libs/*/src/**/*.test.ts', 'libs/*/test/**/*.test.ts', 'tools/*/src/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
