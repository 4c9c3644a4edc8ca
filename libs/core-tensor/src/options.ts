import { OptionError, describeValue } from './errors.js';

// One vocabulary for every configurable thing (optimizers, schedules, losses, layers, data presets, fit):
// an option is described by an OptionMeta, and one validator checks values against it. Forms are generated
// from the same metadata, so what a form offers is exactly what the library accepts.

export type OptionKind = 'number' | 'integer' | 'boolean' | 'enum' | 'pair' | 'integers' | 'custom';

export type OptionValue = number | boolean | string | null | readonly number[] | readonly [number, number];

export interface OptionMeta {
  name: string;
  kind: OptionKind;
  /** One sentence: what it does. */
  description: string;
  /** The option's symbol in the formulas, as TeX (lr: '\\eta', betas: '\\beta_1, \\beta_2'); absent for switches without one. */
  symbol?: string;
  /** PyTorch's default. Absent: the option is required (see `suggested`). */
  default?: unknown;
  /** A sensible first value for a form when there is no default. */
  suggested?: unknown;
  /** null is a valid value (e.g. cyclic stepSizeDown: null = same as stepSizeUp). */
  nullable?: boolean;
  /** Bounds of a number, of each pair element and of each list entry. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** enum: the allowed values. */
  values?: readonly string[];
  /** pair: names of the two elements (beta1, beta2). */
  elements?: readonly [string, string];
  /** integers: entries must not decrease. */
  nonDecreasing?: boolean;
  /** Decided at construction (it shapes state): it cannot change afterwards. */
  fixed?: boolean;
  /** custom: validates and returns the normalized value; throws an OptionError. */
  check?: (value: unknown, owner: string) => unknown;
}

export const isRequired = (m: OptionMeta): boolean => !('default' in m);

/** The problem with one number, or null when it fits: only the rule it breaks ("must be below 1, got 1.2"). */
function numberProblem(m: OptionMeta, v: unknown, integer: boolean): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `must be ${integer ? 'an integer' : 'a finite number'}, got ${describeValue(v)}`;
  if (integer && !Number.isInteger(v)) return `must be an integer, got ${describeValue(v)}`;
  if (m.min !== undefined && (m.minExclusive ? !(v > m.min) : !(v >= m.min))) return `must be ${m.minExclusive ? 'above' : 'at least'} ${m.min}, got ${describeValue(v)}`;
  if (m.max !== undefined && (m.maxExclusive ? !(v < m.max) : !(v <= m.max))) return `must be ${m.maxExclusive ? 'below' : 'at most'} ${m.max}, got ${describeValue(v)}`;
  return null;
}

/** Check one value against its metadata; returns the value (arrays copied). Throws an OptionError naming owner and option. */
export function checkOption(owner: string, m: OptionMeta, v: unknown): unknown {
  const fail = (reason: string, element: number | null = null, value: unknown = v): never => {
    throw new OptionError(owner, m.name, reason, { element, value, elementName: element === null ? undefined : m.elements?.[element] });
  };
  if (v === null && m.nullable) return null;
  switch (m.kind) {
    case 'number':
    case 'integer': {
      const p = numberProblem(m, v, m.kind === 'integer');
      return p ? fail(p) : v;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : fail(`must be true or false, got ${describeValue(v)}`);
    case 'enum':
      return typeof v === 'string' && m.values!.includes(v) ? v : fail(`must be one of ${m.values!.map((x) => `'${x}'`).join(', ')}, got ${describeValue(v)}`);
    case 'pair': {
      if (!Array.isArray(v) || v.length !== 2) return fail(`must be a pair [${(m.elements ?? ['first', 'second']).join(', ')}], got ${describeValue(v)}`);
      for (let i = 0; i < 2; i++) {
        const p = numberProblem(m, v[i], false);
        if (p) fail(p, i, v[i]);
      }
      return [v[0], v[1]];
    }
    case 'integers': {
      if (!Array.isArray(v)) return fail(`must be a list of integers, got ${describeValue(v)}`);
      for (let i = 0; i < v.length; i++) {
        const p = numberProblem(m, v[i], true);
        if (p) fail(p, i, v[i]);
        if (m.nonDecreasing && i > 0 && v[i] < v[i - 1]) fail(`must not decrease, got ${describeValue(v)}`, i, v[i]);
      }
      return [...v];
    }
    case 'custom':
      return m.check ? m.check(v, owner) : v;
  }
}

/** A fresh copy of the defaults (required options get their `suggested` value when `withSuggested`). */
export function optionDefaults(metas: readonly OptionMeta[], withSuggested = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of metas) {
    const d = 'default' in m ? m.default : withSuggested ? m.suggested : undefined;
    if (d !== undefined) out[m.name] = Array.isArray(d) ? [...d] : d;
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every problem with `given` (unknown names, missing required options, bad values), each an OptionError.
 * Forms use this to mark all fields at once; resolveOptionValues throws the first.
 */
export function optionProblems(owner: string, metas: readonly OptionMeta[], given: unknown): OptionError[] {
  if (given === undefined) given = {};
  if (!isPlainObject(given)) return [new OptionError(owner, null, `options must be an object, got ${describeValue(given)}`, { value: given })];
  const problems: OptionError[] = [];
  const names = metas.map((m) => m.name);
  for (const k of Object.keys(given)) {
    if (!names.includes(k)) {
      problems.push(new OptionError(owner, k, `is not an option of ${owner}; valid options: ${names.join(', ') || '(none)'}`, { value: given[k] }));
    }
  }
  for (const m of metas) {
    const v = given[m.name];
    if (v === undefined) {
      if (isRequired(m)) problems.push(new OptionError(owner, m.name, 'is required'));
      continue;
    }
    try {
      checkOption(owner, m, v);
    } catch (e) {
      if (e instanceof OptionError) problems.push(e);
      else throw e;
    }
  }
  return problems;
}

/** Defaults overlaid with `given`, every value checked; throws the first OptionError. */
export function resolveOptionValues<T = Record<string, unknown>>(owner: string, metas: readonly OptionMeta[], given: unknown): T {
  const problems = optionProblems(owner, metas, given);
  if (problems.length) throw problems[0];
  const out = optionDefaults(metas);
  for (const m of metas) {
    const v = (given as Record<string, unknown> | undefined)?.[m.name];
    if (v !== undefined) out[m.name] = checkOption(owner, m, v);
  }
  return out as T;
}
