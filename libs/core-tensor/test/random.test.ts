import { describe, it, expect } from 'vitest';
import { Rng, rand, randn, uniform } from '../src/index.js';
import { DTYPES } from './helpers.js';

/**
 * Independent reference of the documented algorithm with BigInt arithmetic: seed expansion with a
 * Weyl sequence + murmur3 fmix32 (splitmix32), then xoshiro128**.
 */
function referenceU32(seed: number, count: number): number[] {
  const M = 0xffffffffn;
  let x = BigInt(Math.floor(Math.abs(seed))) & M;
  if (seed < 0) x ^= 0x9e3779b9n;
  const mix = (): bigint => {
    x = (x + 0x9e3779b9n) & M;
    let z = x;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
    return z ^ (z >> 16n);
  };
  const s = [mix(), mix(), mix(), mix()];
  const rotl = (v: bigint, k: bigint): bigint => ((v << k) | (v >> (32n - k))) & M;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1] * 5n) & M, 7n) * 9n) & M));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

describe('Rng', () => {
  it('pins the first values for a seed (a change of algorithm must be deliberate)', () => {
    const r = new Rng(42);
    expect([r.nextU32(), r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([2837322924, 544945897, 479756282, 3500138142]);
    const u = new Rng(42);
    expect([u.next(), u.next(), u.next()]).toEqual([0.6606157208001621, 0.1117019639532224, 0.0791056456144914]);
    const n = new Rng(7);
    expect([n.normal(), n.normal(), n.normal()]).toEqual([-1.6177301980272665, 0.5378571766297454, -1.0637932992656989]);
    expect(Array.from(new Rng(5).permutation(8))).toEqual([5, 0, 1, 7, 3, 2, 4, 6]);
  });

  it('matches an independent BigInt implementation of splitmix32 seeding + xoshiro128**', () => {
    for (const seed of [0, 1, 42, 123456789, 2 ** 32 - 1, -1, -42, 3.7]) {
      const r = new Rng(seed);
      const got = Array.from({ length: 200 }, () => r.nextU32());
      expect(got, `seed ${seed}`).toEqual(referenceU32(seed, 200));
    }
  });

  it('the same seed gives the same sequence; different seeds differ', () => {
    const a = new Rng(9), b = new Rng(9), c = new Rng(10);
    const sa = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(sa);
    expect(new Rng(-3).nextU32()).not.toBe(new Rng(3).nextU32());
  });

  it('next() is a 53-bit uniform in [0, 1); int, uniform, normal and permutation are well-formed', () => {
    const r = new Rng(1);
    let sum = 0, sq = 0, bad = 0;
    const counts = new Array(5).fill(0);
    const N = 20000;
    for (let i = 0; i < N; i++) {
      const v = r.next();
      if (!(v >= 0 && v < 1) || !Number.isInteger(v * 2 ** 53)) bad++;
      sum += v;
      const k = r.int(5);
      counts[k]++;
      const z = r.normal(3, 2);
      sq += (z - 3) ** 2;
      const w = r.uniform(-1, 4);
      if (!(w >= -1 && w < 4)) bad++;
    }
    expect(bad).toBe(0);
    expect(sum / N).toBeCloseTo(0.5, 1);
    for (const c of counts) expect(Math.abs(c / N - 0.2)).toBeLessThan(0.02);
    expect(Math.sqrt(sq / N)).toBeCloseTo(2, 1);
    const p = Array.from(r.permutation(100)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rejects non-finite seeds', () => {
    expect(() => new Rng(NaN)).toThrow(/Rng: seed must be a finite number, got NaN/);
    expect(() => new Rng(Infinity)).toThrow(/seed must be a finite number/);
  });
});

describe.each(DTYPES)('random tensors (%s)', (dtype) => {
  it('rand: seeded, known values, the stream of Rng.next()', () => {
    const t = rand([2, 3], { seed: 42, dtype });
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe(dtype);
    const known = [0.6606157208001621, 0.1117019639532224, 0.0791056456144914];
    expect(t.toFlat().slice(0, 3)).toEqual(dtype === 'float32' ? known.map(Math.fround) : known);
    const r = new Rng(42);
    const ref = Array.from({ length: 6 }, () => r.next());
    expect(t.toFlat()).toEqual(dtype === 'float32' ? ref.map(Math.fround) : ref);
    expect(rand([2, 3], { seed: 42, dtype }).toFlat()).toEqual(t.toFlat());
    expect(rand([2, 3], { seed: 43, dtype }).toFlat()).not.toEqual(t.toFlat());
  });

  it('uniform(low, high) and a shared rng continues the stream', () => {
    const u = uniform([4], -3, 5, { seed: 1, dtype });
    const r = new Rng(1);
    const ref = Array.from({ length: 4 }, () => -3 + 8 * r.next());
    expect(u.toFlat()).toEqual(dtype === 'float32' ? ref.map(Math.fround) : ref);
    const rng = new Rng(11);
    const a = rand([3], { rng, dtype }), b = rand([3], { rng, dtype });
    const both = rand([6], { seed: 11, dtype });
    expect([...a.toFlat(), ...b.toFlat()]).toEqual(both.toFlat());
    expect(() => uniform([2], 1, 0)).toThrow(/uniform: low \(1\) must be <= high \(0\)/);
  });

  it('randn: seeded, known values, mean/std options', () => {
    const t = randn([3], { seed: 7, dtype });
    const known = [-1.6177301980272665, 0.5378571766297454, -1.0637932992656989];
    expect(t.toFlat()).toEqual(dtype === 'float32' ? known.map(Math.fround) : known);
    const s = randn([3], { seed: 7, dtype: 'float64', mean: 10, std: 0.5 });
    expect(s.toFlat()).toEqual(known.map((z) => 10 + 0.5 * z));
    const big = randn([10000], { seed: 3, dtype });
    const m = big.toFlat().reduce((a, b) => a + b, 0) / big.size;
    const sd = Math.sqrt(big.toFlat().reduce((a, b) => a + (b - m) ** 2, 0) / big.size);
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
  });
});
