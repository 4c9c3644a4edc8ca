// A minimal ZIP writer (stored entries, no compression): what numpy's .npz is, a zip of .npy files. Stored
// entries keep the format small to write and exactly what numpy.load (zipfile) reads. No zip64: up to 4 GiB.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip uses it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const MAX_ZIP = 0xffffffff;
// 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the archive byte-identical for the same input.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** The bytes of a zip archive holding `entries` as stored (uncompressed) files. */
export function zipStored(entries: readonly ZipEntry[]): Uint8Array {
  const names = entries.map((e) => new TextEncoder().encode(e.name));
  let size = 22;
  entries.forEach((e, i) => (size += 30 + names[i].length + e.data.length + 46 + names[i].length));
  if (size > MAX_ZIP) throw new RangeError(`zipStored: the archive would take ${size} bytes, more than the 4 GiB a zip without zip64 can hold`);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.data));
  entries.forEach((e, i) => {
    offsets.push(at);
    v.setUint32(at, 0x04034b50, true); // local file header
    v.setUint16(at + 4, 20, true); // version needed: 2.0
    v.setUint16(at + 6, 0x0800, true); // flags: names are UTF-8
    v.setUint16(at + 8, 0, true); // method: stored
    v.setUint16(at + 10, DOS_TIME, true);
    v.setUint16(at + 12, DOS_DATE, true);
    v.setUint32(at + 14, crcs[i], true);
    v.setUint32(at + 18, e.data.length, true);
    v.setUint32(at + 22, e.data.length, true);
    v.setUint16(at + 26, names[i].length, true);
    v.setUint16(at + 28, 0, true);
    out.set(names[i], at + 30);
    at += 30 + names[i].length;
    out.set(e.data, at);
    at += e.data.length;
  });
  const central = at;
  entries.forEach((e, i) => {
    v.setUint32(at, 0x02014b50, true); // central directory header
    v.setUint16(at + 4, 20, true); // made by: 2.0
    v.setUint16(at + 6, 20, true);
    v.setUint16(at + 8, 0x0800, true);
    v.setUint16(at + 10, 0, true);
    v.setUint16(at + 12, DOS_TIME, true);
    v.setUint16(at + 14, DOS_DATE, true);
    v.setUint32(at + 16, crcs[i], true);
    v.setUint32(at + 20, e.data.length, true);
    v.setUint32(at + 24, e.data.length, true);
    v.setUint16(at + 28, names[i].length, true);
    // extra, comment, disk number, internal and external attributes: 0
    v.setUint32(at + 42, offsets[i], true);
    out.set(names[i], at + 46);
    at += 46 + names[i].length;
  });
  v.setUint32(at, 0x06054b50, true); // end of central directory
  v.setUint16(at + 8, entries.length, true);
  v.setUint16(at + 10, entries.length, true);
  v.setUint32(at + 12, at - central, true);
  v.setUint32(at + 16, central, true);
  return out;
}
