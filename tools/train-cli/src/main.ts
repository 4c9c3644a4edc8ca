import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { prepareRun, serializeRunRecord, startRun, type RunRecord, type TrainingRun } from '@descent/train';
import { EXPORT_USAGE, checkExports, exportPathProblem, hasExports, noExports, parseExportFlag, writeExports, type ExportFlags, type ExportSource } from './export-flags.js';
import { DEFAULT_MAX_MEMORY_MB, checkMemory } from './memory.js';
import { probeWritable } from './out-path.js';
import { createProgress } from './progress.js';
import { asSpecError, clip, parseSpec } from './spec.js';

export const USAGE = `usage: npm run train -- SPEC.json [SPEC.json ...] [--out PATH] [--max-memory MB] [--quiet] [--export-torch|--export-onnx|--export-ts PATH] [--no-train]

Trains a model from each JSON spec and writes its run record.
  --out PATH        where to write the record (a file for one spec, a directory for several);
                    default ./runs/<name>-<timestamp>.json
  --max-memory MB   refuse a model whose weights, gradients and optimizer state would take more
                    than MB megabytes (default ${DEFAULT_MAX_MEMORY_MB})
  --quiet           no progress output
${EXPORT_USAGE}
Exit codes: 0 trained, 1 a run diverged or failed, 2 bad command line or spec.`;

/** A message as one line: an error printed by the CLI never spans lines (nor a megabyte). */
export const oneLine = (s: string): string => clip(s.replace(/\s*\n\s*/g, '; ').trim(), 500);

export interface Io {
  out: NodeJS.WriteStream;
  err: (line: string) => void;
  cwd: string;
  /** Register a Ctrl-C handler; returns its remover. */
  onInterrupt?: (fn: () => void) => () => void;
}

interface Args {
  files: string[];
  out: string | null;
  quiet: boolean;
  help: boolean;
  /** --max-memory, megabytes. */
  maxMemoryMb: number;
  /** --export-torch, --export-onnx, --export-ts, --no-train (export-flags.ts). */
  exports: ExportFlags;
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = { files: [], out: null, quiet: false, help: false, maxMemoryMb: DEFAULT_MAX_MEMORY_MB, exports: noExports() };
  const megabytes = (flag: string, v: string | undefined): number => {
    const n = v === undefined || v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of megabytes, got ${v === undefined ? 'nothing' : JSON.stringify(clip(v, 40))}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    const exportEnd = parseExportFlag(argv, i, a.exports);
    if (exportEnd >= 0) i = exportEnd;
    else if (s === '--out' || s === '-o') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError(`${s} needs a path`);
      a.out = v;
    } else if (s.startsWith('--out=')) a.out = s.slice(6);
    else if (s === '--max-memory') a.maxMemoryMb = megabytes(s, argv[++i]);
    else if (s.startsWith('--max-memory=')) a.maxMemoryMb = megabytes('--max-memory', s.slice(13));
    else if (s === '--quiet' || s === '-q') a.quiet = true;
    else if (s === '--help' || s === '-h') a.help = true;
    else if (s.startsWith('-')) throw new UsageError(`unknown option ${s}`);
    else a.files.push(s);
  }
  return a;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
function stamp(d: Date): string {
  return `${d.getFullYear()}${pad2(d.getMonth() + 1)}${pad2(d.getDate())}-${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`;
}

/** A path that does not exist yet: name.json, name-2.json, ... */
function freshPath(dir: string, base: string): string {
  let p = join(dir, `${base}.json`);
  for (let k = 2; existsSync(p); k++) p = join(dir, `${base}-${k}.json`);
  return p;
}

/**
 * A run name as a file name that is safe and visible: characters other than letters, digits, '.', '_' and '-'
 * become '_', runs of '_' collapse, no leading dots or dashes (hidden files, options), at most 80 characters.
 */
export function safeFileName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 80)
    .replace(/[._-]+$/, '');
  return safe === '' ? 'run' : safe;
}

function recordPath(args: Args, cwd: string, name: string, many: boolean): string {
  const safe = safeFileName(name);
  if (args.out === null) return freshPath(resolve(cwd, 'runs'), `${safe}-${stamp(new Date())}`);
  const out = resolve(cwd, args.out);
  const isDir = many || args.out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
  return isDir ? freshPath(out, `${safe}-${stamp(new Date())}`) : out;
}

const pct = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null): string => (v === null ? '-' : v.toPrecision(4));

function summary(r: RunRecord, seconds: number, path: string, cwd: string): string[] {
  const lines: string[] = [];
  const f = r.final;
  let head = `${r.name}: ${r.status} after ${f.epochs} epoch(s), ${f.steps} step(s) in ${seconds.toFixed(2)} s`;
  if (r.divergence) head += ` — loss became non-finite at epoch ${r.divergence.epoch}, batch ${r.divergence.batch}`;
  if (r.earlyStopping && r.status === 'early-stopped') head += ` (best epoch ${r.earlyStopping.bestEpoch}${r.earlyStopping.restoredBest ? ', restored' : ''})`;
  lines.push(head);
  // A run can end "completed" and still have failed: say so (the same verdict is in the record).
  if (r.health && (r.health.verdict === 'blew-up' || r.health.verdict === 'no-progress')) lines.push(`  warning (${r.health.verdict}): ${r.health.reason}`);
  lines.push(`  train loss ${num(f.trainLoss)}${f.trainAccuracy !== null ? `  train accuracy ${pct(f.trainAccuracy)}` : ''}`);
  if (r.config.data.testSamples > 0) lines.push(`  test loss  ${num(f.testLoss)}${f.testAccuracy !== null ? `  test accuracy  ${pct(f.testAccuracy)}` : ''}`);
  const rel = relative(cwd, path);
  lines.push(`  run record: ${rel.startsWith('..') ? path : rel}`);
  return lines;
}

/** Train one spec file; returns the exit code for it. */
async function trainFile(file: string, args: Args, io: Io, many: boolean): Promise<number> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    io.err(`error: cannot read spec ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
    return 2;
  }
  let run: TrainingRun;
  let name: string;
  let out: string;
  let exportSource: ExportSource | null = null;
  try {
    const loaded = parseSpec(text, path);
    if (loaded.legacy && !args.quiet) io.err(`note: ${file} uses the earlier spec format; it was converted (see tools/train-cli/examples for the current one)`);
    name = loaded.spec.name ?? file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
    const spec = { ...loaded.spec, name };
    // Validated and loaded, not built: the memory the model will take is checked before anything is allocated for it.
    const prepared = prepareRun(spec, { readText: loaded.readText });
    checkMemory(spec, prepared.model, args.maxMemoryMb);
    if (hasExports(args.exports)) {
      exportSource = { spec, readText: loaded.readText };
      checkExports(args.exports, exportSource); // what cannot be exported is a spec error, found before training
      if (args.exports.noTrain) return writeExports(args.exports, exportSource, io);
    }
    // A record that cannot be written is known now, not after training.
    out = recordPath(args, io.cwd, name, many);
    const unwritable = probeWritable(out);
    if (unwritable !== null) {
      io.err(oneLine(`error: cannot write the run record to ${out}: ${unwritable}`));
      return 2;
    }
    run = startRun(spec, { readText: loaded.readText, data: prepared.loaded });
  } catch (e) {
    const se = asSpecError(e);
    if (!se) throw e;
    io.err(oneLine(`error in spec ${file}: ${se.message}`));
    return 2;
  }
  const cfg = run.record().config;
  const o = run.trainer.options;
  if (!args.quiet) {
    io.out.write(
      `${name}: ${cfg.data.name}, ${cfg.data.trainSamples} train / ${cfg.data.testSamples} test rows; ` +
        `${cfg.model.parameterCount} parameters; ${o.optimizer.name}; ${o.epochs} epochs; ` +
        `batch ${run.trainer.batchesPerEpoch === 1 ? 'full' : run.trainer.batchSize}\n`,
    );
  }
  const progress = createProgress({ quiet: args.quiet, stream: io.out });
  run.on('epoch', (e) => progress.update(e));
  if (progress.batch) run.on('batch', (e) => progress.batch!(e.epoch, e.loss));
  progress.begin?.(o.epochs);
  const removeInterrupt = io.onInterrupt?.(() => run.stop());
  const t0 = performance.now();
  let record: RunRecord;
  try {
    record = await run.result;
  } catch (e) {
    progress.stop();
    io.err(oneLine(`error: training ${file} failed: ${(e as Error).message}`));
    return 1;
  } finally {
    removeInterrupt?.();
  }
  progress.stop();
  const seconds = (performance.now() - t0) / 1000;
  const json = `${serializeRunRecord(record, 2)}\n`;
  let written = out;
  let code = record.status === 'diverged' ? 1 : 0;
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, json);
  } catch (e) {
    // The run is not lost: the record goes to a fallback file, and the CLI says where.
    const fallback = writeFallback(json, io.cwd, name);
    const why = (e as Error).message;
    io.err(oneLine(`error: could not write the run record to ${out} (${why}); ${fallback ? `wrote it to ${fallback} instead` : 'no fallback location (the current directory, the temp directory) was writable either'}`));
    if (!fallback) return 1;
    written = fallback;
    code = 1;
  }
  for (const line of summary(record, seconds, written, io.cwd)) io.out.write(`${line}\n`);
  if (exportSource) code = Math.max(code, writeExports(args.exports, { ...exportSource, record, model: run.model }, io));
  return code;
}

/** Where a record goes when its --out path fails at the end: ./descent-run-<timestamp>.json, else the temp directory. */
function writeFallback(json: string, cwd: string, name: string): string | null {
  for (const dir of [resolve(cwd), tmpdir()]) {
    try {
      const p = freshPath(dir, `descent-run-${safeFileName(name)}-${stamp(new Date())}`);
      writeFileSync(p, json, { flag: 'wx' });
      return p;
    } catch {
      // try the next place
    }
  }
  return null;
}

/** The CLI: returns the process exit code (0 ok, 1 a run diverged/failed, 2 usage or spec error). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(oneLine(`error: ${(e as Error).message}; ${USAGE.split('\n')[0]} (--help for more)`));
    return 2;
  }
  if (args.help) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.files.length === 0) {
    io.err(`error: no spec file given; ${USAGE.split('\n')[0]} (--help for more)`);
    return 2;
  }
  const exportProblem = exportPathProblem(args.exports, io.cwd, args.files.length);
  if (exportProblem !== null) {
    io.err(oneLine(`error: ${exportProblem}`));
    return 2;
  }
  let code = 0;
  for (const f of args.files) {
    let c: number;
    try {
      c = await trainFile(f, args, io, args.files.length > 1);
    } catch (e) {
      // Never a stack trace: whatever went wrong is one line (and a bug to report).
      io.err(oneLine(`error: ${f}: unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : `error: ${String(e)}`} (please report this)`));
      c = 1;
    }
    code = Math.max(code, c);
  }
  return code;
}
