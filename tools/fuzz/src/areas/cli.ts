import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseRunRecord } from '@descent/train';
import { draw, type Area } from '../area.js';
import { check, Mismatch, type FuzzCase } from '../outcome.js';
import { show } from '../gen.js';
import { EXAMPLES_DIR, mutatedSpecArb, type MutatedSpec } from '../spec-mutations.js';
import { checkRecord } from './fit.js';

// The training CLI: mutated example specs written to temp files and run through its main() in-process (with a
// timeout that stops the run through the CLI's own Ctrl-C hook), and a few real child processes with a hard
// timeout. Outcomes: exit 0 with a valid record, exit 1 with a diverged record, or exit 2 with exactly one
// stderr line naming the field. Anything else (a stack trace, two lines, an "unexpected" error) is a failure.

const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface Io {
  out: NodeJS.WriteStream;
  err: (line: string) => void;
  cwd: string;
  onInterrupt?: (fn: () => void) => () => void;
}
type Main = (argv: readonly string[], io: Io) => Promise<number>;

let mainFn: Promise<Main> | null = null;
/** The CLI's main(), loaded as the program under test (a tool does not import another tool as a library). */
const loadMain = (): Promise<Main> =>
  (mainFn ??= import(/* @vite-ignore */ pathToFileURL(join(root, 'tools/train-cli/src/main.ts')).href).then((m: { main: Main }) => m.main));

/** How a spec file differs from a spec: sometimes not JSON at all. */
const fileArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant<null | string>(null) },
  { weight: 1, arbitrary: fc.constantFrom('', '{"epochs": 3,', '[]', 'null', '"spec"', '{}', '{"name": "x"}', '\u0000\u0001\u0002PNG') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

const outArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom<string[]>([], ['--out', 'r.json'], ['--out', 'out/'], ['--out', 'deep/er/r.json'], ['--out=r2.json']) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>(['--out', '/proc/x.json'], ['--out']) },
);
const memArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom<string[]>(['--max-memory', '30'], ['--max-memory=30']) }, { weight: 1, arbitrary: fc.constantFrom<string[]>(['--max-memory', '0'], ['--max-memory', 'lots'], ['--max-memory']) });
const extraArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom<string[]>([], ['-q']) }, { weight: 1, arbitrary: fc.constant(['--bogus']) });

export interface CliRun {
  code: number;
  stdout: string;
  errs: string[];
  timedOut: boolean;
}

/** Run the CLI in-process; a run still going after `ms` is stopped (as Ctrl-C would) and reported as timed out. */
export async function runMain(args: string[], cwd: string, ms: number): Promise<CliRun> {
  const main = await loadMain();
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += d));
  const errs: string[] = [];
  let stop: (() => void) | null = null;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop?.();
  }, ms);
  try {
    const code = await main(args, {
      out: out as unknown as NodeJS.WriteStream,
      err: (l) => errs.push(l),
      cwd,
      onInterrupt: (fn) => {
        stop = fn;
        return () => (stop = null);
      },
    });
    return { code, stdout, errs, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

/** Every record file the run left in the case's directory. */
function records(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) {
        if (f !== 'data') walk(p);
      } else if (f.endsWith('.json') && f !== 'spec.json') found.push(p);
    }
  };
  walk(dir);
  return found;
}

const FIELD_LINE = /^error in spec spec\.json: [A-Za-z0-9_.[\]()-]+: \S/;

/** Judge one CLI run against what the case expects. */
export function judge(r: CliRun, dir: string, verdict: boolean | undefined, epochs: unknown): void {
  check(!r.timedOut, 'timed out (stopped through the interrupt hook)');
  for (const l of r.errs) {
    check(!l.includes('\n'), `a stderr entry spans lines: ${show(l, 200)}`);
    check(!/unexpected|please report/.test(l), `an unexpected error: ${show(l, 300)}`);
    check(l.length <= 600, `a stderr line of ${l.length} characters`);
  }
  check(!/\n\s+at /.test(r.stdout), 'a stack trace on stdout');
  if (r.code === 2) {
    check(r.errs.length === 1, () => `exit 2 with ${r.errs.length} stderr lines: ${show(r.errs, 300)}`);
    check(FIELD_LINE.test(r.errs[0]) || /^error: /.test(r.errs[0]), `exit 2 without naming the field or the flag: ${show(r.errs[0], 300)}`);
    check(records(dir).length === 0, 'exit 2 but a record was written');
    // A clear refusal: reported to runCase as a clear error.
    throw new CliRefusal(r.errs[0]);
  }
  check(r.code === 0 || r.code === 1, `exit code ${r.code}`);
  const files = records(dir);
  check(files.length === 1, () => `exit ${r.code} with ${files.length} record files: ${show(r.errs, 300)}`);
  const rec = parseRunRecord(readFileSync(files[0], 'utf8'));
  checkRecord(rec, typeof epochs === 'number' ? epochs : Infinity, 'CLI record');
  if (r.code === 1) check(rec.status === 'diverged', () => `exit 1 but the record says ${rec.status}: ${show(r.errs, 300)}`);
  else check(rec.status !== 'diverged' && r.errs.length === 0, () => `exit 0 with status ${rec.status} and stderr ${show(r.errs, 200)}`);
  check(verdict !== false, 'a spec that must be refused was trained');
}

/** The CLI's exit 2: a DescentError-like clear refusal for the outcome counts. */
export class CliRefusal extends Error {
  readonly owner = 'cli';
  constructor(line: string) {
    super(line);
    this.name = 'CliRefusal';
  }
}

function caseDir(m: MutatedSpec | null, file: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-fuzz-cli-'));
  cpSync(join(EXAMPLES_DIR, 'data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'spec.json'), file ?? JSON.stringify(m!.spec, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  return dir;
}

function inProcessCase(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(mutatedSpecArb(true), fileArb, outArb, memArb, extraArb).map(([m, file, out, mem, extra]): FuzzCase => {
    const args = ['spec.json', '--quiet', ...out, ...mem, ...extra];
    const argsOk = !(out[out.length - 1] === '--out' || out.includes('/proc/x.json') || mem.includes('0') || mem.includes('lots') || mem[mem.length - 1] === '--max-memory' || extra.includes('--bogus'));
    const verdict = file !== null ? false : argsOk ? m.verdict : false;
    return {
      what: `train ${args.join(' ')} on ${file !== null ? `the file ${show(file, 40)}` : `${m.example} with ${m.mutations.map((x) => x.name).join(', ') || 'no mutation'}`}`,
      valid: verdict,
      async run() {
        const dir = caseDir(m, file);
        try {
          const r = await runMain(args, dir, 20_000);
          judge(r, dir, verdict, m.spec.epochs);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  });
}

const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'tools/train-cli/src/cli.ts');

/** Real processes (stack traces, exit codes and stderr as a user sees them), each with a hard timeout. */
function processCase(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(mutatedSpecArb(true), fileArb, outArb).map(([m, file, out]): FuzzCase => {
    const args = ['spec.json', '--quiet', '--max-memory', '30', ...out];
    const argsOk = !(out[out.length - 1] === '--out' || out.includes('/proc/x.json'));
    const verdict = file !== null ? false : argsOk ? m.verdict : false;
    return {
      what: `process: train ${args.join(' ')} on ${file !== null ? `the file ${show(file, 40)}` : `${m.example} with ${m.mutations.map((x) => x.name).join(', ') || 'no mutation'}`}`,
      valid: verdict,
      run() {
        const dir = caseDir(m, file);
        try {
          const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
          delete env.INIT_CWD;
          const p = spawnSync(tsx, [cli, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
          if (p.error || p.signal) throw new Mismatch(`the process did not finish: ${p.error?.message ?? p.signal}`);
          check(!/\n\s+at /.test(p.stderr), `a stack trace: ${show(p.stderr, 400)}`);
          const lines = p.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('note: fast backend unavailable'));
          judge({ code: p.status ?? -1, stdout: p.stdout, errs: lines, timedOut: false }, dir, verdict, m.spec.epochs);
        } finally {
          if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  });
}

const area = (name: string, count: number, timeoutMs: number, arb: () => fc.Arbitrary<FuzzCase>): Area => {
  let cached: fc.Arbitrary<FuzzCase> | null = null;
  return { name, count, timeoutMs, make: (seed) => draw((cached ??= arb()), seed) };
};

export const CLI_AREA_LIST: readonly Area[] = [area('cli', 300, 25_000, inProcessCase), area('cli-process', 8, 70_000, processCase)];
