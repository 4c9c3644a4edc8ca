// npm run bench:browser [-- --smoke] [--json FILE] [--md FILE] [--threads N]
// Descent and TF.js (WASM with SIMD and threads; WebGL where the browser offers it) training MLPs T and M in a
// Web Worker of headless Chromium, in the same table as `npm run bench`.
import { writeFile } from 'node:fs/promises';
import { browserOptions, runBrowser } from './browser-run.js';
import { markdownTable, table } from './report.js';

const argv = process.argv.slice(2);
const known = ['--smoke', '--json', '--md', '--threads'];
for (const a of argv) if (a.startsWith('--') && !known.includes(a)) throw new Error(`bench:browser: unknown option ${a} (known: ${known.join(' ')})`);
const value = (k: string) => {
  const i = argv.indexOf(k);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`bench:browser: ${k} needs a value`);
  return v;
};
const o = browserOptions(argv.includes('--smoke'));
const threads = value('--threads');
if (threads !== undefined) {
  o.threads = Number(threads);
  if (!Number.isInteger(o.threads) || o.threads < 1) throw new Error(`bench:browser: --threads must be a positive integer, got ${JSON.stringify(threads)}`);
}
const t0 = performance.now();
const r = await runBrowser({ ...o, log: (l) => console.log(l) });
console.log(`\nDescent browser bench: ${r.browser}; ${o.rounds} round(s) × ${o.reps} rep(s) of ≥${o.repSec}s, each in a fresh Web Worker`);
for (const a of r.absent) console.log(`${a.impl} rows absent: ${a.reason}`);
console.log(`\n${table(r.rows)}\n\nmedian of ${r.rows[0]?.samples ?? 0} samples; "× vs" = how many times faster Descent is. ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const json = value('--json'), md = value('--md');
if (json) await writeFile(json, JSON.stringify({ browser: r.browser, absent: r.absent, rows: r.rows }, null, 2) + '\n');
if (md) await writeFile(md, markdownTable(r.rows) + '\n');
process.exit(r.rows.some((x) => !(x.median > 0)) ? 1 : 0);
