import fc from 'fast-check';
import type { FuzzCase } from './outcome.js';

/** One part of the suite: `count` cases, each built from its own seed (so any case reruns alone from its seed). */
export interface Area {
  name: string;
  /** Cases in a normal run. */
  count: number;
  /** A case taking longer than this (ms) is a failure (a hang); the watchdog ends a worker stuck far beyond it. */
  timeoutMs: number;
  make(seed: number): FuzzCase | Promise<FuzzCase>;
}

/** Base of every seed; FUZZ_SEED replaces it (a new run of different cases, equally reproducible). */
export const BASE_SEED = 20_260_601;

/** FNV-1a of the area name: each area has its own stream, so adding cases to one never changes another. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The seeds of an area's cases: case i has seed hash(area:base) + i (below 2^31). */
export function areaSeeds(name: string, count: number, base = BASE_SEED): number[] {
  const first = hash(`${name}:${base}`) % 2 ** 30;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** One value of an arbitrary, fixed by the seed. */
export const draw = <T>(arb: fc.Arbitrary<T>, seed: number): T => fc.sample(arb, { seed, numRuns: 1 })[0];
