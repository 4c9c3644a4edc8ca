// One benchmark measurement in a fresh process: one implementation, one workload. Printing a JSON
// line on stdout; the process's max RSS is that workload's peak memory for that implementation.
import { loadImpl, type ImplId } from './impl.js';
import { measure, peakMemoryMB } from './measure.js';
import { workloadById } from './workloads.js';

export interface ChildResult {
  impl: ImplId;
  threads: number;
  backend: string;
  workload: string;
  samples: number[];
  peakMemoryMB: number;
}

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`bench child: missing --${name}`);
  return process.argv[i + 1];
}

const w = workloadById(arg('workload'));
const threads = process.argv.includes('--threads') ? Number(arg('threads')) : undefined;
const impl = await loadImpl(arg('impl') as ImplId, { threads });
const step = impl.prepare(w);
const samples = measure(w, step, { warmupSec: Number(arg('warmup-sec')), repSec: Number(arg('rep-sec')), reps: Number(arg('reps')) });
const result: ChildResult = { impl: impl.id, threads: impl.threads, backend: impl.backend, workload: w.id, samples, peakMemoryMB: peakMemoryMB() };
impl.dispose();
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
process.exit(0);
