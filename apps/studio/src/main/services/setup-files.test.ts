// @vitest-environment node
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSetupFile } from './setup-files.js';

describe('Open Setup on the desktop', () => {
  it('reads the CSV a setup names by path, relative to the setup file (as the CLI does)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'descent-setup-'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'pts.csv'), 'a,b,y\n1,2,0\n');
    await writeFile(join(dir, 'spec.json'), JSON.stringify({ data: { csv: { path: 'data/pts.csv', target: 'y' } } }));
    expect(await readSetupFile(join(dir, 'spec.json'))).toEqual({ name: 'spec.json', text: expect.any(String), csvText: 'a,b,y\n1,2,0\n' });
  });
  it('a missing CSV or a broken setup still opens (the page says what is wrong)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'descent-setup-'));
    await writeFile(join(dir, 'a.json'), JSON.stringify({ data: { csv: { path: 'nope.csv', target: 'y' } } }));
    await writeFile(join(dir, 'b.json'), '{ not json');
    expect((await readSetupFile(join(dir, 'a.json'))).csvText).toBeUndefined();
    expect((await readSetupFile(join(dir, 'b.json'))).text).toBe('{ not json');
  });
});
