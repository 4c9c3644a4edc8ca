import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { USAGE, main, parseArgs } from '../src/main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const xor = join(root, 'tools/train-cli/examples/xor-sgd.json');
const tmp = () => mkdtempSync(join(tmpdir(), 'train-cli-export-'));

async function runMain(args: string[], cwd: string) {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += d));
  const errs: string[] = [];
  const code = await main(args, { out: out as unknown as NodeJS.WriteStream, err: (l) => errs.push(l), cwd });
  return { code, stdout, errs };
}

/** A short copy of the XOR example in `dir`. */
function shortSpec(dir: string, change: (s: any) => void = () => {}): string {
  const spec = JSON.parse(readFileSync(xor, 'utf8'));
  spec.epochs = 3;
  change(spec);
  writeFileSync(join(dir, 'xor.json'), JSON.stringify(spec));
  return 'xor.json';
}

describe('train CLI: --export-torch, --export-onnx, --export-ts, --no-train', () => {
  it('parses the flags (PATH as the next argument or after =) and documents them', () => {
    const a = parseArgs(['s.json', '--export-torch', 'a.py', '--export-onnx=b.onnx', '--export-ts', 'c.ts', '--no-train']);
    expect(a.exports).toEqual({ torch: 'a.py', onnx: 'b.onnx', ts: 'c.ts', noTrain: true });
    expect(a.files).toEqual(['s.json']);
    expect(() => parseArgs(['s.json', '--export-torch'])).toThrow('--export-torch needs a path');
    expect(() => parseArgs(['s.json', '--export-onnx', '--quiet'])).toThrow('--export-onnx needs a path');
    for (const flag of ['--export-torch PATH', '--export-onnx PATH', '--export-ts PATH', '--no-train']) expect(USAGE).toContain(flag);
  });

  it('after training writes the three exports, the ONNX model with the trained weights', async () => {
    const dir = tmp();
    const spec = shortSpec(dir);
    const r = await runMain([spec, '--quiet', '--export-torch', 'out.py', '--export-onnx', 'out.onnx', '--export-ts', 'out.ts'], dir);
    expect(r.errs).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run record: runs\/xor-sgd-\d{8}-\d{6}\.json\n {2}PyTorch script: out\.py\n {2}ONNX model: out\.onnx\n {2}TypeScript script: out\.ts\n$/);
    const py = readFileSync(join(dir, 'out.py'), 'utf8');
    expect(py).toContain('python3 out.py');
    expect(py).toContain("parser.add_argument('--check'"); // exported from the run's record
    expect(readFileSync(join(dir, 'out.ts'), 'utf8')).toContain("import { startRun, type RunSpec } from '@descent/train';");
    const trained = readFileSync(join(dir, 'out.onnx'));
    // Exported without training, the model has the initial weights: other bytes, same size.
    const again = await runMain([spec, '--no-train', '--export-onnx', 'init.onnx'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('  ONNX model: init.onnx (initial weights: not trained)\n');
    const initial = readFileSync(join(dir, 'init.onnx'));
    expect(initial.length).toBe(trained.length);
    expect(initial.equals(trained)).toBe(false);
  });

  it('with --no-train writes the exports and trains nothing', async () => {
    const dir = tmp();
    const spec = shortSpec(dir);
    mkdirSync(join(dir, 'exports'));
    const r = await runMain([spec, '--no-train', '--export-torch', 'exports/', '--export-ts', 'exports'], dir);
    expect(r.errs).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('  PyTorch script: exports/xor-sgd.py\n  TypeScript script: exports/xor-sgd.ts\n');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    expect(readFileSync(join(dir, 'exports/xor-sgd.py'), 'utf8')).not.toContain('--check'); // no record to check against
  });

  it.each([
    [['--export-torch', 'missing/out.py'], 'error: --export-torch: directory missing does not exist'],
    [['--export-ts', 'nowhere/'], 'error: --export-ts: directory nowhere/ does not exist'],
    [['--no-train'], 'error: --no-train needs an export: --export-torch, --export-onnx or --export-ts'],
  ])('a bad export path is one line and exit 2, before training: %j', async (flags, message) => {
    const dir = tmp();
    const r = await runMain([shortSpec(dir), ...flags], dir);
    expect(r.code).toBe(2);
    expect(r.errs).toEqual([message]);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });

  it('several specs need a directory', async () => {
    const dir = tmp();
    const spec = shortSpec(dir);
    const r = await runMain([spec, spec, '--export-onnx', 'model.onnx'], dir);
    expect(r.code).toBe(2);
    expect(r.errs).toEqual(['error: --export-onnx: model.onnx must be an existing directory when several specs are given']);
  });

  it('what cannot be exported is a spec error, found before training', async () => {
    const dir = tmp();
    const spec = shortSpec(dir, (s) => {
      s.scheduler = { name: 'sequential', options: { schedulers: [{ scheduler: 'linear', options: {} }, { scheduler: 'cyclic', options: { baseLr: 0.01, maxLr: 0.1 } }], milestones: [2] } };
    });
    const r = await runMain([spec, '--export-torch', 'out.py'], dir);
    expect(r.code).toBe(2);
    expect(r.errs).toHaveLength(1);
    expect(r.errs[0]).toMatch(/^error in spec xor\.json: scheduler\.options\.schedulers\[1\]\.scheduler: entry 1 is "cyclic": only constant, step/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});
