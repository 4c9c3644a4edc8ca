import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '@descent/train';
import { main } from '../src/main.js';

// Computed input features in a CLI spec: the same `features` field the Studio saves.
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const spec = () => JSON.parse(readFileSync(join(examples, 'circles-features-linear.json'), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'train-cli-features-'));

async function runMain(args: string[], cwd: string) {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += d));
  const errs: string[] = [];
  const code = await main(args, { out: out as unknown as NodeJS.WriteStream, err: (l) => errs.push(l), cwd });
  return { code, stdout, errs };
}

describe('features in a CLI spec', () => {
  it('trains a linear model on x1², x2² to ≥ 95% on circles and records the features', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec()));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.errs).toEqual([]);
    expect(r.code).toBe(0);
    const [file] = readdirSync(join(dir, 'runs'));
    const record = parseRunRecord(readFileSync(join(dir, 'runs', file), 'utf8'));
    expect(record.spec?.features).toEqual(['x1^2', 'x2^2']);
    expect((record.config.data.source as { features?: string[] }).features).toEqual(['x1^2', 'x2^2']);
    expect(record.final.testAccuracy!).toBeGreaterThanOrEqual(0.95);
  });

  it.each([
    ['an unknown input', ['x1^2', 'x3'], /^error in spec spec\.json: features\[1\]: unknown variable "x3"; this expression may use x1, x2 at column 1$/],
    ['a syntax error', ['x1 +'], /features\[0\]: the expression ends too early/],
    ['not a list', 'x1^2', /features: must be a list of expressions/],
    ['a value that is not finite', ['log(x1)'], /features\[0\]: feature log\(x1\) is NaN at row/],
  ])('%s → exit 2 with one message at the feature', async (_name, features, message) => {
    const dir = tmp();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...spec(), features }));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.errs).toHaveLength(1);
    expect(r.errs[0]).toMatch(message);
  });

  it('a model input that does not match the features is refused at model.input', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...spec(), features: ['x1^2', 'x2^2', 'x1*x2'], model: { input: 2, layers: [{ type: 'dense', units: 1 }] } }));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.errs[0]).toMatch(/model\.input: is 2 but the data has 3 computed features/);
  });

  it('the PyTorch export refuses features (it would train on the raw inputs); the TypeScript export reruns them', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec()));
    const torch = await runMain(['spec.json', '--quiet', '--no-train', '--export-torch', 'run.py'], dir);
    expect(torch.code).toBe(2);
    expect(torch.errs.join('\n')).toMatch(/features: are not exported to PyTorch yet/);
    const ts = await runMain(['spec.json', '--quiet', '--no-train', '--export-ts', 'run.ts'], dir);
    expect(ts.errs).toEqual([]);
    expect(readFileSync(join(dir, 'run.ts'), 'utf8')).toContain('"features": [');
  });

  it('accepts regularization and records the penalty per epoch; L2 with weightDecay is one error at the field', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...spec(), regularization: { type: 'l2', rate: 0.001 } }));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.errs).toEqual([]);
    const [file] = readdirSync(join(dir, 'runs'));
    const record = parseRunRecord(readFileSync(join(dir, 'runs', file), 'utf8'));
    expect(record.config.regularization).toEqual({ type: 'l2', rate: 0.001 });
    expect(record.epochs.every((e) => typeof e.penalty === 'number' && e.penalty > 0)).toBe(true);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...spec(), regularization: { type: 'l2', rate: 0.001 }, optimizer: { name: 'adamw', options: { lr: 0.05 } } }));
    const bad = await runMain(['bad.json', '--quiet'], dir);
    expect(bad.code).toBe(2);
    expect(bad.errs).toEqual([expect.stringMatching(/^error in spec bad\.json: regularization\.type: must not be l2 while the optimizer's weight decay is on: adamw's weightDecay 0\.01 already decays the weights \(decoupled/)]);
  });

  it('a function-boundary spec trains, and a bad f is one error at data.boundary.f', async () => {
    const dir = tmp();
    const boundary = JSON.parse(readFileSync(join(examples, 'boundary-sine-adam.json'), 'utf8'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(boundary));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.errs).toEqual([]);
    const [file] = readdirSync(join(dir, 'runs'));
    const record = parseRunRecord(readFileSync(join(dir, 'runs', file), 'utf8'));
    expect(record.config.data.name).toBe('y > sin(3*x)');
    expect(record.final.testAccuracy!).toBeGreaterThanOrEqual(0.85);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...boundary, data: { boundary: { f: 'sin(3x)' } } }));
    const bad = await runMain(['bad.json', '--quiet'], dir);
    expect(bad.code).toBe(2);
    expect(bad.errs).toEqual([expect.stringMatching(/^error in spec bad\.json: data\.boundary\.f: missing operator before "x" \(write \* to multiply\) at column 6$/)]);
  });
});
