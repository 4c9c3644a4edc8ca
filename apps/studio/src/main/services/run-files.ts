import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunRecord, runIdSchema, summarize, type RunRecord, type RunSummary } from '../../shared/run-record.js';

// Runs as one JSON file each under a directory (userData/runs on desktop). Every write goes to a temporary
// file in the same directory, is flushed, then renamed over the target: a crash never leaves half a file.
// No Electron imports here, so it is tested in plain Node.

export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export class RunFileStore {
  constructor(
    readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  private file(id: string): string {
    return join(this.dir, `${runIdSchema.parse(id)}.json`);
  }

  async list(): Promise<RunSummary[]> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    const out: RunSummary[] = [];
    for (const n of names) {
      try {
        out.push(summarize(parseRunRecord(JSON.parse(await readFile(join(this.dir, n), 'utf8')))));
      } catch (e) {
        // A corrupt or foreign file must not hide the other runs.
        this.log(`Skipping ${n}: ${(e as Error).message}`);
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(id: string): Promise<RunRecord | null> {
    try {
      return parseRunRecord(JSON.parse(await readFile(this.file(id), 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async save(run: RunRecord): Promise<void> {
    const clean = parseRunRecord(run);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.file(clean.id), JSON.stringify(clean, null, 1));
  }

  async rename(id: string, name: string): Promise<void> {
    const run = await this.get(id);
    if (!run) throw new Error(`No run with id ${id}`);
    await this.save({ ...run, name });
  }

  async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }
}
