import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseStoredRun, runIdSchema, summarize, type RunSummary, type StoredRun } from '../../shared/studio-run.js';
import type { RunListing, RunLookup } from '../../shared/ipc.js';

// Runs as one JSON file each under a directory (userData/runs on desktop). Every write goes to a temporary
// file in the same directory, is flushed, then renamed over the target: a crash never leaves half a file, and
// temporary files a crash left behind are removed at start. Files are read through the Studio's migration,
// so runs saved by the first format open too. No Electron imports here, so it is tested in plain Node.

const TMP = /\.tmp$/;

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
  /** Which file holds which run id: a file copied in under another name still opens. */
  private files = new Map<string, string>();
  private started: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
    /** Temporary files older than this are leftovers of an interrupted save. */
    private readonly tmpMaxAgeMs = 60_000,
  ) {}

  /** Once per process: create the directory and delete what interrupted saves left behind. */
  private start(): Promise<void> {
    this.started ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const now = Date.now();
      let removed = 0;
      for (const n of await readdir(this.dir)) {
        if (!TMP.test(n)) continue;
        try {
          const s = await stat(join(this.dir, n));
          if (now - s.mtimeMs < this.tmpMaxAgeMs) continue; // perhaps another window is saving right now
          await rm(join(this.dir, n), { force: true });
          removed++;
        } catch {
          // gone already
        }
      }
      if (removed) this.log(`Removed ${removed} temporary file(s) left by interrupted saves`);
    })();
    return this.started;
  }

  private defaultFile(id: string): string {
    return `${runIdSchema.parse(id)}.json`;
  }

  private async read(name: string): Promise<StoredRun> {
    return parseStoredRun(JSON.parse(await readFile(join(this.dir, name), 'utf8')));
  }

  async list(): Promise<RunListing> {
    await this.start();
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    const runs: RunSummary[] = [];
    const skipped: RunListing['skipped'] = [];
    const files = new Map<string, string>();
    for (const n of names) {
      try {
        const run = await this.read(n);
        if (files.has(run.id)) {
          skipped.push({ name: n, reason: `same run id as ${files.get(run.id)}` });
          continue;
        }
        files.set(run.id, n);
        runs.push(summarize(run));
      } catch (e) {
        // A corrupt or foreign file must not hide the other runs.
        const reason = e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message;
        skipped.push({ name: n, reason });
        this.log(`Skipping ${n}: ${reason}`);
      }
    }
    this.files = files;
    return { runs: runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), skipped };
  }

  private async fileOf(id: string): Promise<string> {
    runIdSchema.parse(id);
    if (!this.files.has(id)) await this.list().catch(() => undefined);
    return this.files.get(id) ?? this.defaultFile(id);
  }

  async get(id: string): Promise<RunLookup> {
    await this.start();
    const name = await this.fileOf(id);
    try {
      return { run: await this.read(name) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
      return { unreadable: e instanceof SyntaxError ? `${name} is not valid JSON (${e.message})` : `${name}: ${(e as Error).message}` };
    }
  }

  async save(run: StoredRun): Promise<void> {
    await this.start();
    const clean = parseStoredRun(run);
    const name = await this.fileOf(clean.id);
    await writeFileAtomic(join(this.dir, name), JSON.stringify(clean));
    this.files.set(clean.id, name);
  }

  async rename(id: string, name: string): Promise<void> {
    const r = await this.get(id);
    if (!('run' in r)) throw new Error('missing' in r ? `No run with id ${id}` : `The run cannot be read: ${r.unreadable}`);
    await this.save({ ...r.run, name });
  }

  async remove(id: string): Promise<void> {
    const name = await this.fileOf(id);
    await rm(join(this.dir, name), { force: true });
    this.files.delete(id);
  }
}
