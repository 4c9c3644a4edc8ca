// @vitest-environment node
import { copyFile, mkdtemp, readdir, readFile, writeFile, mkdir, rm, utimes } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const runOf = async (s: RunFileStore, id: string) => {
  const r = await s.get(id);
  if (!('run' in r)) throw new Error(JSON.stringify(r));
  return r.run;
};

describe('RunFileStore', () => {
  it('saves, lists, renames and deletes runs as JSON files', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('run-a', '2026-01-01T00:00:00.000Z'));
    await s.save(sampleRun('run-b', '2026-01-02T00:00:00.000Z'));
    expect((await readdir(dir)).sort()).toEqual(['run-a.json', 'run-b.json']);
    const { runs, skipped } = await s.list();
    expect(runs.map((r) => r.id)).toEqual(['run-b', 'run-a']); // newest first
    expect(skipped).toEqual([]);
    await s.rename('run-a', 'Renamed');
    expect((await runOf(s, 'run-a')).name).toBe('Renamed');
    await s.remove('run-a');
    expect(await s.get('run-a')).toEqual({ missing: true });
    expect((await s.list()).runs.map((r) => r.id)).toEqual(['run-b']);
  });

  it('leaves no temporary files behind and keeps valid JSON under concurrent saves', async () => {
    const s = new RunFileStore(dir);
    const base = sampleRun('run-x');
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.save({ ...base, name: `v${i}` })));
    expect(await readdir(dir)).toEqual(['run-x.json']);
    expect(JSON.parse(await readFile(join(dir, 'run-x.json'), 'utf8')).name).toMatch(/^v\d+$/);
  });

  it('removes temporary files that interrupted saves left behind, at start', async () => {
    const old = join(dir, 'run-a.json.123.abc.tmp');
    await writeFile(old, 'partial');
    await utimes(old, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    await writeFile(join(dir, 'run-b.json.456.def.tmp'), 'a save in progress right now');
    const logs: string[] = [];
    await new RunFileStore(dir, (m) => logs.push(m)).list();
    expect((await readdir(dir)).sort()).toEqual(['run-b.json.456.def.tmp']);
    expect(logs.join()).toMatch(/Removed 1 temporary file/);
  });

  it('refuses ids that could escape the directory', async () => {
    const s = new RunFileStore(dir);
    await expect(s.get('../etc/passwd')).rejects.toThrow(/run id/);
    await expect(s.save({ ...sampleRun('ok'), id: '../../evil' })).rejects.toThrow(/id/);
  });

  it('skips corrupt files with the reason instead of failing the list, and reports one as unreadable', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('good'));
    await writeFile(join(dir, 'broken.json'), '{ not json');
    const { runs, skipped } = await s.list();
    expect(runs.map((r) => r.id)).toEqual(['good']);
    expect(skipped).toEqual([{ name: 'broken.json', reason: expect.stringMatching(/not valid JSON/) }]);
    await writeFile(join(dir, 'good.json'), '{ truncated');
    expect(await s.get('good')).toEqual({ unreadable: expect.stringMatching(/good\.json is not valid JSON/) });
  });

  it('opens a run whose file name does not match its id', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('run-c'));
    await copyFile(join(dir, 'run-c.json'), join(dir, 'copied from a friend.json'));
    await rm(join(dir, 'run-c.json'));
    expect((await s.list()).runs.map((r) => r.id)).toEqual(['run-c']);
    expect((await runOf(s, 'run-c')).id).toBe('run-c');
    await s.rename('run-c', 'Mine now');
    expect(await readdir(dir)).toEqual(['copied from a friend.json']); // saved where it was, no duplicate
  });

  it('rejects an invalid record without touching the existing file', async () => {
    const s = new RunFileStore(dir);
    await s.save(sampleRun('keep'));
    const before = await readFile(join(dir, 'keep.json'), 'utf8');
    const bad = sampleRun('keep');
    await expect(s.save({ ...bad, record: { ...bad.record, status: 'exploded' as never } })).rejects.toThrow(/status/);
    expect(await readFile(join(dir, 'keep.json'), 'utf8')).toBe(before);
  });

  it('runs saved by the first format (fixture files) list, open and save in today’s format', async () => {
    const fixtures = fileURLToPath(new URL('../../shared/fixtures/v1/', import.meta.url));
    const names = readdirSync(fixtures).filter((f) => f.endsWith('.json'));
    for (const n of names) await copyFile(join(fixtures, n), join(dir, n));
    const s = new RunFileStore(dir);
    const { runs, skipped } = await s.list();
    expect(skipped).toEqual([]);
    expect(runs).toHaveLength(names.length);
    const first = await runOf(s, runs[0].id);
    await s.save(first);
    expect(JSON.parse(await readFile(join(dir, names.find((n) => n.includes(first.id)) ?? (await readdir(dir)).find((n) => n !== '')!), 'utf8')).format).toBeDefined();
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
