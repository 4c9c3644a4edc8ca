import type { Var } from '@descent/autodiff';

/** Parameters as plain JSON: name → shape and flat row-major values. */
export type StateDict = Record<string, { shape: number[]; data: number[] }>;

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function saveParameters(named: [string, Var][]): StateDict {
  const sd: StateDict = {};
  for (const [name, p] of named) sd[name] = { shape: [...p.shape], data: Array.from(p.value.data) };
  return sd;
}

/**
 * Copy a state dict into the parameters in place (an optimizer holding these tensors keeps working).
 * Everything is validated before anything is written, so a bad dict leaves the model unchanged.
 */
export function loadParameters(named: [string, Var][], sd: StateDict): void {
  if (!sd || typeof sd !== 'object' || Array.isArray(sd)) {
    throw new Error(`loadStateDict: expected an object mapping parameter names to { shape, data }, got ${Array.isArray(sd) ? 'an array' : JSON.stringify(sd)}`);
  }
  const own = new Map(named);
  const missing = named.map(([n]) => n).filter((n) => !Object.prototype.hasOwnProperty.call(sd, n));
  const unexpected = Object.keys(sd).filter((n) => !own.has(n));
  if (missing.length || unexpected.length) {
    const parts: string[] = [];
    if (missing.length) parts.push(`missing parameters: ${missing.join(', ')}`);
    if (unexpected.length) parts.push(`unexpected parameters: ${unexpected.join(', ')}`);
    throw new Error(`loadStateDict: ${parts.join('; ')}`);
  }
  for (const [name, p] of named) {
    const e = sd[name];
    if (!e || typeof e !== 'object' || !Array.isArray(e.shape) || !(Array.isArray(e.data) || ArrayBuffer.isView(e.data))) {
      throw new Error(`loadStateDict: "${name}" must be { shape: number[], data: number[] }`);
    }
    if (e.shape.length !== p.shape.length || e.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(`loadStateDict: "${name}" has shape ${fmt(e.shape)} but the model expects ${fmt(p.shape)}`);
    }
    if (e.data.length !== p.value.size) {
      throw new Error(`loadStateDict: "${name}" has ${e.data.length} values but shape ${fmt(p.shape)} needs ${p.value.size}`);
    }
    for (let i = 0; i < e.data.length; i++) {
      if (typeof e.data[i] !== 'number' || !Number.isFinite(e.data[i])) {
        throw new Error(`loadStateDict: "${name}" value ${i} is not a finite number (${JSON.stringify(e.data[i])})`);
      }
    }
  }
  for (const [name, p] of named) p.value.data.set(sd[name].data);
}
