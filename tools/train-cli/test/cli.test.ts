import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '@descent/train';
import { main } from '../src/main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(root, 'tools/train-cli/examples');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'tools/train-cli/src/cli.ts');

/** Run the real CLI as a process (not a TTY, so progress is plain lines). */
function runCli(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.INIT_CWD;
  const r = spawnSync(tsx, [cli, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run main() in-process with captured output. */
async function runMain(args: string[], cwd: string) {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => (stdout += d));
  const errs: string[] = [];
  const code = await main(args, { out: out as unknown as NodeJS.WriteStream, err: (l) => errs.push(l), cwd });
  return { code, stdout, errs };
}

const xorSpec = () => JSON.parse(readFileSync(join(examples, 'xor-sgd.json'), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'train-cli-'));

describe('train CLI', () => {
  it('trains the XOR example to 100% accuracy and writes a valid run record under ./runs', () => {
    const dir = tmp();
    const r = runCli([join(examples, 'xor-sgd.json')], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^epoch 1\/300 {2}loss /m); // plain progress lines when not a TTY
    expect(r.stdout).toMatch(/train accuracy 100\.0%/);
    expect(r.stdout).toMatch(/test accuracy {2}100\.0%/);
    const files = readdirSync(join(dir, 'runs'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^xor-sgd-\d{8}-\d{6}\.json$/);
    expect(r.stdout).toContain(`run record: runs/${files[0]}`);
    const record = parseRunRecord(readFileSync(join(dir, 'runs', files[0]), 'utf8'));
    expect(record.status).toBe('completed');
    expect(record.final.trainAccuracy).toBe(1);
    expect(record.final.testAccuracy).toBe(1);
    expect(record.config.data.source).toMatchObject({ preset: 'xor', options: { n: 200, noise: 0, seed: 1 } });
  });

  it('a bad spec prints one error naming the field and exits with code 2', () => {
    const dir = tmp();
    const spec = xorSpec();
    spec.optimizer.lr = -0.5;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(spec));
    const r = runCli(['bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error in spec bad\.json: optimizer\.lr: must be a finite number >= 0, got -0\.5/);
  });

  it.each([
    ['unknown layer', (s: any) => (s.layers[1] = { type: 'conv2d' }), /layers\[1\]\.type: .*"dense"\|"activation"\|"dropout"/],
    ['mismatched sizes (input)', (s: any) => (s.layers[0].in = 3), /layers\[0\]: in is 3 but the dataset has 2 features/],
    ['mismatched sizes (output)', (s: any) => (s.layers[2].units = 2), /layers\[2\]: the model outputs 2 value\(s\) per sample but dataset 'xor' has 1 target column/],
    ['negative learning rate', (s: any) => (s.optimizer.lr = -1), /optimizer\.lr: must be a finite number >= 0, got -1/],
    ['missing dataset file', (s: any) => (s.dataset = { csv: 'missing.csv', target: 'y' }), /dataset\.csv: file not found: .*missing\.csv/],
    ['unknown optimizer', (s: any) => (s.optimizer.name = 'lion'), /optimizer\.name: .*"sgd"\|"adagrad"/],
    ['unknown optimizer option', (s: any) => (s.optimizer.momentm = 0.9), /optimizer\.momentm: unknown option "momentm"/],
    ['missing schedule option', (s: any) => (s.schedule = { name: 'step', gamma: 0.5 }), /schedule\.stepSize: is required/],
    ['unknown loss', (s: any) => (s.loss = 'hinge'), /loss: unknown loss "hinge"/],
    ['minibatch without size', (s: any) => (s.batch = { mode: 'minibatch' }), /batch\.batchSize: required for mode 'minibatch'/],
    ['zero epochs', (s: any) => (s.epochs = 0), /epochs: /],
    ['unknown top-level field', (s: any) => (s.epoch = 3), /\(spec\): unknown field\(s\) "epoch"/],
  ])('%s → exit 2 with one message', async (_name, edit, message) => {
    const dir = tmp();
    const spec = xorSpec();
    edit(spec);
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.errs).toHaveLength(1);
    expect(r.errs[0]).toMatch(/^error in spec spec\.json: /);
    expect(r.errs[0]).toMatch(message);
    expect(readdirSync(dir)).toEqual(['spec.json']); // nothing written
  });

  it('invalid JSON, a missing spec file and a bad option are errors with code 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'broken.json'), '{"epochs": 3,');
    expect((await runMain(['broken.json'], dir)).errs[0]).toMatch(/\(spec\): not valid JSON/);
    const missing = await runMain(['nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.errs[0]).toMatch(/cannot read spec nope\.json: file not found/);
    expect((await runMain(['--bogus'], dir)).code).toBe(2);
  });

  it('reproduces a run: the same spec twice gives identical records apart from timings', async () => {
    const dir = tmp();
    const spec = { ...xorSpec(), epochs: 40, layers: [{ type: 'dense', units: 6 }, { type: 'activation', fn: 'tanh' }, { type: 'dropout', p: 0.1 }, { type: 'dense', units: 1 }] };
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const a = await runMain(['spec.json', '--quiet', '--out', 'a.json'], dir);
    const b = await runMain(['spec.json', '--quiet', '--out', 'b.json'], dir);
    expect([a.code, b.code]).toEqual([0, 0]);
    const strip = (f: string) => {
      const r = parseRunRecord(readFileSync(join(dir, f), 'utf8'));
      return { ...r, timings: null, epochs: r.epochs.map((e) => ({ ...e, wallMs: 0 })) };
    };
    expect(strip('b.json')).toEqual(strip('a.json'));
    spec.seed = 99;
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    await runMain(['spec.json', '--quiet', '--out', 'c.json'], dir);
    expect(strip('c.json').batches.loss).not.toEqual(strip('a.json').batches.loss);
  });

  it('several specs write into the --out directory', async () => {
    const dir = tmp();
    const r = await runMain([join(examples, 'linear-adadelta.json'), join(examples, 'blobs-adagrad.json'), '--quiet', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files.map((f) => f.replace(/-\d{8}-\d{6}(-\d+)?\.json$/, ''))).toEqual(['blobs-adagrad', 'linear-adadelta']);
  });
});
