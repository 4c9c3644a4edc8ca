import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPytorchScript } from '@descent/export';
import { fitRunSync, type RunRecord, type RunSpec } from '@descent/train';
import { CASES, type Case } from './cases.js';
import { parseEpochLines, requireTorch, runScripts, type ScriptResult } from './python.js';

// Every case is trained by Descent (fitRunSync) and exported; the scripts run in the real PyTorch, and each
// epoch's train loss, test loss, accuracies and lr must be Descent's: within 1e-10 relative in float64, 1e-4 in
// float32 (accuracies equal in float64; in float32 within one row either way).

const root = fileURLToPath(new URL('../../../', import.meta.url));
const csvSpecPath = join(root, 'tools/train-cli/examples/csv-moons-sgd.json');
const readText = (p: string): string => readFileSync(join(dirname(csvSpecPath), p), 'utf8');

const csvCase: Case = {
  name: 'csv-standardized-sgd',
  spec: { ...(JSON.parse(readFileSync(csvSpecPath, 'utf8')) as RunSpec), dtype: 'float64', epochs: 6 },
};
const all: Case[] = [...CASES, csvCase];

let dir = '';
const records = new Map<string, RunRecord>();
let results: Record<string, ScriptResult> = {};
const worst = { float64: { loss: 0, other: 0 }, float32: { loss: 0, other: 0 } };

const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

beforeAll(() => {
  requireTorch();
  dir = mkdtempSync(join(tmpdir(), 'export-torch-'));
  const scripts: [string, string[]][] = [];
  for (const c of all) {
    const record = fitRunSync(c.spec, { readText });
    records.set(c.name, record);
    const t = toPytorchScript(c.fromRecord ? record : c.spec, { readText, fileName: `${c.name}.py`, ...(c.dataFile ? { embedLimit: 0 } : {}) });
    const path = join(dir, `${c.name}.py`);
    writeFileSync(path, t.script);
    if (t.data) writeFileSync(join(dir, t.dataFileName!), t.data);
    // A script exported from a record also checks itself against it (--check): one more line at the end.
    scripts.push([path, c.fromRecord ? ['--verbose', '--check'] : ['--verbose']]);
  }
  results = runScripts(dir, scripts);
}, 300_000);

afterAll(() => {
  console.log(`worst relative deviation from Descent: float64 train loss ${worst.float64.loss.toExponential(2)}, other metrics ${worst.float64.other.toExponential(2)}; float32 train loss ${worst.float32.loss.toExponential(2)}, other ${worst.float32.other.toExponential(2)}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PyTorch reproduces the run', () => {
  it.each(all.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const record = records.get(name)!;
    const r = results[join(dir, `${name}.py`)];
    expect(r.error, r.error ?? '').toBeNull();
    if (c.status) expect(record.status).toBe(c.status);
    const { epochs, other } = parseEpochLines(r.stdout);
    if (c.fromRecord) expect(other.pop()).toMatch(/^check: (\d+) epochs here, \1 in the Descent run; largest relative difference \S+: ok$/);
    const dtype = c.spec.dtype as 'float32' | 'float64';
    const tol = dtype === 'float64' ? 1e-10 : 1e-4;
    expect(epochs.map((e) => e.epoch)).toEqual(record.epochs.map((e) => e.epoch));
    const w = worst[dtype];
    record.epochs.forEach((e, i) => {
      const got = epochs[i].values;
      const dl = rel(got.loss, e.trainLoss!);
      w.loss = Math.max(w.loss, dl);
      expect(dl, `epoch ${e.epoch} loss ${got.loss} vs ${e.trainLoss}`).toBeLessThanOrEqual(tol);
      if (e.testLoss !== null) {
        const dt = rel(got.test_loss, e.testLoss);
        w.other = Math.max(w.other, dt);
        expect(dt, `epoch ${e.epoch} test loss`).toBeLessThanOrEqual(tol);
      }
      const dlr = rel(got.lr, e.lr);
      w.other = Math.max(w.other, dlr);
      expect(dlr, `epoch ${e.epoch} lr ${got.lr} vs ${e.lr}`).toBeLessThanOrEqual(dtype === 'float64' ? 1e-12 : tol);
      for (const [key, want] of [['train_accuracy', e.trainAccuracy], ['test_accuracy', e.testAccuracy]] as const) {
        if (want === null) continue;
        if (dtype === 'float64') expect(got[key], `epoch ${e.epoch} ${key}`).toBe(want);
        else expect(Math.abs(got[key] - want), `epoch ${e.epoch} ${key}`).toBeLessThanOrEqual(1 / 12);
      }
    });
    if (record.status === 'diverged') expect(other).toContain(`diverged at epoch ${record.divergence!.epoch} batch ${record.divergence!.batch}: loss ${record.divergence!.value === 'NaN' ? 'nan' : record.divergence!.value === 'Infinity' ? 'inf' : '-inf'}`);
    else if (record.status === 'early-stopped') expect(other).toEqual([`stopped early after epoch ${record.epochs.length}: best epoch ${record.earlyStopping!.bestEpoch}`]);
    else expect(other).toEqual([]);
  });
});
