import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// save/load import node:fs when they run; a browser bundle that uses only the byte functions must not
// contain it. Bundled with the studio's bundler (vite), resolving the libraries to their sources as it does.
const alias = Object.fromEntries(
  ['core-tensor', 'autodiff', 'layers'].map((l) => [`@descent/${l}`, fileURLToPath(new URL(`../../${l}/src/index.ts`, import.meta.url))]),
);
const dir = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(names: string): Promise<string> {
  const entry = join(dir, `entry-${names.replace(/\W+/g, '-')}.js`);
  writeFileSync(entry, `export { ${names} } from '@descent/layers';\n`);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    resolve: { alias },
    worker: { format: 'es' },
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'out' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((r) => ('output' in r ? r.output : [])).map((c) => ('code' in c ? c.code : '')).join('\n');
}

describe('browser bundles', () => {
  it('toBytes / fromBytes / loadParameters leave node:fs out', async () => {
    const code = await bundle('toBytes, fromBytes, loadParameters, Sequential, Linear');
    expect(code).toContain('data_offsets');
    expect(code).not.toMatch(/node:fs|readFile|writeFile/);
  });

  it('(control) a bundle that uses save keeps its node:fs import, behind a dynamic import', async () => {
    const code = await bundle('save');
    expect(code).toMatch(/import\(\s*(\/\*.*?\*\/\s*)?["']node:fs\/promises["']\s*\)/);
  });
});
