// NumPy's .npy format (version 1.0): a magic string, a header that is a Python dict literal, then the raw
// little-endian array bytes in C (row-major) order. numpy.load reads it; nothing of numpy is needed to write it.

/** The element types the exports write, with numpy's type strings. */
export type NpyDType = 'float64' | 'float32' | 'int32' | 'uint16' | 'uint8';

const DESCR: Record<NpyDType, string> = { float64: '<f8', float32: '<f4', int32: '<i4', uint16: '<u2', uint8: '|u1' };
const SIZE: Record<NpyDType, number> = { float64: 8, float32: 4, int32: 4, uint16: 2, uint8: 1 };

/** An n-d array to store: values in row-major order, their element type and shape. */
export interface NpyArray {
  dtype: NpyDType;
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** The .npy bytes of one array. */
export function encodeNpy(a: NpyArray): Uint8Array {
  const count = a.shape.reduce((p, d) => p * d, 1);
  if (a.data.length !== count) throw new RangeError(`encodeNpy: shape [${a.shape.join(', ')}] holds ${count} values, got ${a.data.length}`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and ended by '\n' to a multiple
  // of 64 bytes, as numpy itself writes it (so the data is aligned when numpy memory-maps the file).
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const size = SIZE[a.dtype];
  const out = new Uint8Array(10 + header.length + count * size);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // "\x93NUMPY" v1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  let at = 10 + header.length;
  const d = a.data;
  for (let i = 0; i < count; i++, at += size) {
    const v = d[i];
    switch (a.dtype) {
      case 'float64': view.setFloat64(at, v, true); break;
      case 'float32': view.setFloat32(at, v, true); break;
      case 'int32': view.setInt32(at, v, true); break;
      case 'uint16': view.setUint16(at, v, true); break;
      case 'uint8': out[at] = v; break;
    }
  }
  return out;
}
