import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCase } from '../src/run-case.js';

const file = fileURLToPath(new URL('../../../../shared/fixtures/torch/training.json', import.meta.url));
const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: { name: string; kind: string }[] };

describe('training parity (training.json), through @descent/train fitSync', () => {
  it('has the public cases', () => {
    expect(doc.cases.length).toBeGreaterThanOrEqual(8);
    expect(doc.cases.every((c) => c.kind === 'training')).toBe(true);
  });

  it.each(doc.cases.map((c) => [c.name, c] as const))('%s passes', (_name, c) => {
    const r = runCase(c);
    expect(r.reason).toBeUndefined();
    expect(r.pass).toBe(true);
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('fails when one expected batch loss is perturbed beyond the tolerance', () => {
    const c = structuredClone(doc.cases[0]) as any;
    c.expected.batchLosses[3] *= 1 + 1e-5;
    const r = runCase(c);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^batchLosses\[3\]/);
  });

  it('fails when the scheduler steps at the wrong time (epoch vs batch)', () => {
    const c = structuredClone(doc.cases.find((k: any) => k.scheduler?.stepEvery === 'batch')) as any;
    c.scheduler.stepEvery = 'epoch';
    expect(runCase(c).pass).toBe(false);
  });

  it('fails a case whose epoch loss is sample-weighted instead of the plain batch mean', () => {
    const c = structuredClone(doc.cases.find((k: any) => k.x.length % k.batchSize !== 0)) as any;
    const nb = Math.ceil(c.x.length / c.batchSize);
    const last = c.x.length - (nb - 1) * c.batchSize;
    c.expected.epochLosses = c.expected.epochLosses.map((_: number, e: number) => {
      const ls = c.expected.batchLosses.slice(e * nb, (e + 1) * nb);
      return ls.reduce((s: number, l: number, i: number) => s + l * (i === nb - 1 ? last : c.batchSize), 0) / c.x.length;
    });
    expect(runCase(c).pass).toBe(false);
  });

  it('reports unknown optimizers and layer types as unsupported', () => {
    const c = structuredClone(doc.cases[0]) as any;
    c.optimizer = 'lion';
    expect(runCase(c).reason).toBe('unsupported: optimizer "lion"');
    const d = structuredClone(doc.cases[0]) as any;
    d.layers[1].type = 'conv2d';
    expect(runCase(d).reason).toBe('unsupported: layer type "conv2d"');
  });
});
