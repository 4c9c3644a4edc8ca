import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCase } from '../src/run-case.js';

const file = fileURLToPath(new URL('../../../../shared/fixtures/torch/mlp_grads.json', import.meta.url));
const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: { name: string; kind: string }[] };

describe('mlp_grad parity (mlp_grads.json)', () => {
  it('has the public cases', () => {
    expect(doc.cases.length).toBeGreaterThanOrEqual(21);
    expect(doc.cases.every((c) => c.kind === 'mlp_grad')).toBe(true);
  });

  it.each(doc.cases.map((c) => [c.name, c] as const))('%s passes', (_name, c) => {
    const r = runCase(c);
    expect(r.reason).toBeUndefined();
    expect(r.pass).toBe(true);
    expect(r.worst).toBeLessThanOrEqual(1);
  });

  it('fails a case whose expected loss is perturbed', () => {
    const c = structuredClone(doc.cases[0]) as any;
    c.expected.loss *= 1 + 1e-5;
    const r = runCase(c);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^loss/);
  });

  it('reports unknown activations and losses as unsupported', () => {
    const c = structuredClone(doc.cases[0]) as any;
    c.layers[1].fn = 'mish';
    expect(runCase(c).reason).toBe('unsupported: activation "mish"');
    const d = structuredClone(doc.cases[0]) as any;
    d.loss.type = 'kl_div';
    expect(runCase(d).reason).toBe('unsupported: loss "kl_div"');
  });
});
