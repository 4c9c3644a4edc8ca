import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JS_IMPLS, isTorch, loadImpl, type ImplId, type JsImplId } from './impl.js';
import { findTorch, runTorch, TORCH_IMPLS } from './impl-torch.js';
import { measure, peakMemoryMB } from './measure.js';
import { median, type Row } from './report.js';
import { allWorkloads, workloadById, type Workload } from './workloads.js';
import type { ChildResult } from './child.js';

export interface RunOptions {
  workloads: Workload[];
  impls: ImplId[];
  /** Descent's thread count (default: all cores). */
  threads?: number;
  /** Each (workload, impl) pair runs `rounds` times, impls interleaved, `reps` timed repetitions each. */
  rounds: number;
  reps: number;
  repSec: number;
  warmupSec: number;
  /** Measure in this process instead of one child process per measurement (smoke mode; memory is then the whole run's). */
  inProcess: boolean;
  log?: (line: string) => void;
}

export const SMOKE_WORKLOADS = ['mlp-T', 'mlp-M', 'matmul-64', 'matmul-64-AtB', 'matmul-64-ABt', 'op-add8'];

/**
 * The default run: every workload (or the smoke ones) for Descent, TF.js and, when a Python with torch is
 * found, PyTorch on 1 and 2 threads (smoke: 1 thread). `torch` says which Python, or why the rows are absent.
 */
export function defaultOptions(smoke: boolean): RunOptions & { torch: string } {
  const t = findTorch();
  const torch = t.found ? TORCH_IMPLS.slice(0, smoke ? 1 : 2) : [];
  const note = t.found ? `torch ${t.version} from ${t.python}` : `torch rows absent: ${t.reason}`;
  return smoke
    ? { workloads: SMOKE_WORKLOADS.map(workloadById), impls: [...JS_IMPLS, ...torch], rounds: 1, reps: 1, repSec: 0.02, warmupSec: 0.02, inProcess: true, torch: note }
    : { workloads: allWorkloads(), impls: [...JS_IMPLS, ...torch], rounds: 2, reps: 3, repSec: 0.3, warmupSec: 0.5, inProcess: false, torch: note };
}

function runChild(impl: ImplId, w: Workload, o: RunOptions): Promise<ChildResult> {
  const child = fileURLToPath(new URL(`./child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
  const args = [...process.execArgv, child, '--impl', impl, '--workload', w.id, '--reps', String(o.reps), '--rep-sec', String(o.repSec), '--warmup-sec', String(o.warmupSec)];
  if (impl === 'descent' && o.threads !== undefined) args.push('--threads', String(o.threads));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code !== 0 || !line) reject(new Error(`bench: ${impl} on ${w.id} failed (exit ${code}):\n${err.trim() || out.trim()}`));
      else resolve(JSON.parse(line.slice('@@result '.length)) as ChildResult);
    });
  });
}

/** Runs every workload for every impl, interleaving impls round by round; one row per (workload, impl). */
export async function run(o: RunOptions): Promise<Row[]> {
  const log = o.log ?? (() => {});
  const rows: Row[] = [];
  const loaded = new Map<JsImplId, Awaited<ReturnType<typeof loadImpl>>>();
  for (const w of o.workloads) {
    const got = new Map<ImplId, ChildResult[]>();
    for (let round = 0; round < o.rounds; round++) {
      // Rotate the order each round so no impl always runs first (thermal state, background load).
      const order = o.impls.map((_, i) => o.impls[(i + round) % o.impls.length]);
      for (const id of order) {
        let r: ChildResult;
        if (isTorch(id)) {
          r = await runTorch(id, w, o);
        } else if (o.inProcess) {
          // TF.js has one global backend: switch to this impl's before preparing.
          const impl = loaded.get(id) ?? (await loadImpl(id, { threads: o.threads }));
          if (id !== 'descent') await loadImpl(id);
          loaded.set(id, impl);
          const samples = measure(w, impl.prepare(w), o);
          r = { impl: id, threads: impl.threads, backend: impl.backend, workload: w.id, samples, peakMemoryMB: peakMemoryMB() };
        } else {
          r = await runChild(id, w, o);
        }
        got.set(id, [...(got.get(id) ?? []), r]);
        log(`  ${w.id} ${id} round ${round + 1}: ${r.samples.map((s) => s.toPrecision(4)).join(' ')} ${w.unit}`);
      }
    }
    for (const id of o.impls) {
      const rs = got.get(id)!;
      const samples = rs.flatMap((r) => r.samples);
      rows.push({
        workload: w.id, impl: id, threads: rs[0].threads, backend: rs[0].backend, median: median(samples), min: Math.min(...samples), max: Math.max(...samples),
        unit: w.unit, peakMemoryMB: Math.max(...rs.map((r) => r.peakMemoryMB)), samples: samples.length,
      });
    }
  }
  for (const impl of loaded.values()) impl.dispose();
  return rows;
}
