// Usage: npx tsx tools/pack-test/src/cli.ts [--keep] <lib>...   (e.g. core-tensor autodiff)
import { packAndRun } from './pack.js';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const libs = args.filter((a) => !a.startsWith('--'));
if (libs.length === 0) {
  console.error('usage: tsx tools/pack-test/src/cli.ts [--keep] <lib>...');
  process.exit(2);
}
const t0 = Date.now();
try {
  const r = packAndRun({ libs, keep, log: (l) => console.log(`[pack-test] ${l}`) });
  for (const [k, out] of Object.entries(r.outputs)) console.log(`--- ${k}\n${out.trimEnd()}`);
  if (keep) console.log(`[pack-test] kept ${r.dir}`);
  console.log(`[pack-test] ok: ${Object.keys(r.outputs).length} example(s) from ${libs.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
