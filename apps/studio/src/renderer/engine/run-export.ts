import type { RunRecord } from '@descent/train';
import type { FileToSave } from '../host/host.js';

// A saved run taken elsewhere, with @descent/export: a PyTorch script that trains it again with the same
// numbers (`python3 run.py --check` compares them with this record), the trained network as ONNX, or a
// TypeScript script that reruns it with the @descent packages. The exporter (and its protobuf code) loads
// on first use, not with the Studio.

export type ExportKind = 'torch' | 'onnx' | 'ts';

export const EXPORTS: readonly { kind: ExportKind; label: string; hint: string }[] = [
  { kind: 'torch', label: 'PyTorch script (.py)', hint: 'python3 run.py reproduces the run; --check compares it with this record' },
  { kind: 'onnx', label: 'ONNX model (.onnx)', hint: 'the trained network, for onnxruntime and co.' },
  { kind: 'ts', label: 'TypeScript script (.ts)', hint: 'npx tsx run.ts reruns it with @descent' },
];

/** Data archives up to this size are embedded in the script, so a download is one file. */
const EMBED_LIMIT = 32 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The files one export writes (a PyTorch script whose data did not fit in it comes with its .npz). */
export async function exportFiles(record: RunRecord, base: string, kind: ExportKind): Promise<FileToSave[]> {
  const ex = await import('@descent/export');
  if (kind === 'torch') {
    const out = ex.toPytorchScript(record, { fileName: `${base}.py`, embedLimit: EMBED_LIMIT });
    const files: FileToSave[] = [{ name: `${base}.py`, data: out.script, encoding: 'utf8', mime: 'text/x-python', filterName: 'Python script', extension: 'py' }];
    if (out.data) files.push({ name: out.dataFileName ?? `${base}.npz`, data: toBase64(out.data), encoding: 'base64', mime: 'application/octet-stream', filterName: 'NumPy archive', extension: 'npz' });
    return files;
  }
  if (kind === 'onnx') {
    return [{ name: `${base}.onnx`, data: toBase64(ex.toOnnx(record)), encoding: 'base64', mime: 'application/octet-stream', filterName: 'ONNX model', extension: 'onnx' }];
  }
  return [{ name: `${base}.ts`, data: ex.toTypeScript(record, { fileName: `${base}.ts` }), encoding: 'utf8', mime: 'text/typescript', filterName: 'TypeScript', extension: 'ts' }];
}
