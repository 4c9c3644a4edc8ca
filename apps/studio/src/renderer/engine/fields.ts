import { formatPath, type OptionError, type OptionMeta } from '@descent/core-tensor';
import { optionLabel, elementLabel } from './labels.js';

// The one mapping from the libraries' option metadata to form fields, and from the libraries' OptionErrors
// to the field they are about. Every form in the Studio (optimizer, schedule, data, layers, training) goes
// through here; nothing reads error text.

export interface Field {
  meta: OptionMeta;
  /** Dotted path of the value in the RunSpec, e.g. optimizer.options.lr: also the key of its problem. */
  path: string;
  label: string;
  help: string;
}

export function fieldsOf(metas: readonly OptionMeta[], prefix: string): Field[] {
  return metas.filter((m) => m.kind !== 'custom').map((m) => ({ meta: m, path: `${prefix}.${m.name}`, label: optionLabel(m.name), help: m.description }));
}

/** The message a field shows for a problem: the field's own words, the element named for pairs (β₁, β₂). */
export function fieldMessage(e: OptionError): string {
  const who = e.option === null ? '' : e.element !== null ? elementLabel(e.option, e.element) : optionLabel(e.option);
  return who ? `${who} ${e.reason}` : e.reason.charAt(0).toUpperCase() + e.reason.slice(1);
}

/** Problems keyed by their path (a path's first problem wins), as fields look them up. */
export function byPath(problems: readonly OptionError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problems) {
    const key = formatPath(e.path);
    out[key] ??= fieldMessage(e);
  }
  return out;
}

/** Problems at `path` or below it (a layer card shows its own and its fields'). */
export function under(problems: Record<string, string>, path: string): string[] {
  return Object.entries(problems)
    .filter(([k]) => k === path || k.startsWith(`${path}.`) || k.startsWith(`${path}[`))
    .map(([, v]) => v);
}
