import { encodeNpy, type NpyArray } from './npy.js';
import { zipStored } from './zip.js';

// numpy's .npz: a zip archive with one `<key>.npy` file per array. `numpy.load(path)` gives them back by key.

/** The .npz bytes of named arrays (read back with `numpy.load(file)[key]`). */
export function encodeNpz(arrays: Readonly<Record<string, NpyArray>>): Uint8Array {
  if (Object.keys(arrays).length > 0xffff) throw new RangeError('encodeNpz: a zip without zip64 holds at most 65535 arrays');
  return zipStored(Object.entries(arrays).map(([key, a]) => ({ name: `${key}.npy`, data: encodeNpy(a) })));
}
