import { afterAll, describe, expect, it } from 'vitest';
import { LIBRARY_AREAS } from '../src/areas/index.js';
import { FuzzPool, reproduce, seedsFor, summaryTable, type AreaReport } from '../src/harness.js';

// The library half of the fuzz suite: every area's cases in one worker thread (watched for hangs).
const pool = new FuzzPool();
const reports: AreaReport[] = [];

afterAll(async () => {
  await pool.close();
  if (reports.length) console.log(summaryTable(reports, 'fuzz: libraries'));
});

describe('fuzz: libraries', () => {
  for (const area of LIBRARY_AREAS) {
    it(area.name, async () => {
      const seeds = seedsFor(area);
      if (seeds.length === 0) return;
      const report = await pool.run(area, seeds);
      reports.push(report);
      const failures = report.cases.filter((c) => c.outcome === 'failure');
      const list = failures.slice(0, 15).map((c) => `  seed ${c.seed}: ${c.what}\n    ${c.detail}\n    rerun: ${reproduce(c, 'tools/fuzz/test/library.test.ts')}`);
      expect(failures.length, `${failures.length} of ${report.cases.length} ${area.name} cases failed:\n${list.join('\n')}`).toBe(0);
      if (seeds.length === 1) console.log(`${area.name} seed ${seeds[0]}: ${report.cases[0].what} → ${report.cases[0].outcome}${report.cases[0].detail ? `: ${report.cases[0].detail}` : ''}`);
    }, 600_000);
  }
});
