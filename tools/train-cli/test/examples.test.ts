import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '@descent/data';
import { fitRunSync } from '@descent/train';
import { parseSpec } from '../src/spec.js';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (f: string) => parseSpec(readFileSync(join(dir, f), 'utf8'), join(dir, f));

describe('example specs', () => {
  it('cover every dataset preset and every optimizer family, in the current (RunSpec) format', () => {
    const specs = files.map((f) => load(f));
    for (const s of specs) expect(s.legacy).toBe(false);
    const presets = new Set(specs.map((s) => ('preset' in s.spec.data ? s.spec.data.preset : 'csv')));
    for (const id of DATASET_IDS) expect(presets.has(id), `an example for preset ${id}`).toBe(true);
    const families = new Set(specs.map(({ spec: s }) => (s.optimizer.name === 'sgd' && (s.optimizer.options as { momentum?: number } | undefined)?.momentum ? 'sgd-momentum' : s.optimizer.name)));
    for (const o of ['sgd', 'sgd-momentum', 'adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax', 'adadelta'] as const) expect(families.has(o), `an example for ${o}`).toBe(true);
  });

  it.each(files)('%s is a valid spec (file name = name field)', (f) => {
    expect(load(f).spec.name).toBe(f.replace(/\.json$/, ''));
  });

  it('circles-adam reaches at least 95% test accuracy', () => {
    const r = fitRunSync(load('circles-adam.json').spec);
    expect(r.status).toBe('completed');
    expect(r.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it.each(files.filter((f) => f.startsWith('xor-')))('%s reaches full (100 percent) accuracy', (f) => {
    const r = fitRunSync(load(f).spec);
    expect(r.final.trainAccuracy).toBe(1);
    expect(r.final.testAccuracy).toBe(1);
  });
});
