import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.js';
import type { MeasureOptions } from './measure.js';
import type { Workload } from './workloads.js';

// PyTorch in the same run: the same workloads measured by tools/bench/python/torch_bench.py in a Python
// process (one per measurement, as the JS rows in child processes). Found through DESCENT_BENCH_PYTHON, else
// python3 on PATH, else Debian's /usr/bin/python3 (python3-torch); LD_LIBRARY_PATH passes through, which is
// how Debian's reference-BLAS build is pointed at OpenBLAS (see docs/performance.md).

export type TorchId = 'torch-1t' | 'torch-2t';
export const TORCH_IMPLS: TorchId[] = ['torch-1t', 'torch-2t'];
export const torchThreads = (id: TorchId): number => (id === 'torch-1t' ? 1 : 2);

export type TorchProbe = { found: true; python: string; version: string } | { found: false; reason: string };

let probed: TorchProbe | undefined;

/** Which Python has torch (cached): the first candidate that imports it. */
export function findTorch(env: NodeJS.ProcessEnv = process.env): TorchProbe {
  if (probed) return probed;
  const candidates = env.DESCENT_BENCH_PYTHON ? [env.DESCENT_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return (probed = { found: true, python, version: r.stdout.trim() });
    tried.push(`${python}: ${r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`)}`);
  }
  return (probed = { found: false, reason: `no Python with torch (${tried.join('; ')}); set DESCENT_BENCH_PYTHON` });
}

const SCRIPT = fileURLToPath(new URL('../python/torch_bench.py', import.meta.url));

/** One measurement of `w` with torch on 1 or 2 threads. */
export function runTorch(id: TorchId, w: Workload, o: MeasureOptions): Promise<ChildResult> {
  const t = findTorch();
  if (!t.found) return Promise.reject(new Error(`bench: ${id}: ${t.reason}`));
  const job = JSON.stringify({ workload: w, threads: torchThreads(id), warmupSec: o.warmupSec, repSec: o.repSec, reps: o.reps });
  return new Promise((resolve, reject) => {
    // One intra-op pool of exactly the asked size: OpenBLAS and OpenMP threads follow torch.set_num_threads.
    const env = { ...process.env, OMP_NUM_THREADS: String(torchThreads(id)), OPENBLAS_NUM_THREADS: String(torchThreads(id)) };
    const p = spawn(t.python, [SCRIPT, job], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject(new Error(`bench: ${id} on ${w.id}: ${e.message}`)));
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code !== 0 || !line) return reject(new Error(`bench: ${id} on ${w.id} failed (exit ${code}):\n${err.trim() || out.trim()}`));
      const r = JSON.parse(line.slice('@@result '.length)) as Omit<ChildResult, 'impl'>;
      resolve({ ...r, impl: id });
    });
  });
}
