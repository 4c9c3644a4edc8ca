import { DataError, OptionError, ShapeError, Tensor, describeValue, resolveOptionValues, type DType, type OptionMeta, type TypedArray } from '@descent/core-tensor';
import { type Module, isModule } from './module.js';
import type { StateDict } from './state-dict.js';

// The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
// { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { string: string } }, then the
// raw little-endian tensor data, offsets counted from the end of the header. Pure bytes in and out (no
// Node APIs), so it runs in browsers and workers; files go through parameter-files.ts.

/** What toBytes writes: a module's parameters, or tensors by name (Tensors or state-dict entries). */
export type TensorSource = Module | StateDict | Record<string, Tensor | StateDict[string]>;

export interface ToBytesOptions {
  /** Free-form string → string pairs stored as the header's "__metadata__". */
  metadata?: Record<string, string> | null;
}

const CODES: Record<string, { dtype: DType; width: number }> = { F32: { dtype: 'float32', width: 4 }, F64: { dtype: 'float64', width: 8 } };
const CODE_OF: Record<DType, string> = { float32: 'F32', float64: 'F64' };
const METADATA = '__metadata__';
/** The reference implementation refuses larger headers; so do we, before parsing anything. */
export const MAX_HEADER_BYTES = 100_000_000;

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Typed arrays are written and read by copying their bytes, which is only right on a little-endian host
// (every current browser and Node platform); a big-endian one goes through DataView.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkMetadata(v: unknown, owner: string): Record<string, string> | null {
  if (v === null) return null;
  if (!isRecord(v)) throw new OptionError(owner, 'metadata', `must be an object of string values, got ${describeValue(v)}`, { value: v });
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string') throw new OptionError(owner, 'metadata', `value of ${JSON.stringify(k)} must be a string, got ${describeValue(s)}`, { value: v, path: ['metadata', k] });
  }
  return { ...(v as Record<string, string>) };
}

/** Options of toBytes / save, in the shared option vocabulary. */
export const TO_BYTES_OPTIONS: readonly OptionMeta[] = [
  { name: 'metadata', kind: 'custom', default: null, nullable: true, description: 'String → string pairs stored in the file header ("__metadata__").', check: checkMetadata },
];

/** Orders names as the reference implementation does (Rust string order: by UTF-8 bytes, i.e. code points). */
function compareNames(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** A state-dict entry { shape, data } as a tensor: typed arrays keep their dtype, number[] is float64 (exact). */
function entryTensor(owner: string, name: string, e: unknown): Tensor {
  if (e instanceof Tensor) return e;
  const where = { path: [name], value: e };
  if (!isRecord(e) || !Array.isArray(e.shape)) throw new DataError(owner, `${name}: must be a Tensor or { shape: number[], data: number[] }, got ${describeValue(e)}`, where);
  const shape = e.shape as unknown[];
  if (!shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new ShapeError(owner, `${name}: shape must be a list of non-negative integers, got ${describeValue(shape)}`, where);
  }
  const size = (shape as number[]).reduce((a, d) => a * d, 1);
  const data = e.data;
  let values: TypedArray;
  if (data instanceof Float32Array || data instanceof Float64Array) values = data;
  else if (Array.isArray(data) && data.every((v) => typeof v === 'number')) values = Float64Array.from(data as number[]);
  else throw new DataError(owner, `${name}: data must be a number[], Float32Array or Float64Array, got ${describeValue(data)}`, where);
  if (values.length !== size) throw new ShapeError(owner, `${name}: ${values.length} values do not fill shape ${fmt(shape as number[])} (${size} elements)`, where);
  return new Tensor(values, shape as number[]);
}

function namedTensors(owner: string, source: unknown): [string, Tensor][] {
  if (isModule(source)) return source.namedParameters().map(([name, p]) => [name, p.value]);
  if (!isRecord(source) || source instanceof Tensor) {
    throw new OptionError(owner, 'source', `must be a module or an object of tensors by name, got ${describeValue(source)}`, { value: source });
  }
  return Object.entries(source).map(([name, e]) => [name, entryTensor(owner, name, e)]);
}

function tensorBytes(t: Tensor): Uint8Array {
  const d = t.data;
  if (LITTLE_ENDIAN) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const out = new Uint8Array(d.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < d.length; i++) {
    if (d instanceof Float32Array) view.setFloat32(i * 4, d[i], true);
    else view.setFloat64(i * 8, d[i], true);
  }
  return out;
}

/** Serializes with the caller's name in errors (save reports 'save'). */
export function encodeSafetensors(owner: string, source: unknown, options: unknown = {}): Uint8Array {
  const { metadata } = resolveOptionValues<{ metadata: Record<string, string> | null }>(owner, TO_BYTES_OPTIONS, options);
  const named = namedTensors(owner, source);
  const seen = new Set<string>();
  for (const [name] of named) {
    if (name === '' || name === METADATA) throw new DataError(owner, `${JSON.stringify(name)} cannot name a tensor in a safetensors file`, { path: [name], value: name });
    if (seen.has(name)) throw new DataError(owner, `${name}: two tensors with this name`, { path: [name], value: name });
    seen.add(name);
  }
  // Wider dtypes first, then by name (the reference order): every tensor's data stays aligned to its width.
  named.sort(([a, ta], [b, tb]) => tb.data.BYTES_PER_ELEMENT - ta.data.BYTES_PER_ELEMENT || compareNames(a, b));
  const parts: string[] = metadata ? [`${JSON.stringify(METADATA)}:${JSON.stringify(metadata)}`] : [];
  let offset = 0;
  for (const [name, t] of named) {
    const end = offset + t.data.byteLength;
    // Written by hand: a JS object would move integer-like names ("0", "12") to the front.
    parts.push(`${JSON.stringify(name)}:{"dtype":"${CODE_OF[t.dtype]}","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8; // padded with spaces, as the reference does
  if (headerLength > MAX_HEADER_BYTES) throw new DataError(owner, `header of ${headerLength} bytes is larger than the format allows (${MAX_HEADER_BYTES})`, { value: headerLength });
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const [, t] of named) {
    out.set(tensorBytes(t), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * A module's parameters (names as in `namedParameters()`, e.g. "0.weight") or named tensors as a
 * safetensors file: F32 for float32, F64 for float64, values bit for bit. State-dict entries with
 * plain number arrays are written as F64, which holds them exactly.
 */
export function toBytes(source: TensorSource, options: ToBytesOptions = {}): Uint8Array {
  return encodeSafetensors('toBytes', source, options);
}

interface Entry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

interface Header {
  entries: Entry[];
  metadata: Record<string, string>;
  /** Byte offset of the data section in `bytes`. */
  dataStart: number;
  bytes: Uint8Array;
}

function asBytes(owner: string, bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new OptionError(owner, 'bytes', `must be a Uint8Array or an ArrayBuffer (the file's contents), got ${describeValue(bytes)}`, { value: bytes });
}

function parseEntry(owner: string, name: string, v: unknown, dataLength: number): Entry {
  const bad = (reason: string): never => {
    throw new DataError(owner, `${name}: ${reason}`, { path: [name], value: v });
  };
  if (!isRecord(v)) return bad(`header entry must be an object { dtype, shape, data_offsets }, got ${describeValue(v)}`);
  const code = v.dtype;
  const known = typeof code === 'string' && Object.prototype.hasOwnProperty.call(CODES, code) ? CODES[code] : undefined;
  if (!known) return bad(`dtype ${describeValue(code)} is not supported (only F32 and F64)`);
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return bad(`shape must be a list of non-negative integers, got ${describeValue(shape)}`);
  }
  const offsets = v.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o))) {
    return bad(`data_offsets must be [begin, end] integers, got ${describeValue(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (begin < 0 || end < begin || end > dataLength) {
    return bad(`data_offsets ${fmt(offsets)} are out of range: the data section has ${dataLength} bytes (truncated or corrupt file)`);
  }
  const size = (shape as number[]).reduce((a, d) => a * d, 1);
  if (size * known.width !== end - begin) {
    return bad(`shape ${fmt(shape)} of ${code} needs ${size * known.width} bytes, but data_offsets ${fmt(offsets)} hold ${end - begin}`);
  }
  return { name, dtype: known.dtype, shape: shape as number[], begin, end };
}

/** Reads and checks the header: every tensor known, in range, and the data section covered exactly once. */
function readHeader(owner: string, input: unknown): Header {
  const bytes = asBytes(owner, input);
  const fail = (reason: string, value?: unknown): never => {
    throw new DataError(owner, reason, { value });
  };
  if (bytes.length < 8) fail(`not a safetensors file: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES) fail(`header length ${headerLength} is larger than the format allows (${MAX_HEADER_BYTES}): not a safetensors file, or a corrupt one`, headerLength);
  if (headerLength > bytes.length - 8) fail(`header length ${headerLength} runs past the end of the file (${bytes.length} bytes): truncated, or not a safetensors file`, headerLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('header is not valid UTF-8: not a safetensors file, or a corrupt one');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message}): not a safetensors file, or a corrupt one`);
  }
  if (!isRecord(json)) return fail(`header must be a JSON object, got ${describeValue(json)}`);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(json)) {
    if (name !== METADATA) {
      entries.push(parseEntry(owner, name, v, dataLength));
      continue;
    }
    if (v === null) continue;
    if (!isRecord(v) || !Object.values(v).every((s) => typeof s === 'string')) fail(`"__metadata__" must map strings to strings, got ${describeValue(v)}`);
    metadata = { ...(v as Record<string, string>) };
  }
  // The reference reader's rule: sorted by offset, each tensor starts where the previous one ends.
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let prev: Entry | null = null;
  for (const e of byOffset) {
    if (e.begin < covered) fail(`tensors ${prev!.name} ${fmt([prev!.begin, prev!.end])} and ${e.name} ${fmt([e.begin, e.end])} overlap`);
    if (e.begin > covered) fail(`bytes ${fmt([covered, e.begin])} of the data section belong to no tensor (before ${e.name})`);
    covered = e.end;
    prev = e;
  }
  if (covered !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover ${covered}: extra bytes at the end`);
  entries.sort((a, b) => compareNames(a.name, b.name));
  return { entries, metadata, dataStart, bytes };
}

function tensorOf(h: Header, e: Entry): Tensor {
  const width = CODES[CODE_OF[e.dtype]].width;
  const n = (e.end - e.begin) / width;
  // A copy into a fresh buffer: aligned for the typed array, and independent of the file's bytes
  // (not bytes.slice: on a Node Buffer that is a view into the same memory).
  const raw = new Uint8Array(e.end - e.begin);
  raw.set(h.bytes.subarray(h.dataStart + e.begin, h.dataStart + e.end));
  let data: TypedArray;
  if (LITTLE_ENDIAN) data = width === 4 ? new Float32Array(raw.buffer, 0, n) : new Float64Array(raw.buffer, 0, n);
  else {
    const view = new DataView(raw.buffer);
    data = width === 4 ? Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true)) : Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
  }
  return new Tensor(data, e.shape);
}

/** Parses with the caller's name in errors; tensors in name order. */
export function decodeSafetensors(owner: string, bytes: unknown): [string, Tensor][] {
  const h = readHeader(owner, bytes);
  return h.entries.map((e) => [e.name, tensorOf(h, e)]);
}

/**
 * The tensors of a safetensors file by name (F32 → float32, F64 → float64, bit for bit). The whole
 * file is checked first: a truncated or corrupt file, an unsupported dtype or overlapping offsets
 * throw a DataError saying which, never a half-read result.
 */
export function fromBytes(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  // defineProperty: a tensor named "__proto__" is a key like any other.
  for (const [name, t] of decodeSafetensors('fromBytes', bytes)) Object.defineProperty(out, name, { value: t, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The "__metadata__" of a safetensors file ({} when it has none); the file is checked as by fromBytes. */
export function safetensorsMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  return readHeader('safetensorsMetadata', bytes).metadata;
}
