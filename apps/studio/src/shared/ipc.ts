import { z } from 'zod';
import { runIdSchema, runNameSchema, storedRunSchema, type RunSummary, type StoredRun } from './studio-run.js';

// The one narrow API the preload exposes as `window.descent`. Channel names and payload schemas live here so
// main (validation), preload (forwarding) and renderer (types) agree.

export { IPC, MENU_COMMANDS, type MenuCommand } from './ipc-channels.js';
import { IPC, type MenuCommand } from './ipc-channels.js';

export const saveFileSchema = z.object({
  defaultName: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !/[\\/]/.test(s), 'file name must not contain a path separator'),
  // Text (JSON/CSV) or base64 bytes (PNG).
  data: z.string().max(64 * 1024 * 1024),
  encoding: z.enum(['utf8', 'base64']),
  filters: z.array(z.object({ name: z.string().max(80), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(8) })).max(8),
});
export type SaveFileRequest = z.infer<typeof saveFileSchema>;

export const ipcSchemas = {
  [IPC.runsList]: z.tuple([]),
  [IPC.runsGet]: z.tuple([runIdSchema]),
  [IPC.runsSave]: z.tuple([storedRunSchema]),
  [IPC.runsRename]: z.tuple([runIdSchema, runNameSchema]),
  [IPC.runsDelete]: z.tuple([runIdSchema]),
  [IPC.fileSave]: z.tuple([saveFileSchema]),
  [IPC.fileOpenCsv]: z.tuple([]),
  [IPC.fileOpenSetup]: z.tuple([]),
} as const;

export interface OpenedFile {
  name: string;
  text: string;
}

/** A setup (RunSpec JSON) file, with the CSV files it names read from beside it (desktop). */
export interface OpenedSetup extends OpenedFile {
  /** Text of data.csv.path, resolved against the setup file's folder, when the host could read it. */
  csvText?: string;
}

/** The runs in a store, and the files it could not read (with the reason), so none is hidden silently. */
export interface RunListing {
  runs: RunSummary[];
  skipped: { name: string; reason: string }[];
}

/** get(): the run, or why there is none. */
export type RunLookup = { run: StoredRun } | { missing: true } | { unreadable: string };

/** What the preload script exposes on `window.descent`. */
export interface DesktopApi {
  platform: string;
  runs: {
    list(): Promise<RunListing>;
    get(id: string): Promise<RunLookup>;
    save(run: StoredRun): Promise<void>;
    rename(id: string, name: string): Promise<void>;
    remove(id: string): Promise<void>;
  };
  saveFile(req: SaveFileRequest): Promise<boolean>;
  openCsv(): Promise<OpenedFile | null>;
  openSetup(): Promise<OpenedSetup | null>;
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
