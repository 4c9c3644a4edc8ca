#!/usr/bin/env node
// npm run parity -- FILE...: one line per case, then "N passed, M failed"; exit 1 on any failure.
import { readFileSync } from 'node:fs';
import { runCase } from './run-case.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run parity -- FILE.json [FILE.json ...]');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  let doc: { format?: string; cases?: unknown[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: FAIL cannot read fixture file: ${(e as Error).message}`);
    failed++;
    continue;
  }
  if (doc.format !== 'gd-parity/1' || !Array.isArray(doc.cases)) {
    console.log(`${file}: FAIL not a gd-parity/1 fixture file`);
    failed++;
    continue;
  }
  for (const c of doc.cases as { name: string; kind: string }[]) {
    const r = runCase(c);
    const worst = Number.isFinite(r.worst) ? `${r.worst.toExponential(2)} of tol, abs ${r.worstAbs.toExponential(2)}` : 'n/a';
    console.log(`${c.name} ${r.pass ? 'PASS' : 'FAIL'} worst=${worst}${r.reason ? `  (${r.reason})` : ''}`);
    if (r.pass) passed++;
    else failed++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
