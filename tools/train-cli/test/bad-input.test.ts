// Every bad input gets a clear error from the CLI: one line on stderr, exit code 2 (or 1), never a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRunRecord } from '@descent/train';
import { main, safeFileName, type Io } from '../src/main.js';
import { estimateMemory, optimizerBuffers } from '../src/memory.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = join(root, 'tools/train-cli/examples');
const xorSpec = () => JSON.parse(readFileSync(join(examples, 'xor-sgd.json'), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'train-cli-bad-'));

async function runMain(args: string[], cwd: string, onOut?: (chunk: string) => void) {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => {
    stdout += d;
    onOut?.(String(d));
  });
  const errs: string[] = [];
  const code = await main(args, { out: out as unknown as NodeJS.WriteStream, err: (l) => errs.push(l), cwd });
  return { code, stdout, errs };
}

function writeSpec(dir: string, spec: unknown, file = 'spec.json'): string {
  writeFileSync(join(dir, file), JSON.stringify(spec));
  return file;
}

const oneLine = (errs: string[]) => {
  expect(errs).toHaveLength(1);
  expect(errs[0]).not.toMatch(/\n/);
  expect(errs[0]).not.toMatch(/^\s+at /m);
};

describe('model size (--max-memory)', () => {
  it('two dense layers of 20,000 units are refused before anything is allocated, naming the layer and the bytes', async () => {
    const dir = tmp();
    const spec = { ...xorSpec(), model: { layers: [{ type: 'dense', units: 20000 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 20000 }, { type: 'dense', units: 1 }] } };
    writeSpec(dir, spec);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(200e6); // the 6.4 GB model was never built
    expect(r.code).toBe(2);
    oneLine(r.errs);
    expect(r.errs[0]).toBe(
      'error in spec spec.json: model.layers[2].units: the model needs about 6.4 GB (6401600016 bytes) to train ' +
        '(400100001 parameters × 4 bytes × 4: weights, gradients, update, 1 sgd state buffer), above the limit of 2.0 GB (2000000000 bytes); ' +
        'its largest layer is model.layers[2], Dense(20000 → 20000) with 400020000 parameters: make it smaller, or raise the limit with --max-memory <MB>',
    );
    expect(readdirSync(dir)).toEqual(['spec.json']);
  });

  it('a dense layer of 1e9 units is refused by the layers library (65536 at most)', async () => {
    const dir = tmp();
    writeSpec(dir, { ...xorSpec(), model: { layers: [{ type: 'dense', units: 1e9 }, { type: 'dense', units: 1 }] } });
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    oneLine(r.errs);
    expect(r.errs[0]).toMatch(/model\.layers\[0\]\.units: must be at most 65536, got 1000000000/);
  });

  it('--max-memory raises (or lowers) the limit; optimizer state is counted (sgd 1, momentum 1, adam 2, amsgrad 3)', async () => {
    const dir = tmp();
    // 2 → 1000 → 1000 → 1: 1,005,001 parameters; adam keeps 2 buffers: × 4 bytes × 5 = 20.1 MB.
    const spec = { ...xorSpec(), epochs: 1, optimizer: { name: 'adam', options: { lr: 0.01 } }, model: { layers: [{ type: 'dense', units: 1000 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1000 }, { type: 'dense', units: 1 }] } };
    writeSpec(dir, spec);
    const low = await runMain(['spec.json', '--quiet', '--max-memory', '20'], dir);
    expect(low.code).toBe(2);
    oneLine(low.errs);
    expect(low.errs[0]).toMatch(/the model needs about 20\.1 MB .*× 5: weights, gradients, update, 2 adam state buffers\), above the limit of 20\.0 MB/);
    const high = await runMain(['spec.json', '--quiet', '--max-memory=21', '--out', 'r.json'], dir);
    expect(high.errs).toEqual([]);
    expect(high.code).toBe(0);
    expect((await runMain(['spec.json', '--max-memory', 'lots'], dir)).errs[0]).toMatch(/^error: --max-memory needs a positive number of megabytes, got "lots"; usage: /);
    expect(optimizerBuffers('sgd', {}, 'float32')).toBe(1);
    expect(optimizerBuffers('sgd', { momentum: 0.9 }, 'float32')).toBe(1);
    expect(optimizerBuffers('adam', {}, 'float32')).toBe(2);
    expect(optimizerBuffers('adam', { amsgrad: true }, 'float32')).toBe(3);
    const e = estimateMemory({ ...spec, dtype: 'float64', earlyStopping: { metric: 'trainLoss', patience: 2, restoreBest: true } }, { input: 2, layers: spec.model.layers } as never);
    expect([e.bytesPerElement, e.copies, e.bytes]).toEqual([8, 6, 1005001 * 8 * 6]);
  });
});

describe('--out', () => {
  it('an unwritable --out is refused before training, in one line', async () => {
    const dir = tmp();
    writeSpec(dir, xorSpec());
    const t0 = performance.now();
    const r = await runMain(['spec.json', '--quiet', '--out', '/proc/x.json'], dir);
    expect(performance.now() - t0).toBeLessThan(5000); // no 300 epochs first
    expect(r.code).toBe(2);
    oneLine(r.errs);
    expect(r.errs[0]).toMatch(/^error: cannot write the run record to \/proc\/x\.json: no file can be created in \/proc \(E[A-Z]+/);
    expect(r.stdout).toBe('');
    const asDir = await runMain(['spec.json', '--quiet', '--out', dir], dir); // an existing directory: the record goes inside
    expect(asDir.code).toBe(0);
  });

  it('when the final write still fails, the error is one line and the record goes to a fallback file', async () => {
    const dir = tmp();
    writeSpec(dir, { ...xorSpec(), epochs: 30 });
    mkdirSync(join(dir, 'sub'));
    let sabotaged = false;
    // Once training has started, the target directory turns into a file: the record cannot be written there.
    const r = await runMain(['spec.json', '--out', 'sub/r.json'], dir, () => {
      if (sabotaged) return;
      sabotaged = true;
      rmSync(join(dir, 'sub'), { recursive: true });
      writeFileSync(join(dir, 'sub'), 'not a directory');
    });
    expect(sabotaged).toBe(true);
    expect(r.code).toBe(1);
    oneLine(r.errs);
    const m = /^error: could not write the run record to .*sub\/r\.json \(.*\); wrote it to (.*descent-run-xor-sgd-\d{8}-\d{6}\.json) instead$/.exec(r.errs[0]);
    expect(m, r.errs[0]).not.toBeNull();
    const record = parseRunRecord(readFileSync(m![1], 'utf8'));
    expect(record.status).toBe('completed');
    expect(r.stdout).toContain('run record: descent-run-xor-sgd-');
  });
});

describe('run names as file names', () => {
  it('../../x becomes a visible safe name: no leading dots, no separators, runs of _ collapsed', async () => {
    expect(safeFileName('../../x')).toBe('x');
    expect(safeFileName('..')).toBe('run');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('a / b \\ c')).toBe('a_b_c');
    expect(safeFileName('my run: v2!')).toBe('my_run_v2');
    expect(safeFileName('--rf')).toBe('rf');
    expect(safeFileName('x'.repeat(500))).toHaveLength(80);
    const dir = tmp();
    writeSpec(dir, { ...xorSpec(), epochs: 2, name: '../../x' });
    const r = await runMain(['spec.json', '--quiet', '--out', 'out/'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual([expect.stringMatching(/^x-\d{8}-\d{6}\.json$/)]);
  });
});

describe('CSV data', () => {
  const moons = () => {
    const spec = JSON.parse(readFileSync(join(examples, 'csv-moons-sgd.json'), 'utf8'));
    return { ...spec, epochs: 2, data: { ...spec.data, csv: { path: 'd.csv', target: 'y' } }, model: { layers: [{ type: 'dense', units: 4 }, { type: 'dense', units: 2 }] } };
  };

  it('a NaN target cell is reported with its line and column, not as a third class', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), 'a,b,y\n0,1,0\n1,0,1\n0.5,0.5,NaN\n1,1,1\n0,0,0\n');
    writeSpec(dir, moons());
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    oneLine(r.errs);
    expect(r.errs[0]).toBe('error in spec spec.json: data.csv: line 4: non-finite value "NaN" in column "y"');
  });

  it('a 1 MB cell is not echoed in full', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv'), `a,b,y\n0,${'7'.repeat(1_000_000)}x,0\n1,0,1\n`);
    writeSpec(dir, moons());
    const r = await runMain(['spec.json', '--quiet'], dir);
    expect(r.code).toBe(2);
    oneLine(r.errs);
    expect(r.errs[0].length).toBeLessThan(300);
    expect(r.errs[0]).toMatch(/^error in spec spec\.json: data\.csv: line 2: non-numeric value "7{50,}…" in column "b"$/);
  });
});

describe('no stack traces', () => {
  it('an unexpected error inside the CLI is one line and exit code 1', async () => {
    const dir = tmp();
    writeSpec(dir, { ...xorSpec(), epochs: 1 });
    const errs: string[] = [];
    const broken = { write: () => { throw new TypeError('stream exploded'); } } as unknown as Io['out'];
    const code = await main(['spec.json', '--out', 'r.json'], { out: broken, err: (l) => errs.push(l), cwd: dir });
    expect(code).toBe(1);
    oneLine(errs);
    expect(errs[0]).toBe('error: spec.json: unexpected TypeError: stream exploded (please report this)');
    expect((await runMain([], dir)).errs).toEqual([expect.stringMatching(/^error: no spec file given; usage: npm run train -- SPEC\.json/)]);
    oneLine((await runMain(['--bogus'], dir)).errs);
  });

  it('the real CLI process prints one line for an unwritable --out and for a spec that is not JSON', () => {
    const dir = tmp();
    writeSpec(dir, xorSpec());
    writeFileSync(join(dir, 'junk.json'), '\u0000\u0001 not json at all');
    const tsx = join(root, 'node_modules/.bin/tsx');
    const cli = join(root, 'tools/train-cli/src/cli.ts');
    for (const args of [['spec.json', '--out', '/proc/x.json'], ['junk.json']]) {
      const r = spawnSync(tsx, [cli, ...args, '--quiet'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, INIT_CWD: '' } });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});
