// @vitest-environment node
import { mkdtemp, readdir, readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunFileStore, writeFileAtomic } from './run-files.js';
import { sampleRun } from '../../shared/sample-run.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'descent-runs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunFileStore', () => {
  it('saves, lists, renames and deletes runs as JSON files', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('run-a', '2026-01-01T00:00:00.000Z'));
    await s.save(sampleRun('run-b', '2026-01-02T00:00:00.000Z'));
    expect((await readdir(dir)).sort()).toEqual(['run-a.json', 'run-b.json']);
    const list = await s.list();
    expect(list.map((r) => r.id)).toEqual(['run-b', 'run-a']); // newest first
    expect(list[0].final.trainLoss).toBe(0.25);
    await s.rename('run-a', 'Renamed');
    expect((await s.get('run-a'))!.name).toBe('Renamed');
    await s.remove('run-a');
    expect(await s.get('run-a')).toBeNull();
    expect((await s.list()).map((r) => r.id)).toEqual(['run-b']);
  });

  it('leaves no temporary files behind and keeps valid JSON under concurrent saves', async () => {
    const s = new RunFileStore(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.save({ ...sampleRun('run-x'), name: `v${i}` })));
    expect(await readdir(dir)).toEqual(['run-x.json']);
    const text = await readFile(join(dir, 'run-x.json'), 'utf8');
    expect(JSON.parse(text).name).toMatch(/^v\d+$/);
  });

  it('refuses ids that could escape the directory', async () => {
    const s = new RunFileStore(dir);
    await expect(s.get('../etc/passwd')).rejects.toThrow(/run id/);
    await expect(s.save({ ...sampleRun('ok'), id: '../../evil' })).rejects.toThrow(/id/);
  });

  it('skips corrupt files instead of failing the whole list', async () => {
    const logs: string[] = [];
    const s = new RunFileStore(dir, (m) => logs.push(m));
    await s.save(sampleRun('good'));
    await writeFile(join(dir, 'broken.json'), '{ not json');
    expect((await s.list()).map((r) => r.id)).toEqual(['good']);
    expect(logs[0]).toMatch(/broken\.json/);
  });

  it('rejects an invalid record without touching the existing file', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('keep'));
    const before = await readFile(join(dir, 'keep.json'), 'utf8');
    await expect(s.save({ ...sampleRun('keep'), status: 'exploded' as never })).rejects.toThrow(/status/);
    expect(await readFile(join(dir, 'keep.json'), 'utf8')).toBe(before);
  });
});

describe('writeFileAtomic', () => {
  it('cleans up its temporary file when the final rename fails', async () => {
    const target = join(dir, 'target');
    await mkdir(join(target, 'child'), { recursive: true }); // a non-empty directory cannot be replaced by a file
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the whole content at once', async () => {
    const p = join(dir, 'f.json');
    await writeFileAtomic(p, 'x'.repeat(1000));
    await writeFileAtomic(p, 'short');
    expect(await readFile(p, 'utf8')).toBe('short');
  });
});
