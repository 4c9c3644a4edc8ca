/**
 * Pack test: build libraries, `npm pack` them, install the tarballs into an empty project and run
 * each library's README example there. This is what a user gets from the registry, so it catches
 * what source-level tests cannot: missing files in the tarball, imports without `.js`, a worker
 * file that does not ship, dependencies on sibling packages that do not resolve.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface Example {
  lib: string;
  /** 1-based position among the lib's example blocks. */
  index: number;
  code: string;
}

/**
 * The ```js example blocks of a README (the info string is `js example`, optionally followed by
 * a title). Each block is a complete ES module that imports @descent/* packages by name and throws
 * if a result is wrong.
 */
export function readmeExamples(lib: string, readme = readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8')): Example[] {
  const out: Example[] = [];
  const re = /^```(?:js|javascript|mjs)[ \t]+example\b[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = re.exec(readme); m; m = re.exec(readme)) out.push({ lib, index: out.length + 1, code: m[1] });
  return out;
}

export interface PackResult {
  dir: string;
  tarballs: Record<string, string>;
  /** stdout of each example, keyed `<lib>#<index>`. */
  outputs: Record<string, string>;
}

export interface PackOptions {
  /** Libraries to build and pack (folder names under libs/). */
  libs: readonly string[];
  /** Examples to run; default: every README example of every lib. */
  examples?: readonly Example[];
  /** Keep the temporary directory (for debugging). */
  keep?: boolean;
  log?: (line: string) => void;
}

/** Run a command, failing with its output in the message. */
function run(cmd: string, args: string[], cwd: string): string {
  // npm variables of an outer `npm run` (workspace selection, prefix) must not leak into the inner npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(workspaces?|include_workspace_root|prefix|global)$/i.test(k)));
  try {
    return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pack-test: \`${cmd} ${args.join(' ')}\` failed in ${cwd}\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
}

export function packAndRun(opts: PackOptions): PackResult {
  const log = opts.log ?? (() => {});
  if (opts.libs.length === 0) throw new Error('pack-test: no libraries given');
  for (const lib of opts.libs) {
    if (!existsSync(join(ROOT, 'libs', lib, 'package.json'))) throw new Error(`pack-test: unknown library "${lib}" (no libs/${lib}/package.json)`);
  }
  const examples = opts.examples ?? opts.libs.flatMap((l) => readmeExamples(l));
  const dir = mkdtempSync(join(tmpdir(), 'descent-pack-'));
  try {
    const tarballs: Record<string, string> = {};
    const packs = join(dir, 'tarballs');
    mkdirSync(packs);
    for (const lib of opts.libs) {
      log(`build ${lib}`);
      run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'libs', lib, 'tsconfig.lib.json')], ROOT);
      log(`pack ${lib}`);
      const info = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packs], join(ROOT, 'libs', lib))) as { filename: string }[];
      tarballs[lib] = join(packs, info[0].filename);
    }
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'descent-pack-test-app', version: '0.0.0', private: true, type: 'module' }, null, 2));
    log('install tarballs');
    // All tarballs in one install: sibling @descent dependencies resolve to them, not to the registry.
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', ...Object.values(tarballs)], app);
    const outputs: Record<string, string> = {};
    for (const ex of examples) {
      const key = `${ex.lib}#${ex.index}`;
      const file = join(app, `example-${ex.lib}-${ex.index}.mjs`);
      writeFileSync(file, ex.code);
      log(`run ${key}`);
      outputs[key] = run(process.execPath, [file], app);
    }
    return { dir, tarballs, outputs };
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
