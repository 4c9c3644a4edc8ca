import { createRequire } from 'node:module';
import { writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * tfjs-core's CommonJS bundle (what Node loads) registers no gradients: the `@tensorflow/tfjs`
 * umbrella or tfjs-node normally do it by importing `tfjs-core/dist/register_all_gradients`, an ESM
 * file with extensionless imports that Node cannot load. Bundle that file once with esbuild (already
 * in the workspace through tsx and vite) and require it: registrations go to tfjs's global registry
 * (globalThis._tfGlobals), which every copy of tfjs-core shares.
 */
export function registerTfjsGradients(): void {
  const require = createRequire(import.meta.url);
  const version = require('@tensorflow/tfjs-core/package.json').version as string;
  const out = join(tmpdir(), `descent-bench-tfjs-gradients-${version}.cjs`);
  if (!existsSync(out)) {
    const esbuild = require('esbuild') as typeof import('esbuild');
    const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const res = esbuild.buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent' });
    writeFileSync(out, res.outputFiles[0].text);
  }
  require(out);
}
