import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { OpenedSetup } from '../../shared/ipc.js';

// "Open Setup…" on the desktop: the setup is a RunSpec JSON file (the same a CLI spec is). When its data is a
// CSV given by path, the file is read from beside the setup, so a CLI spec opens with its data.

/** Largest setup or CSV file read (the Studio keeps CSV text with each run). */
export const MAX_SETUP_BYTES = 8 * 1024 * 1024;

async function readSmall(path: string): Promise<string> {
  const s = await stat(path);
  if (!s.isFile()) throw new Error(`${path} is not a file`);
  if (s.size > MAX_SETUP_BYTES) throw new Error(`${path} is larger than ${MAX_SETUP_BYTES / 1024 / 1024} MB`);
  return readFile(path, 'utf8');
}

export async function readSetupFile(path: string): Promise<OpenedSetup> {
  const text = await readSmall(path);
  const out: OpenedSetup = { name: basename(path), text };
  try {
    const spec = JSON.parse(text.replace(/^\uFEFF/, '')) as { data?: { csv?: { path?: unknown } }; dataset?: { csv?: unknown } };
    const rel = typeof spec?.data?.csv?.path === 'string' ? spec.data.csv.path : typeof spec?.dataset?.csv === 'string' ? spec.dataset.csv : null;
    if (rel) out.csvText = await readSmall(resolve(dirname(path), rel));
  } catch {
    // The renderer validates the setup and says what is wrong (or asks for the CSV file).
  }
  return out;
}
