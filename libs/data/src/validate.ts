import { OptionError } from '@descent/core-tensor';

/** Small option checks whose messages name the option and the bad value (OptionErrors: owner `where`, option `name`). */

export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function checkPositiveInt(where: string, name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new OptionError(where, name, `must be a positive integer, got ${describe(v)}`, { value: v });
  }
  if (v > max) throw new OptionError(where, name, `must be at most ${max}, got ${v}`, { value: v });
  return v;
}

export function checkNonNegInt(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new OptionError(where, name, `must be a non-negative integer, got ${describe(v)}`, { value: v });
  }
  return v;
}

export function checkNoise(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new OptionError(where, 'noise', `must be a finite number >= 0, got ${describe(v)}`, { value: v });
  }
  return v;
}

export function checkFinite(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionError(where, name, `must be a finite number, got ${describe(v)}`, { value: v });
  return v;
}

export function checkSeed(where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new OptionError(where, 'seed', `must be an integer, got ${describe(v)}`, { value: v });
  return v;
}

export function checkRange(where: string, name: string, v: number, min: number, max: number): number {
  if (v < min || v > max) throw new OptionError(where, name, `must be between ${min} and ${max}, got ${v}`, { value: v });
  return v;
}
