import { it, expect } from 'vitest';
import { browserOptions, findChromium, runBrowser } from './browser-run.js';
import { table } from './report.js';

// The browser bench's smoke mode: Descent and TF.js train T and M in a Web Worker of headless Chromium, on a
// cross-origin-isolated page (Descent's pool needs SharedArrayBuffer). CI installs Debian's chromium.
const chromium = findChromium();
it.skipIf(chromium.path === null)(`smoke: every browser impl gives a positive rate for T and M, or says why it is absent${chromium.path === null ? ` (skipped: ${chromium.reason})` : ''}`, async () => {
  const r = await runBrowser(browserOptions(true));
  const ran = new Set(r.rows.map((x) => x.impl));
  // Descent and TF.js WASM always run; WebGL only where the browser offers it (then a reason is given).
  expect(ran.has('descent') && ran.has('descent-default') && ran.has('tfjs-wasm')).toBe(true);
  for (const a of r.absent) expect(a.reason.length, a.impl).toBeGreaterThan(10);
  expect(ran.size + r.absent.length).toBe(4);
  for (const x of r.rows) expect(Number.isFinite(x.median) && x.median > 0, `${x.workload}/${x.impl}`).toBe(true);
  expect(r.rows.find((x) => x.impl === 'descent')!.backend).toMatch(/^wasm-relaxed-simd\(2\)$|^wasm-simd\(\d\)$|^wasm-relaxed-simd\(\d\)$/);
  expect(r.rows.find((x) => x.impl === 'tfjs-wasm')!.backend).toMatch(/^tfjs wasm-(threaded-)?simd$/);
  expect(table(r.rows)).toContain('× vs tfjs-wasm');
}, 240_000);
