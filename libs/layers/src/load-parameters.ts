import { DataError, OptionError, ShapeError, describeValue, type DType } from '@descent/core-tensor';
import { type Module, isModule } from './module.js';
import { decodeSafetensors } from './safetensors.js';

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
const CODE: Record<DType, string> = { float32: 'F32', float64: 'F64' };

export function checkModule(owner: string, module: unknown): Module {
  if (!isModule(module)) throw new OptionError(owner, 'module', `must be a module (e.g. a Sequential), got ${describeValue(module)}`, { value: module });
  return module;
}

/** loadParameters with the caller's name in errors (load reports 'load'). */
export function loadSafetensorsInto(owner: string, target: unknown, bytes: unknown): void {
  const module = checkModule(owner, target);
  const file = new Map(decodeSafetensors(owner, bytes));
  const named = module.namedParameters();
  const own = new Set(named.map(([n]) => n));
  const missing = named.map(([n]) => n).filter((n) => !file.has(n));
  const unexpected = [...file.keys()].filter((n) => !own.has(n));
  if (missing.length || unexpected.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing in the file: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`not in the model: ${unexpected.join(', ')}`);
    throw new DataError(owner, `tensors do not match the model's parameters (${parts.join('; ')})`, { value: { missing, unexpected } });
  }
  // Every tensor is checked before any is written: a bad file leaves the model as it was.
  for (const [name, p] of named) {
    const t = file.get(name)!;
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new ShapeError(owner, `${name}: file has ${fmt(t.shape)}, model has ${fmt(p.shape)}`, { path: [name], value: t.shape });
    }
    if (t.dtype !== p.dtype) {
      throw new DataError(owner, `${name}: file has ${CODE[t.dtype]} (${t.dtype}), model has ${CODE[p.dtype]} (${p.dtype}); build the model with dtype '${t.dtype}' to load this file`, {
        path: [name],
        value: CODE[t.dtype],
      });
    }
  }
  for (const [name, p] of named) p.value.data.set(file.get(name)!.data);
}

/**
 * Copy the tensors of a safetensors file into a module's parameters by name ("0.weight", as
 * `namedParameters()` gives them), in place: an optimizer holding the parameters keeps working.
 * Names, shapes and dtypes must match exactly; the first mismatch is named with both sides.
 */
export function loadParameters(module: Module, bytes: Uint8Array | ArrayBuffer): void {
  loadSafetensorsInto('loadParameters', module, bytes);
}
