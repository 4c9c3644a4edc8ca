import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { OptionError } from '@descent/core-tensor';
import type { RunSpec } from '@descent/train';
import { pythonRepr } from './python.js';
import { toTypeScript } from './typescript-script.js';

const spec: RunSpec = {
  name: 'moons-ts',
  seed: 4,
  data: { preset: 'moons', options: { n: 40 } },
  model: { layers: [{ type: 'dense', units: 4 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.01 } },
  epochs: 2,
};

describe('toTypeScript', () => {
  it('is a short script running the same spec through startRun and printing the epoch lines', () => {
    const s = toTypeScript(spec);
    expect(s).toMatch(/^\/\/ moons-ts: a Descent run as a TypeScript script/);
    expect(s).toContain("import { startRun, type RunSpec } from '@descent/train';");
    expect(s).toContain('const spec: RunSpec = {\n  "name": "moons-ts",\n  "seed": 4,');
    expect(s).toContain('"optimizer": { "name": "adam", "options": { "lr": 0.01 } }');
    expect(s).toContain('onEpoch: (e) => console.log(`epoch ${e.epoch} loss ${pythonRepr(e.trainLoss)}`)');
    expect(s).toContain('npx tsx moons-ts.ts');
    expect(s.split('\n').length).toBeLessThan(80);
    // The spec in the script is the spec.
    const json = s.slice(s.indexOf('const spec: RunSpec = ') + 'const spec: RunSpec = '.length, s.indexOf('};\n') + 1);
    expect(JSON.parse(json)).toEqual(spec);
  });

  it("prints numbers with a pythonRepr that is python.ts's", () => {
    const s = toTypeScript(spec);
    const fn = s.slice(s.indexOf('function pythonRepr'), s.indexOf('\n}\n', s.indexOf('function pythonRepr')) + 2);
    const js = ts.transpileModule(fn, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    const embedded = new Function(`${js}; return pythonRepr;`)() as (x: number) => string;
    for (const v of [0, -0, 1, 0.1, 1e-4, 1e-5, 123.456, 1e15, 1e16, 2.5e-300, NaN, Infinity, -Infinity, 0.6931471805599453, -7.25e22]) {
      expect(embedded(v)).toBe(pythonRepr(v));
    }
  });

  it('inlines a CSV file so the script needs nothing else, and says what is missing without readText', () => {
    const csv: RunSpec = { ...spec, data: { csv: { path: 'data/points.csv', target: 'label' } } };
    const text = 'x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n0.5,0.5,1\n';
    const s = toTypeScript(csv, { readText: () => text });
    expect(s).toContain('"fileName": "points.csv"');
    expect(s).toContain(JSON.stringify(text));
    expect(s).not.toContain('data/points.csv');
    let err: unknown;
    try {
      toTypeScript(csv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
  });

  it('applies a dtype override and refuses a bad spec with its path', () => {
    expect(toTypeScript(spec, { dtype: 'float64' })).toContain('"dtype": "float64"');
    let err: OptionError | undefined;
    try {
      toTypeScript({ ...spec, epochs: 0 });
    } catch (e) {
      err = e as OptionError;
    }
    expect(err?.path).toEqual(['epochs']);
  });
});
