import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCase } from '../src/run-case.js';

// The fixtures live in shared/ beside the repository (…/shared/fixtures/torch), resolved relative to this file.
const FIXTURES = new URL('../../../../shared/fixtures/torch/', import.meta.url);

function load(file: string): { name: string; kind: string }[] {
  const doc = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
  expect(doc.format).toBe('gd-parity/1');
  return doc.cases;
}

describe.each(['optimizers.json', 'schedulers.json'])('%s', (file) => {
  const cases = load(file);
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases.map((c) => [c.name, c] as const))('%s matches PyTorch', (_name, c) => {
    const r = runCase(c);
    expect(r.reason).toBeUndefined();
    expect(r.pass).toBe(true);
    expect(r.worst).toBeLessThanOrEqual(1);
  });
});

describe('handlers reject what they do not implement', () => {
  it('unknown optimizer or objective', () => {
    expect(runCase({ kind: 'optimizer', optimizer: 'lion', options: {}, objective: 'booth', init: [0, 0], steps: 1, trajectory: [] } as never).reason).toMatch(/^unsupported: optimizer "lion"/);
    expect(runCase({ kind: 'optimizer', optimizer: 'sgd', options: { lr: 0.1 }, objective: 'ackley', init: [0, 0], steps: 1, trajectory: [] } as never).reason).toMatch(/^unsupported: objective "ackley"/);
  });

  it('a wrong expected trajectory fails', () => {
    const c = load('optimizers.json')[0] as unknown as { trajectory: number[][] };
    const bad = JSON.parse(JSON.stringify(c));
    bad.trajectory[bad.trajectory.length - 1][0] += 1e-3;
    expect(runCase(bad).pass).toBe(false);
  });
});
