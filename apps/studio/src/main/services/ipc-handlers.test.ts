// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC } from '../../shared/ipc.js';
import { sampleRun } from '../../shared/sample-run.js';
import { createHandlers, validateArgs } from './ipc-handlers.js';
import { RunFileStore } from './run-files.js';

let dir: string;
let saved: unknown[];
let handlers: ReturnType<typeof createHandlers>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'descent-ipc-'));
  saved = [];
  handlers = createHandlers({
    runs: new RunFileStore(dir),
    saveFile: async (req) => (saved.push(req), true),
    openCsv: async () => ({ name: 'a.csv', text: 'x,y\n1,2\n' }),
    openSetup: async () => ({ name: 'spec.json', text: '{}' }),
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('IPC validation', () => {
  it('passes valid requests to the services', async () => {
    await handlers[IPC.runsSave](sampleRun('r1'));
    expect(((await handlers[IPC.runsList]()) as any).runs.map((r: { id: string }) => r.id)).toEqual(['r1']);
    await handlers[IPC.runsRename]('r1', 'New name');
    expect(((await handlers[IPC.runsGet]('r1')) as any).run.name).toBe('New name');
    expect(await handlers[IPC.fileOpenSetup]()).toEqual({ name: 'spec.json', text: '{}' });
    expect(await handlers[IPC.fileSave]({ defaultName: 'x.csv', data: 'a,b', encoding: 'utf8', filters: [{ name: 'CSV', extensions: ['csv'] }] })).toBe(true);
    expect(saved).toHaveLength(1);
    await handlers[IPC.runsDelete]('r1');
    expect(await handlers[IPC.runsList]()).toEqual({ runs: [], skipped: [] });
  });

  it('rejects malformed payloads with a message naming the problem', async () => {
    await expect(handlers[IPC.runsGet]('../../secret')).rejects.toThrow(/Invalid request on runs:get: 0: run id/);
    await expect(handlers[IPC.runsGet]()).rejects.toThrow(/runs:get/);
    await expect(handlers[IPC.runsGet]('a', 'extra')).rejects.toThrow(/runs:get/);
    await expect(handlers[IPC.runsRename]('r1', '   ')).rejects.toThrow(/name must not be empty/);
    await expect(handlers[IPC.runsSave]({ ...sampleRun('r2'), createdAt: 3 })).rejects.toThrow(/runs:save: 0\.createdAt/);
    await expect(handlers[IPC.runsSave]({ ...sampleRun('r2'), record: { epochs: 'x' } })).rejects.toThrow(/record/);
    await expect(handlers[IPC.runsSave]({ hello: 'world' })).rejects.toThrow(/runs:save/);
    await expect(
      handlers[IPC.fileSave]({ defaultName: '../../.bashrc', data: 'x', encoding: 'utf8', filters: [] }),
    ).rejects.toThrow(/path separator/);
    await expect(handlers[IPC.fileSave]({ defaultName: 'a.png', data: 'x', encoding: 'hex', filters: [] })).rejects.toThrow(/encoding/);
    expect(saved).toHaveLength(0);
  });

  it('validateArgs refuses unknown channels', () => {
    expect(() => validateArgs('fs:readFile' as never, [])).toThrow(/Unknown IPC channel/);
  });
});
