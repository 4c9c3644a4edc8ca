import { accessSync, constants, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether `file` can be written, found out before training: an existing file must be a writable file; otherwise
 * a probe file is created and removed in the nearest existing directory on the way to it (the missing ones are
 * made when the record is written). Returns null when writable, else the reason in words. Leaves nothing behind.
 */
export function probeWritable(file: string): string | null {
  try {
    if (existsSync(file)) {
      if (statSync(file).isDirectory()) return 'it is a directory';
      accessSync(file, constants.W_OK);
      return null;
    }
  } catch (e) {
    return describe(e);
  }
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
  } catch (e) {
    return describe(e);
  }
  const probe = join(dir, `.descent-write-probe-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
  } catch (e) {
    return `no file can be created in ${dir} (${describe(e)})`;
  }
  try {
    unlinkSync(probe);
  } catch {
    // created but not removable: still writable; nothing more to do
  }
  return null;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}${err.message ? `: ${err.message.replace(/^[A-Z]+: /, '')}` : ''}` : String(err?.message ?? e);
}
