import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { toOnnx, toPytorchScript, toTypeScript } from '@descent/export';
import { isDescentError } from '@descent/core-tensor';
import type { Module } from '@descent/layers';
import type { RunRecord, RunSpec } from '@descent/train';

// --export-torch / --export-onnx / --export-ts / --no-train: take a run elsewhere (@descent/export). The paths
// are checked before anything trains (a typo must not cost a training run), so are the exports themselves
// (a feature PyTorch cannot reproduce is a spec error); they are written after the run, with the trained
// weights in the ONNX model, or at once with --no-train.

export interface ExportFlags {
  torch: string | null;
  onnx: string | null;
  ts: string | null;
  /** Only write the exports; do not train (the ONNX model then has the initial weights). */
  noTrain: boolean;
}

export const EXPORT_USAGE = `  --export-torch PATH  also write a PyTorch script that trains the run again with the same numbers
                       (its data next to it as .npz when too large to embed)
  --export-onnx PATH   also write the network as an ONNX model, with the trained weights
  --export-ts PATH     also write a TypeScript script that reruns the spec with the @descent packages
  --no-train           write the exports without training (the ONNX model has the initial weights)
  An export PATH is a file for one spec, a directory for several (it must exist).`;

const FLAGS = { '--export-torch': 'torch', '--export-onnx': 'onnx', '--export-ts': 'ts' } as const;
type Kind = (typeof FLAGS)[keyof typeof FLAGS];
const EXTENSION: Record<Kind, string> = { torch: '.py', onnx: '.onnx', ts: '.ts' };
const FLAG_OF: Record<Kind, string> = { torch: '--export-torch', onnx: '--export-onnx', ts: '--export-ts' };

export const noExports = (): ExportFlags => ({ torch: null, onnx: null, ts: null, noTrain: false });

export const hasExports = (f: ExportFlags): boolean => f.torch !== null || f.onnx !== null || f.ts !== null;

/**
 * parseArgs' hook: reads the export flag at argv[i] (`--export-ts out.ts` or `--export-ts=out.ts`, `--no-train`)
 * into `flags`. Returns the index of the flag's last argument, or -1 when argv[i] is not an export flag.
 */
export function parseExportFlag(argv: readonly string[], i: number, flags: ExportFlags): number {
  const s = argv[i];
  if (s === '--no-train') {
    flags.noTrain = true;
    return i;
  }
  const eq = s.indexOf('=');
  const flag = eq > 0 ? s.slice(0, eq) : s;
  if (!Object.prototype.hasOwnProperty.call(FLAGS, flag)) return -1;
  const kind = FLAGS[flag as keyof typeof FLAGS];
  const value = eq > 0 ? s.slice(eq + 1) : argv[i + 1];
  if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) throw new Error(`${flag} needs a path`);
  flags[kind] = value;
  return eq > 0 ? i : i + 1;
}

function isDirectoryPath(p: string, full: string): boolean {
  return p.endsWith('/') || p.endsWith('\\') || (existsSync(full) && statSync(full).isDirectory());
}

/** The one problem with the export paths (checked before training), or null. */
export function exportPathProblem(flags: ExportFlags, cwd: string, specs: number): string | null {
  if (flags.noTrain && !hasExports(flags)) return '--no-train needs an export: --export-torch, --export-onnx or --export-ts';
  for (const kind of ['torch', 'onnx', 'ts'] as const) {
    const p = flags[kind];
    if (p === null) continue;
    const full = resolve(cwd, p);
    const isDir = isDirectoryPath(p, full);
    if (specs > 1 && !isDir) return `${FLAG_OF[kind]}: ${p} must be an existing directory when several specs are given`;
    const dir = isDir ? full : dirname(full);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return `${FLAG_OF[kind]}: directory ${isDir ? p : dirname(p)} does not exist`;
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return `${FLAG_OF[kind]}: cannot write to directory ${isDir ? p : dirname(p)}`;
    }
  }
  return null;
}

/** Where an export goes: the path given, or `<name><ext>` inside the directory given. */
function targetPath(p: string, kind: Kind, cwd: string, name: string): string {
  const full = resolve(cwd, p);
  return isDirectoryPath(p, full) ? join(full, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}${EXTENSION[kind]}`) : full;
}

export interface ExportSource {
  spec: RunSpec;
  readText: (path: string) => string;
  /** After training: the record and the trained model. */
  record?: RunRecord;
  model?: Module;
}

/**
 * Checks that every asked-for export can be made from the spec (before training): throws the library's
 * OptionError otherwise, which the CLI reports as a spec error.
 */
export function checkExports(flags: ExportFlags, src: ExportSource): void {
  if (flags.torch !== null) toPytorchScript(src.spec, { readText: src.readText });
  if (flags.ts !== null) toTypeScript(src.spec, { readText: src.readText });
  if (flags.onnx !== null) toOnnx(src.spec, { readText: src.readText });
}

/** Write the exports (after training, or at once with --no-train); returns the exit code (1 if a file could not be written). */
export function writeExports(flags: ExportFlags, src: ExportSource, io: { out: NodeJS.WriteStream; err: (line: string) => void; cwd: string }): number {
  const name = src.spec.name ?? 'run';
  const shown = (p: string): string => {
    const r = relative(io.cwd, p);
    return r.startsWith('..') ? p : r;
  };
  const write = (path: string, bytes: string | Uint8Array): boolean => {
    try {
      writeFileSync(path, bytes);
      return true;
    } catch (e) {
      io.err(`error: cannot write ${path}: ${(e as Error).message}`);
      return false;
    }
  };
  let ok = true;
  // One export that cannot be made (an ONNX model of a diverged run's NaN weights) does not stop the others.
  const attempt = (what: string, make: () => void): void => {
    try {
      make();
    } catch (e) {
      if (!isDescentError(e)) throw e;
      io.err(`error: ${what} not written: ${e.message.replace(/\s*\n\s*/g, '; ')}`);
      ok = false;
    }
  };
  if (flags.torch !== null) {
    attempt('the PyTorch script', () => {
      const path = targetPath(flags.torch!, 'torch', io.cwd, name);
      const dataFileName = `${basename(path).replace(/\.py$/i, '')}.npz`;
      const t = toPytorchScript(src.record ?? src.spec, { readText: src.readText, fileName: basename(path), dataFileName });
      const dataPath = join(dirname(path), dataFileName);
      if (write(path, t.script) && (t.data === null || write(dataPath, t.data))) io.out.write(`  PyTorch script: ${shown(path)}${t.data ? ` (its data: ${shown(dataPath)})` : ''}\n`);
      else ok = false;
    });
  }
  if (flags.onnx !== null) {
    attempt('the ONNX model', () => {
      const path = targetPath(flags.onnx!, 'onnx', io.cwd, name);
      if (write(path, toOnnx(src.model ?? src.spec, { readText: src.readText, name }))) io.out.write(`  ONNX model: ${shown(path)}${src.model ? '' : ' (initial weights: not trained)'}\n`);
      else ok = false;
    });
  }
  if (flags.ts !== null) {
    attempt('the TypeScript script', () => {
      const path = targetPath(flags.ts!, 'ts', io.cwd, name);
      if (write(path, toTypeScript(src.spec, { readText: src.readText, fileName: basename(path) }))) io.out.write(`  TypeScript script: ${shown(path)}\n`);
      else ok = false;
    });
  }
  return ok ? 0 : 1;
}
