import { describe, expect, it } from 'vitest';
import { fitRunSync, type RunRecord } from '@descent/train';
import { exportFiles } from './run-export.js';

// The Studio's exports are @descent/export's, on the library's own run record (one run, one shape).
const spec = { name: 'circles adam', data: { preset: 'circles', options: { n: 120 }, testFraction: 0.25, seed: 3 }, model: { layers: [{ type: 'dense', units: 6 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] }, loss: 'bceWithLogits', optimizer: { name: 'adam', options: { lr: 0.02 } }, epochs: 3, seed: 3 } as const;

const record = (): RunRecord => fitRunSync(spec as never);

describe('exportFiles', () => {
  it('PyTorch: one script with the data embedded and the record to check against', async () => {
    const files = await exportFiles(record(), 'circles_adam', 'torch');
    expect(files.map((f) => [f.name, f.encoding, f.extension])).toEqual([['circles_adam.py', 'utf8', 'py']]);
    expect(files[0].data).toContain('nn.Sequential(');
    expect(files[0].data).toContain("add_argument('--check'");
  });

  it('ONNX: the trained network as base64 bytes of a ModelProto', async () => {
    const [f] = await exportFiles(record(), 'circles_adam', 'onnx');
    expect([f.name, f.encoding]).toEqual(['circles_adam.onnx', 'base64']);
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    expect(bytes[0]).toBe(0x08);
    expect(new TextDecoder().decode(bytes)).toContain('Gemm');
  });

  it('TypeScript: a script that reruns the same spec', async () => {
    const [f] = await exportFiles(record(), 'circles_adam', 'ts');
    expect(f.name).toBe('circles_adam.ts');
    expect(f.data).toContain("import { startRun, type RunSpec } from '@descent/train'");
    expect(f.data).toContain('"preset": "circles"');
  });

  it("a record without its spec is refused with the exporter's own error", async () => {
    const bare = { ...record(), spec: undefined } as unknown as RunRecord;
    await expect(exportFiles(bare, 'x', 'torch')).rejects.toThrow(/the run record has no spec/);
  });
});
