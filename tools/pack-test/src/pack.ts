/**
 * Pack test: build libraries, `npm pack` them, install the tarballs into an empty project and run
 * each library's README example there. This is what a user gets from the registry, so it catches
 * what source-level tests cannot: missing files in the tarball, imports without `.js`, a worker
 * file that does not ship, dependencies on sibling packages that do not resolve.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface Example {
  lib: string;
  /** Path inside the package's examples/ folder, e.g. "quickstart.ts". */
  file: string;
  code: string;
}

/** The TypeScript examples a library ships: every `.ts` file in libs/<lib>/examples/, by name. */
export function libExamples(lib: string): Example[] {
  const dir = join(ROOT, 'libs', lib, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((file) => ({ lib, file, code: readFileSync(join(dir, file), 'utf8') }));
}

const README_BLOCK = /^```ts[ \t]+example[ \t]+(\S+)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/**
 * The ```ts example <file> blocks of a README. Each block is a copy of examples/<file> (the test checks they
 * are equal, and `npm run examples:sync` rewrites the blocks from the files), so the README shows code that is
 * type-checked and run.
 */
export function readmeExamples(lib: string, readme = readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8')): Example[] {
  const out: Example[] = [];
  for (const m of readme.matchAll(README_BLOCK)) out.push({ lib, file: m[1].replace(/^examples\//, ''), code: m[2] });
  return out;
}

/** A README with each ```ts example <file> block replaced by the file's current content. */
export function syncReadme(lib: string, readme: string, files = libExamples(lib)): string {
  return readme.replace(README_BLOCK, (block, name: string) => {
    const f = files.find((e) => e.file === name.replace(/^examples\//, ''));
    if (!f) throw new Error(`pack-test: libs/${lib}/README.md shows examples/${name}, which does not exist`);
    return block.slice(0, block.indexOf('\n') + 1) + f.code + '```';
  });
}

/**
 * tsconfig of the install directory: strict, Node's own module rules (as a user's project), only the syntax
 * Node's type stripping runs, and the packages' .d.ts checked too (no skipLibCheck).
 */
export function exampleTsconfig(typeRoots: string): object {
  return {
    compilerOptions: {
      strict: true,
      target: 'es2023',
      lib: ['es2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: ['node'],
      typeRoots: [typeRoots],
      erasableSyntaxOnly: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      skipLibCheck: false,
    },
    include: ['examples/**/*.ts'],
  };
}

export interface PackResult {
  dir: string;
  tarballs: Record<string, string>;
  /** stdout of each example, keyed `<lib>/<file>`. */
  outputs: Record<string, string>;
}

export interface PackOptions {
  /** Libraries to build and pack (folder names under libs/). */
  libs: readonly string[];
  /** Examples to type-check and run; default: every example each packed lib ships (its examples/ folder). */
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

/** The examples an installed package ships, read from node_modules/@descent/<lib>/examples. */
function shippedExamples(app: string, lib: string): Example[] {
  const dir = join(app, 'node_modules', '@descent', lib, 'examples');
  const want = libExamples(lib).map((e) => e.file);
  const got = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts')).sort() : [];
  if (want.join() !== got.join()) throw new Error(`pack-test: @descent/${lib} ships examples [${got.join(', ')}], libs/${lib}/examples has [${want.join(', ')}] (is "examples" in its package.json "files"?)`);
  return got.map((file) => ({ lib, file, code: readFileSync(join(dir, file), 'utf8') }));
}

export function packAndRun(opts: PackOptions): PackResult {
  const log = opts.log ?? (() => {});
  if (opts.libs.length === 0) throw new Error('pack-test: no libraries given');
  for (const lib of opts.libs) {
    if (!existsSync(join(ROOT, 'libs', lib, 'package.json'))) throw new Error(`pack-test: unknown library "${lib}" (no libs/${lib}/package.json)`);
  }
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
    // The examples are taken from the installed packages (so they must ship), into the project: Node does not
    // strip types under node_modules.
    const examples = opts.examples ?? opts.libs.flatMap((lib) => shippedExamples(app, lib));
    for (const ex of examples) {
      mkdirSync(join(app, 'examples', ex.lib), { recursive: true });
      writeFileSync(join(app, 'examples', ex.lib, ex.file), ex.code);
    }
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(exampleTsconfig(join(ROOT, 'node_modules/@types')), null, 2));
    log(`type-check ${examples.length} example(s), strict`);
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], app);
    const outputs: Record<string, string> = {};
    for (const ex of examples) {
      const key = `${ex.lib}/${ex.file}`;
      log(`run ${key}`);
      outputs[key] = run(process.execPath, [join('examples', ex.lib, ex.file)], app);
    }
    return { dir, tarballs, outputs };
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}
