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
    expect(record.config.data.source).toMatchObject({ preset: 'xor', options: { n: 200, noise: 0 } });
    expect(record.spec).toEqual({ ...xorSpec() }); // the spec itself travels with the record
  });

  it('a bad spec prints one error naming the field and exits with code 2', () => {
    const dir = tmp();
    const spec = xorSpec();
    spec.optimizer.options.lr = -0.5;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(spec));
    const r = runCli(['bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error in spec bad\.json: optimizer\.options\.lr: must be at least 0, got -0\.5/);
  });

  it.each([
    ['unknown layer', (s: any) => (s.model.layers[1] = { type: 'conv2d' }), /model\.layers\[1\]\.type: must be one of dense, activation, dropout, got "conv2d"/],
    ['mismatched sizes (input)', (s: any) => (s.model.layers[0].in = 3), /model\.layers\[0\]\.in: is 3 but the previous layer outputs 2 features/],
    ['mismatched sizes (output)', (s: any) => (s.model.layers[2].units = 2), /model\.layers\[2\]\.units: must be 1: bceWithLogits compares the output with one value per sample/],
    ['negative learning rate', (s: any) => (s.optimizer.options.lr = -1), /optimizer\.options\.lr: must be at least 0, got -1/],
    ['missing dataset file', (s: any) => (s.data = { csv: { path: 'missing.csv', target: 'y' } }), /data\.csv\.path: file not found: .*missing\.csv/],
    ['unknown optimizer', (s: any) => (s.optimizer.name = 'lion'), /optimizer\.name: must be one of sgd, adagrad/],
    ['unknown optimizer option', (s: any) => (s.optimizer.options.momentm = 0.9), /optimizer\.options\.momentm: is not an option of sgd; valid options: lr, momentum/],
    ['missing schedule option', (s: any) => (s.scheduler = { name: 'step', options: { gamma: 0.5 } }), /scheduler\.options\.stepSize: is required/],
    ['unknown loss', (s: any) => (s.loss = 'hinge'), /loss: must be one of mse, l1/],
    ['minibatch without size', (s: any) => (s.batch = { mode: 'minibatch' }), /batch\.batchSize: must be a positive integer, got undefined/],
    ['zero epochs', (s: any) => (s.epochs = 0), /epochs: must be a positive integer, got 0/],
    ['unknown top-level field', (s: any) => (s.epoch = 3), /^error in spec spec\.json: epoch: is not a field of a run spec/],
    ['csv without a target', (s: any) => (s.data = { csv: { path: 'a.csv' } }), /data\.csv\.target: target must name the target column/],
    ['one-cycle too short', (s: any) => (s.scheduler = { name: 'onecycle', options: { maxLr: 0.1, totalSteps: 10 } }), /scheduler\.options\.totalSteps: must be at least 300/],
    ['early stopping on a missing test set', (s: any) => ((s.data.testFraction = 0), (s.earlyStopping = { metric: 'testLoss', patience: 3 })), /earlyStopping\.metric: is 'testLoss', but there is no test set/],
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
    const spec = { ...xorSpec(), epochs: 40, model: { layers: [{ type: 'dense', units: 6 }, { type: 'activation', fn: 'tanh' }, { type: 'dropout', p: 0.1 }, { type: 'dense', units: 1 }] } };
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

  it('reads a spec with a UTF-8 BOM', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bom.json'), '\uFEFF' + JSON.stringify({ ...xorSpec(), epochs: 2 }));
    const r = await runMain(['bom.json', '--quiet', '--out', 'r.json'], dir);
    expect(r.errs).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('converts a spec in the earlier flat format, and trains it to the same record as the current format', async () => {
    const dir = tmp();
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    writeFileSync(join(dir, 'new.json'), JSON.stringify({ ...xorSpec(), epochs: 20 }));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(fixtures, 'legacy-xor-sgd.json'), 'utf8')), epochs: 20 }));
    const a = await runMain(['new.json', '--quiet', '--out', 'a.json'], dir);
    const b = await runMain(['old.json', '--out', 'b.json'], dir);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.errs[0]).toMatch(/uses the earlier spec format; it was converted/);
    const losses = (f: string) => parseRunRecord(readFileSync(join(dir, f), 'utf8')).epochs.map((e) => e.trainLoss);
    expect(losses('b.json')).toEqual(losses('a.json'));
  });

  it('prints the health warning of a run that blew up while staying finite', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hot.json'), JSON.stringify({ ...xorSpec(), epochs: 20, batch: { mode: 'full' }, optimizer: { name: 'sgd', options: { lr: 1e6 } } }));
    const r = await runMain(['hot.json', '--quiet', '--out', 'r.json'], dir);
    const rec = parseRunRecord(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(rec.health!.verdict).toMatch(/blew-up|diverged/);
    if (rec.health!.verdict === 'blew-up') expect(r.stdout).toMatch(/warning \(blew-up\): loss rose from .* the learning rate is probably too high/);
  });
});
