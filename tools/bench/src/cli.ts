// npm run bench [-- --smoke] [--json FILE] [--md FILE] [--workloads id,id] [--impls descent,tfjs-cpu,tfjs-wasm,torch-1t,torch-2t]
//   [--threads N] [--rounds N] [--reps N] [--rep-sec S] [--warmup-sec S] [--in-process] [--contended]
// Descent against TF.js (CPU and WASM backends) and PyTorch (1 and 2 threads, when a Python with torch is
// found: DESCENT_BENCH_PYTHON, python3, /usr/bin/python3) on MLP training, matmul and tiny-op overhead.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { defaultOptions, run } from './run.js';
import { table, markdownTable } from './report.js';
import { IMPLS, type ImplId } from './impl.js';
import { workloadById } from './workloads.js';

function parse(argv: string[]) {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`bench: unexpected argument ${JSON.stringify(a)}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  const known = ['smoke', 'json', 'md', 'workloads', 'impls', 'threads', 'rounds', 'reps', 'rep-sec', 'warmup-sec', 'in-process', 'contended'];
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`bench: unknown option --${k} (known: ${known.map((x) => `--${x}`).join(' ')})`);
  const str = (k: string): string | undefined => {
    const v = flags.get(k);
    if (v === true) throw new Error(`bench: --${k} needs a value`);
    return v;
  };
  const num = (k: string): number | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`bench: --${k} must be a positive number, got ${JSON.stringify(v)}`);
    return x;
  };
  const o = defaultOptions(flags.has('smoke'));
  console.log(o.torch);
  const wl = str('workloads');
  if (wl) o.workloads = wl.split(',').map(workloadById);
  const im = str('impls');
  if (im) {
    o.impls = im.split(',') as ImplId[];
    for (const id of o.impls) if (!IMPLS.includes(id)) throw new Error(`bench: unknown impl ${JSON.stringify(id)} (known: ${IMPLS.join(', ')})`);
  }
  o.threads = num('threads');
  o.rounds = num('rounds') ?? o.rounds;
  o.reps = num('reps') ?? o.reps;
  o.repSec = num('rep-sec') ?? o.repSec;
  o.warmupSec = num('warmup-sec') ?? o.warmupSec;
  if (flags.has('in-process')) o.inProcess = true;
  return { o, json: str('json'), md: str('md'), contended: flags.has('contended') };
}

const { o, json, md, contended } = parse(process.argv.slice(2));
// --contended: a busy machine, as users have. One process spins on a core for the whole run.
const spinner = contended ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
if (spinner) console.log(`contended: process ${spinner.pid} keeps one core busy for the whole run`);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Descent bench: ${os.cpus().length}× ${cpu}, Node ${process.versions.node}; ${o.rounds} round(s) × ${o.reps} rep(s) of ≥${o.repSec}s per impl and workload${o.inProcess ? ', in-process' : ', one child process per measurement'}`);
const t0 = performance.now();
const rows = await run({ ...o, log: (l) => console.log(l) }).finally(() => spinner?.kill());
console.log(`\n${table(rows)}\n\nmedian of ${rows[0]?.samples ?? 0} samples; "× vs" = how many times faster Descent is (for µs: time ratio, lower is better). ${((performance.now() - t0) / 1000).toFixed(0)} s`);
if (json) {
  await writeFile(json, JSON.stringify(rows.map(({ samples: _s, ...r }) => r), null, 2) + '\n');
  console.log(`wrote ${json}`);
}
if (md) {
  await writeFile(md, markdownTable(rows) + '\n');
  console.log(`wrote ${md}`);
}
const bad = rows.filter((r) => !(Number.isFinite(r.median) && r.median > 0));
if (bad.length) {
  console.error(`bench: invalid results for ${bad.map((r) => `${r.workload}/${r.impl}`).join(', ')}`);
  process.exit(1);
}
process.exit(0);
