// Times a float32 n×n matmul on cpuBackend (1 thread) and a 2-thread pool: median of several runs
// after warm-up. Usage: npx tsx tools/pack-test/matmul-timing.ts [n=512] [runs=9]
import { randn, matmul, setBackend, cpuBackend, createThreadBackend, type Backend } from '@descent/core-tensor';

const n = Number(process.argv[2] ?? 512);
const runs = Number(process.argv[3] ?? 9);
const warmup = 3;
const a = randn([n, n], { seed: 1 }), b = randn([n, n], { seed: 2 });

function time(backend: Backend): number {
  setBackend(backend);
  try {
    for (let i = 0; i < warmup; i++) matmul(a, b);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      matmul(a, b);
      ms.push(performance.now() - t0);
    }
    ms.sort((x, y) => x - y);
    return ms[Math.floor(ms.length / 2)];
  } finally {
    setBackend(cpuBackend);
  }
}

const flops = 2 * n ** 3;
const report = (label: string, ms: number) => console.log(`${label.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms  ${(flops / ms / 1e6).toFixed(2).padStart(6)} GFLOP/s`);
console.log(`float32 ${n}×${n} · ${n}×${n}, median of ${runs} after ${warmup} warm-up runs`);
const one = time(cpuBackend);
report('1 thread (cpuBackend)', one);
const pool = await createThreadBackend({ threads: 2 });
const two = time(pool);
pool.dispose?.();
report('2 threads (pool)', two);
console.log(`speed-up ×${(one / two).toFixed(2)}`);
