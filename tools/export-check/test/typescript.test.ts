import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonRepr, toTypeScript } from '@descent/export';
import { fitRunSync, type RunRecord, type RunSpec } from '@descent/train';
import { CASES, type Case } from './cases.js';

// The exported TypeScript runs in its own process with tsx from the repository root, so against the workspace's
// @descent sources (the root tsconfig's paths): packing every library first takes about a minute, too long here),
// and must print exactly the lines the record implies: the same losses bit for bit, as Python's repr.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const csvSpecPath = join(root, 'tools/train-cli/examples/csv-moons-sgd.json');
const readText = (p: string): string => readFileSync(join(dirname(csvSpecPath), p), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'export-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pick = (name: string): Case => CASES.find((c) => c.name === name)!;
const cases: Case[] = [
  pick('adam-onecycle-beta1'),
  pick('adadelta-plateau-early-stop'),
  pick('sgd-diverges'),
  { name: 'csv-standardized-sgd', spec: { ...(JSON.parse(readFileSync(csvSpecPath, 'utf8')) as RunSpec), epochs: 5 } },
];

/** What the script must print for this record. */
function expectedLines(r: RunRecord): string {
  const lines = r.epochs.map((e) => `epoch ${e.epoch} loss ${pythonRepr(e.trainLoss!)}`);
  const d = r.divergence;
  if (d) lines.push(`diverged at epoch ${d.epoch} batch ${d.batch}: loss ${pythonRepr(Number(d.value))}`);
  if (r.status === 'early-stopped') lines.push(`stopped early after epoch ${r.epochs.length}: best epoch ${r.earlyStopping!.bestEpoch}`);
  return `${lines.join('\n')}\n`;
}

function runTsx(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(tsx, [file], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the TypeScript export reruns the run bit for bit', () => {
  it(`prints the record's epoch losses exactly: ${cases.map((c) => c.name).join(', ')}`, async () => {
    const jobs = cases.map((c) => {
      const record = fitRunSync(c.spec, { readText });
      const file = join(dir, `${c.name}.ts`);
      writeFileSync(file, toTypeScript(c.fromRecord ? record : c.spec, { readText }));
      return { c, record, file };
    });
    // Two at a time: the machine has two cores.
    const results: Awaited<ReturnType<typeof runTsx>>[] = [];
    for (let i = 0; i < jobs.length; i += 2) results.push(...(await Promise.all(jobs.slice(i, i + 2).map((j) => runTsx(j.file)))));
    jobs.forEach((j, i) => {
      const r = results[i];
      expect(r.stderr, j.c.name).toBe('');
      expect(r.code, j.c.name).toBe(0);
      expect(r.stdout, j.c.name).toBe(expectedLines(j.record));
    });
    expect(jobs.map((j) => j.record.status)).toEqual(['completed', 'early-stopped', 'diverged', 'completed']);
  }, 120_000);
});
