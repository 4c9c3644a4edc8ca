import { it, expect } from 'vitest';
import { defaultOptions, run, SMOKE_WORKLOADS } from './run.js';
import { speedup, table } from './report.js';
import { JS_IMPLS } from './impl.js';
import { findTorch } from './impl-torch.js';

// The bench's smoke mode: every impl runs every smoke workload once, in this process (a few seconds).
it('smoke: every impl produces a positive, finite result for each smoke workload', async () => {
  const o = defaultOptions(true);
  const rows = await run(o);
  // PyTorch joins on one thread when a Python with torch is found (CI installs Debian's python3-torch).
  const torch = findTorch();
  const impls = torch.found ? [...JS_IMPLS, 'torch-1t'] : JS_IMPLS;
  expect(o.torch).toMatch(torch.found ? /^torch \S+ from / : /^torch rows absent: no Python with torch/);
  expect(rows.map((r) => `${r.workload}/${r.impl}`)).toEqual(SMOKE_WORKLOADS.flatMap((w) => impls.map((i) => `${w}/${i}`)));
  for (const r of rows) {
    expect(Number.isFinite(r.median) && r.median > 0, `${r.workload}/${r.impl}`).toBe(true);
    expect(r.min).toBeLessThanOrEqual(r.median);
    expect(r.peakMemoryMB).toBeGreaterThan(0);
  }
  const d = rows.find((r) => r.workload === 'matmul-64' && r.impl === 'descent')!;
  expect(d.threads).toBeGreaterThanOrEqual(1);
  expect(speedup(d, { ...d, median: d.median / 2 })).toBeCloseTo(2);
  expect(table(rows)).toContain('op-add8');
  // Node 22+ validates relaxed SIMD, so Descent's float32 rows run the fused multiply-add kernel, and say so.
  for (const r of rows.filter((x) => x.impl === 'descent')) expect(r.backend, r.workload).toMatch(/^wasm-relaxed-simd\(\d+\)$/);
  // With no backend call at all, the default is the same kernel on one thread.
  for (const r of rows.filter((x) => x.impl === 'descent-default')) expect(r.backend, r.workload).toBe('wasm-relaxed-simd(1)');
  expect(table(rows)).toMatch(/wasm-relaxed-simd\(\d+\)/);
  if (torch.found) {
    for (const r of rows.filter((x) => x.impl === 'torch-1t')) expect(r.backend, r.workload).toMatch(/^torch \S+ (openblas|reference-blas|mkl|none|unknown)$/);
    expect(table(rows)).toContain('× vs torch-1t');
  }
}, 240_000);
