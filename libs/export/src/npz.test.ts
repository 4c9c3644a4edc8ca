import { describe, expect, it } from 'vitest';
import { encodeNpy } from './npy.js';
import { encodeNpz } from './npz.js';
import { crc32 } from './zip.js';

const text = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

describe('.npy', () => {
  it("writes numpy's format 1.0: magic, a dict header padded to 64 bytes, then little-endian data", () => {
    const b = encodeNpy({ dtype: 'float64', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
    expect([...b.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = b[8] | (b[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = text(b, 10, 10 + headerLength);
    expect(header).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    const data = new DataView(b.buffer, 10 + headerLength);
    expect([0, 1, 2, 3, 4, 5].map((i) => data.getFloat64(i * 8, true))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes 1-d shapes as (n,) and every dtype with its type string and size', () => {
    for (const [dtype, descr, size] of [['float32', '<f4', 4], ['int32', '<i4', 4], ['uint16', '<u2', 2], ['uint8', '|u1', 1]] as const) {
      const b = encodeNpy({ dtype, shape: [3], data: [1, 2, 3] });
      const h = b[8] | (b[9] << 8);
      expect(text(b, 10, 10 + h)).toContain(`'descr': '${descr}', 'fortran_order': False, 'shape': (3,)`);
      expect(b.length).toBe(10 + h + 3 * size);
    }
  });

  it('refuses data that does not fill the shape', () => {
    expect(() => encodeNpy({ dtype: 'float32', shape: [2, 2], data: [1, 2, 3] })).toThrow(/shape \[2, 2\] holds 4 values, got 3/);
  });
});

describe('.npz (zip of .npy)', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('is a stored zip: one local header per array, a central directory and its end record', () => {
    const z = encodeNpz({ a: { dtype: 'int32', shape: [2], data: [7, 8] }, 'init.0.weight': { dtype: 'float32', shape: [1, 1], data: [0.5] } });
    const v = new DataView(z.buffer);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(8, true)).toBe(0); // stored
    const nameLength = v.getUint16(26, true);
    expect(text(z, 30, 30 + nameLength)).toBe('a.npy');
    const eocd = z.length - 22;
    expect(v.getUint32(eocd, true)).toBe(0x06054b50);
    expect(v.getUint16(eocd + 10, true)).toBe(2);
    const central = v.getUint32(eocd + 16, true);
    expect(v.getUint32(central, true)).toBe(0x02014b50);
    // The CRC in the header is the CRC of the entry's bytes.
    const size = v.getUint32(18, true);
    expect(v.getUint32(14, true)).toBe(crc32(z.subarray(30 + nameLength, 30 + nameLength + size)));
    expect(new TextDecoder().decode(z)).toContain('init.0.weight.npy');
  });

  it('gives the same bytes for the same arrays (a fixed timestamp)', () => {
    const arrays = { x: { dtype: 'float64' as const, shape: [1], data: [1] } };
    expect(encodeNpz(arrays)).toEqual(encodeNpz(arrays));
  });
});
