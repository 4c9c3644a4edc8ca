import { IPC, ipcSchemas, type OpenedFile, type OpenedSetup, type SaveFileRequest } from '../../shared/ipc.js';
import type { RunFileStore } from './run-files.js';

// Every IPC request from the renderer is validated against its zod schema before anything runs. Kept free of
// Electron so it can be tested directly; main/index.ts registers these with ipcMain.handle.

export type Channel = keyof typeof ipcSchemas;

export interface HandlerDeps {
  runs: RunFileStore;
  saveFile(req: SaveFileRequest): Promise<boolean>;
  openCsv(): Promise<OpenedFile | null>;
  openSetup(): Promise<OpenedSetup | null>;
}

export class IpcValidationError extends Error {}

export function validateArgs<C extends Channel>(channel: C, args: unknown[]) {
  const schema = ipcSchemas[channel];
  if (!schema) throw new IpcValidationError(`Unknown IPC channel "${channel}"`);
  const r = schema.safeParse(args);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new IpcValidationError(`Invalid request on ${channel}: ${i.path.join('.') || '(arguments)'}: ${i.message}`);
  }
  return r.data as any;
}

export function createHandlers(deps: HandlerDeps): Record<Channel, (...args: unknown[]) => Promise<unknown>> {
  const wrap =
    <C extends Channel>(channel: C, f: (...a: any[]) => Promise<unknown>) =>
    async (...args: unknown[]) =>
      f(...validateArgs(channel, args));
  return {
    [IPC.runsList]: wrap(IPC.runsList, () => deps.runs.list()),
    [IPC.runsGet]: wrap(IPC.runsGet, (id: string) => deps.runs.get(id)),
    [IPC.runsSave]: wrap(IPC.runsSave, (run) => deps.runs.save(run)),
    [IPC.runsRename]: wrap(IPC.runsRename, (id: string, name: string) => deps.runs.rename(id, name)),
    [IPC.runsDelete]: wrap(IPC.runsDelete, (id: string) => deps.runs.remove(id)),
    [IPC.fileSave]: wrap(IPC.fileSave, (req: SaveFileRequest) => deps.saveFile(req)),
    [IPC.fileOpenCsv]: wrap(IPC.fileOpenCsv, () => deps.openCsv()),
    [IPC.fileOpenSetup]: wrap(IPC.fileOpenSetup, () => deps.openSetup()),
  } as Record<Channel, (...args: unknown[]) => Promise<unknown>>;
}
