import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { serializeRunRecord, startRun, type RunRecord, type TrainingRun } from '@descent/train';
import { createProgress } from './progress.js';
import { asSpecError, parseSpec } from './spec.js';

export const USAGE = `usage: npm run train -- SPEC.json [SPEC.json ...] [--out PATH] [--quiet]

Trains a model from each JSON spec and writes its run record.
  --out PATH   where to write the record (a file for one spec, a directory for several);
               default ./runs/<name>-<timestamp>.json
  --quiet      no progress output
Exit codes: 0 trained, 1 a run diverged or failed, 2 bad command line or spec.`;

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
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = { files: [], out: null, quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '--out' || s === '-o') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError(`${s} needs a path`);
      a.out = v;
    } else if (s.startsWith('--out=')) a.out = s.slice(6);
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

function recordPath(args: Args, cwd: string, name: string, many: boolean): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_');
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
  try {
    const loaded = parseSpec(text, path);
    if (loaded.legacy && !args.quiet) io.err(`note: ${file} uses the earlier spec format; it was converted (see tools/train-cli/examples for the current one)`);
    name = loaded.spec.name ?? file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
    run = startRun({ ...loaded.spec, name }, { readText: loaded.readText });
  } catch (e) {
    const se = asSpecError(e);
    if (!se) throw e;
    io.err(`error in spec ${file}: ${se.message}`);
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
    io.err(`error: training ${file} failed: ${(e as Error).message}`);
    return 1;
  } finally {
    removeInterrupt?.();
  }
  progress.stop();
  const seconds = (performance.now() - t0) / 1000;
  const out = recordPath(args, io.cwd, record.name, many);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${serializeRunRecord(record, 2)}\n`);
  for (const line of summary(record, seconds, out, io.cwd)) io.out.write(`${line}\n`);
  return record.status === 'diverged' ? 1 : 0;
}

/** The CLI: returns the process exit code (0 ok, 1 a run diverged/failed, 2 usage or spec error). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.files.length === 0) {
    io.err(USAGE);
    return 2;
  }
  let code = 0;
  for (const f of args.files) code = Math.max(code, await trainFile(f, args, io, args.files.length > 1));
  return code;
}
