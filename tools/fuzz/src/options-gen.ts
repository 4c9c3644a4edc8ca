import fc from 'fast-check';
import type { OptionMeta } from '@descent/core-tensor';
import { finite, junk } from './gen.js';

// Options objects built from a component's own OptionMeta list: most values valid (drawn inside the declared
// bounds), some out of range or junk, sometimes an unknown option. What counts as valid is decided here, from
// the bounds, not by asking the validator under test.

/** A valid value for one option (numbers kept moderate, so valid options never overflow on their own). */
export function validValue(m: OptionMeta): fc.Arbitrary<unknown> {
  const lo = m.min ?? -5;
  const hi = m.max ?? lo + 5;
  const num = (integer: boolean) => {
    const a = integer ? Math.ceil(lo + (m.minExclusive ? 1 : 0)) : lo, b = integer ? Math.floor(hi - (m.maxExclusive ? 1 : 0)) : hi;
    if (integer) return fc.integer({ min: a, max: Math.max(a, Math.min(b, a + 50)) });
    // Plain values inside the bounds (a grid of 1000 points, the open ends left out), never denormals.
    return fc.integer({ min: 1, max: 999 }).map((i) => a + ((b - a) * i) / 1000);
  };
  switch (m.kind) {
    case 'number':
      return num(false);
    case 'integer':
      return num(true);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...(m.values ?? ['?']));
    case 'pair':
      return fc.tuple(num(false), num(false));
    case 'integers':
      return fc.array(num(true), { maxLength: 3 }).map((v) => (m.nonDecreasing ? [...v].sort((a, b) => a - b) : v));
    default:
      return fc.constant(m.default ?? m.suggested);
  }
}

/**
 * A valid but extreme number for an option: a denormal, or the bound itself. Libraries must not crash on it, but a
 * non-finite result is then the arithmetic's (as in PyTorch: Adam with eps 1e-323 on a zero gradient), not a bug.
 */
export function edgeValue(m: OptionMeta): fc.Arbitrary<unknown> | null {
  if (m.kind !== 'number' && m.kind !== 'pair') return null;
  const lo = m.min ?? 0;
  const edges = [m.minExclusive ? null : lo, m.maxExclusive || m.max === undefined ? null : m.max, lo + 5e-324, lo + 1e-310].filter((v): v is number => v !== null && (m.max === undefined || v <= m.max));
  if (!edges.length) return null;
  const one = fc.constantFrom(...edges);
  return m.kind === 'pair' ? fc.tuple(one, one) : one;
}

/** A value that breaks the option's rule (when the meta has one to break). */
export function invalidValue(m: OptionMeta): fc.Arbitrary<unknown> {
  const outside: unknown[] = [];
  if (m.min !== undefined) outside.push(m.minExclusive ? m.min : m.min - 1);
  if (m.max !== undefined) outside.push(m.maxExclusive ? m.max : m.max + 1);
  if (m.kind === 'integer') outside.push(1.5);
  if (m.kind === 'number' || m.kind === 'integer') outside.push(NaN, Infinity, '1', ...(m.nullable ? [] : [null]));
  if (m.kind === 'pair') outside.push([1], [NaN, 0.5], 0.9);
  if (m.kind === 'enum') outside.push('nope', 3);
  if (m.kind === 'boolean') outside.push('true', 1);
  if (m.kind === 'integers') outside.push([1.5], 'x', ...(m.nonDecreasing ? [[3, 1]] : []));
  return outside.length ? fc.constantFrom(...outside) : junk;
}

export interface GeneratedOptions {
  options: Record<string, unknown>;
  /** Every value is valid and every required option is present (as far as the metadata tells). */
  valid: boolean;
  /** Broken with a junk value that may still be valid: either outcome is fine. */
  maybe?: boolean;
  /** Some value is an edge value (see edgeValue): results need not be finite. */
  extreme?: boolean;
}

/** What a case may expect of options: true (valid, as far as the metadata tells), false (must be refused), undefined (either). */
/** Verdicts of a case's parts together: any false is false (something must be refused), any undefined is undefined. */
export function verdict(...parts: (boolean | undefined)[]): boolean | undefined {
  if (parts.includes(false)) return false;
  return parts.includes(undefined) ? undefined : true;
}

export const optionsVerdict = (o: GeneratedOptions): boolean | undefined => (o.maybe ? undefined : o.valid);

/**
 * An options object for `metas`: each option left out or given a valid value; then, in about a third of the
 * cases, one thing broken (an invalid or junk value, an unknown option, a required option left out).
 */
export function optionsArb(metas: readonly OptionMeta[]): fc.Arbitrary<GeneratedOptions> {
  type Field = { v: unknown; edge: boolean } | null;
  const fields = metas.map((m) => {
    const edge = edgeValue(m);
    const valid = validValue(m).map((v): Field => ({ v, edge: false }));
    return fc.oneof({ weight: 4, arbitrary: fc.constant<Field>(null) }, { weight: 6, arbitrary: valid }, ...(edge ? [{ weight: 1, arbitrary: edge.map((v): Field => ({ v, edge: true })) }] : []));
  });
  const breakArb = fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constant('invalid' as const)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constant('junk' as const)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constant('unknown' as const)) },
  );
  return fc.tuple(fc.tuple(...fields), breakArb, fc.array(fc.tuple(fc.nat(), junk), { minLength: 1, maxLength: 1 })).chain(([vals, broken, [[, j]]]) => {
    const options: Record<string, unknown> = {};
    let valid = true, extreme = false;
    vals.forEach((f, i) => {
      const m = metas[i];
      if (f !== null) {
        options[m.name] = f.v;
        extreme ||= f.edge;
      } else if (!('default' in m)) {
        if (m.suggested !== undefined) options[m.name] = m.suggested;
        else valid = false;
      }
    });
    if (broken === null) return fc.constant({ options, valid, extreme });
    const [k, how] = broken;
    const breakable = metas.filter((m) => m.kind !== 'custom');
    if (how === 'unknown' || breakable.length === 0) {
      options[['lr_', 'momentm', 'Gamma', 'extra'][k % 4]] = j;
      // An unknown option set to undefined: some validators skip it (makeDataset), some refuse it (resolveOptionValues).
      return fc.constant(j === undefined ? { options, valid: false, maybe: true, extreme } : { options, valid: false });
    }
    const m = breakable[k % breakable.length];
    if (how === 'junk') {
      // Junk is sometimes a valid value after all (a boolean for a boolean): then it is not a broken case.
      options[m.name] = j;
      return fc.constant({ options, valid: false, maybe: true, extreme: true } as GeneratedOptions);
    }
    return invalidValue(m).map((v) => ({ options: { ...options, [m.name]: v }, valid: false }));
  });
}

/** A name from `names` most of the time, else a misspelling or junk. */
export const nameArb = (names: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('Adam', 'sgd ', 'lion', '', 'constructor', '__proto__') }, { weight: 1, arbitrary: junk });

export { finite };
