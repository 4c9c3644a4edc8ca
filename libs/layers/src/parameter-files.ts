import { OptionError, describeValue } from '@descent/core-tensor';
import type { Module } from './module.js';
import { type TensorSource, type ToBytesOptions, encodeSafetensors } from './safetensors.js';
import { checkModule, loadSafetensorsInto } from './load-parameters.js';

// Node only. node:fs is imported inside the functions, so a browser bundle that does not call save or
// load never sees it (the package is sideEffects: false and these are dropped as unused).

function checkPath(owner: string, path: unknown): string | URL {
  if ((typeof path === 'string' && path !== '') || path instanceof URL) return path;
  throw new OptionError(owner, 'path', `must be a file path (a non-empty string or a file: URL), got ${describeValue(path)}`, { value: path });
}

/** Write a module's parameters (or named tensors) to a .safetensors file (Node). */
export async function save(source: TensorSource, path: string | URL, options: ToBytesOptions = {}): Promise<void> {
  const file = checkPath('save', path);
  const bytes = encodeSafetensors('save', source, options); // a bad source fails before the file is touched
  const { writeFile } = await import(/* @vite-ignore */ 'node:fs/promises');
  await writeFile(file, bytes);
}

/** Read a .safetensors file into a module's parameters, as loadParameters does (Node). */
export async function load(module: Module, path: string | URL): Promise<void> {
  checkModule('load', module);
  const file = checkPath('load', path);
  const { readFile } = await import(/* @vite-ignore */ 'node:fs/promises');
  loadSafetensorsInto('load', module, await readFile(file));
}
