import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '@descent/train';
import { main } from '../src/main.js';

// Issue "Studio you can trust": a run that ends "completed" but blew up (finite) or never learned is flagged
// by the CLI too, in words, with the same verdict as in the record. Each case is pinned to one verdict, so the
// warning line is always checked (not only when the run happens to stay finite).
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const xorSpec = () => JSON.parse(readFileSync(join(examples, 'xor-sgd.json'), 'utf8'));

async function train(spec: object) {
  const dir = mkdtempSync(join(tmpdir(), 'train-cli-health-'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += d));
  const code = await main(['spec.json', '--quiet', '--out', 'r.json'], { out: out as unknown as NodeJS.WriteStream, err: () => {}, cwd: dir });
  return { code, stdout, record: parseRunRecord(readFileSync(join(dir, 'r.json'), 'utf8')) };
}

describe('train CLI: the health verdict is printed', () => {
  it('a finite blow-up (ReLU, SGD lr 1e6, full batch) completes, is recorded as blew-up and printed as a warning', async () => {
    const base = xorSpec();
    const r = await train({ ...base, epochs: 20, batch: { mode: 'full' }, model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] }, optimizer: { name: 'sgd', options: { lr: 1e6 } } });
    expect(r.record.status).toBe('completed');
    expect(r.record.health!.verdict).toBe('blew-up');
    expect(r.stdout).toMatch(/warning \(blew-up\): loss rose from \S+ to \S+ by epoch \d+: the learning rate is probably too high/);
    expect(r.stdout).toContain(r.record.health!.reason!);
  });
  it('a run that never learns (lr 0) is printed as no-progress', async () => {
    const r = await train({ ...xorSpec(), epochs: 5, optimizer: { name: 'sgd', options: { lr: 0 } } });
    expect(r.record.health!.verdict).toBe('no-progress');
    expect(r.stdout).toMatch(/warning \(no-progress\): the loss did not improve/);
  });
  it('a healthy run prints no warning', async () => {
    const r = await train({ ...xorSpec(), epochs: 60 });
    expect(r.record.health!.verdict).toBe('ok');
    expect(r.stdout).not.toMatch(/warning/);
  });
});
