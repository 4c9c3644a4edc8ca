// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import config from '../electron-builder.config.ts';
import { FUSES, applyFuses } from './fuses.ts';

const require = createRequire(import.meta.url);

describe('packaging config (npm run dist)', () => {
  it('sets the fuses of the security checklist', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('decides every fuse the library knows, and asks @electron/fuses to insist on that', () => {
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    for (const k of known) expect(typeof FUSES[k as FuseV1Options], FuseV1Options[k as FuseV1Options]).toBe('boolean');
    expect(FUSES.strictlyRequireAllFuses).toBe(true);
  });

  it('packs an asar (OnlyLoadAppFromAsar needs it) for AppImage and deb, flipping fuses after pack', () => {
    expect(config.asar).toBe(true);
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(typeof config.afterPack).toBe('function');
    // Electron's own fuse integration must stay off: ours runs once, with read-back.
    expect('electronFuses' in config).toBe(false);
  });

  it('passes electron-builder’s own schema validation', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
    // …which does reject what is wrong, so the line above can fail.
    await expect(validateConfiguration({ ...config, linux: { targets: ['deb'] } }, { isEnabled: false, add() {} })).rejects.toThrow(/Invalid configuration/);
  });

  it('flips and verifies the fuse wire of an executable (a stand-in binary with the wire Electron embeds)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fuses-'));
    const exe = join(dir, 'descent-studio');
    const n = 9; // wire length of Electron 45
    const wire = Buffer.concat([
      Buffer.from('ELF-padding'.repeat(100)),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, n]),
      Buffer.alloc(n, FuseState.ENABLE),
      Buffer.from('tail'),
    ]);
    await writeFile(exe, wire);
    await applyFuses(exe);
    const after = await getCurrentFuseWire(exe);
    expect(after[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(after[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(after[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect((await readFile(exe)).length).toBe(wire.length);
  });

  it('refuses an executable whose wire lacks a fuse it must set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fuses-'));
    const exe = join(dir, 'old-electron');
    await writeFile(exe, Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 4]), Buffer.alloc(4, FuseState.ENABLE)]));
    await expect(applyFuses(exe)).rejects.toThrow(/not long enough|fuse/);
  });
});
