/** The benchmark's workloads: ids, units, and the work one iteration does. */

export type Unit = 'samples/s' | 'GFLOP/s' | 'us';

export interface MlpSpec {
  id: 'mlp-T' | 'mlp-M' | 'mlp-L';
  sizes: number[];
  activation: 'tanh' | 'relu';
  loss: 'mse' | 'ce';
  optimizer: 'sgd' | 'adam';
  lr: number;
  batch: number;
}

export type Workload =
  | { kind: 'mlp'; id: string; unit: Unit; spec: MlpSpec }
  | { kind: 'matmul'; id: string; unit: Unit; n: number; transA: boolean; transB: boolean }
  | { kind: 'op'; id: string; unit: Unit; size: number };

export const MLPS: Record<'T' | 'M' | 'L', MlpSpec> = {
  T: { id: 'mlp-T', sizes: [2, 8, 8, 1], activation: 'tanh', loss: 'mse', optimizer: 'sgd', lr: 0.05, batch: 16 },
  M: { id: 'mlp-M', sizes: [784, 256, 128, 10], activation: 'relu', loss: 'ce', optimizer: 'adam', lr: 1e-3, batch: 128 },
  L: { id: 'mlp-L', sizes: [784, 1024, 1024, 10], activation: 'relu', loss: 'ce', optimizer: 'adam', lr: 1e-3, batch: 256 },
};

export const MATMUL_SIZES = [64, 128, 256, 512, 1024];

export function allWorkloads(): Workload[] {
  const out: Workload[] = Object.values(MLPS).map((spec) => ({ kind: 'mlp', id: spec.id, unit: 'samples/s', spec }));
  for (const n of MATMUL_SIZES) {
    out.push({ kind: 'matmul', id: `matmul-${n}`, unit: 'GFLOP/s', n, transA: false, transB: false });
    out.push({ kind: 'matmul', id: `matmul-${n}-AtB`, unit: 'GFLOP/s', n, transA: true, transB: false });
    out.push({ kind: 'matmul', id: `matmul-${n}-ABt`, unit: 'GFLOP/s', n, transA: false, transB: true });
  }
  out.push({ kind: 'op', id: 'op-add8', unit: 'us', size: 8 });
  return out;
}

export function workloadById(id: string): Workload {
  const w = allWorkloads().find((x) => x.id === id);
  if (!w) throw new Error(`bench: unknown workload ${JSON.stringify(id)} (known: ${allWorkloads().map((x) => x.id).join(', ')})`);
  return w;
}

/** Converts "iterations in seconds" to the workload's unit (higher is better except for us). */
export function rate(w: Workload, iterations: number, seconds: number): number {
  switch (w.kind) {
    case 'mlp':
      return (iterations * w.spec.batch) / seconds;
    case 'matmul':
      return (iterations * 2 * w.n ** 3) / seconds / 1e9;
    case 'op':
      return (seconds / iterations) * 1e6;
  }
}

export const higherIsBetter = (unit: Unit): boolean => unit !== 'us';

/** A deterministic pseudo-random stream for inputs and labels (independent of any library). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A few fixed batches, cycled through during training: inputs in [-1, 1), labels per loss. */
export function makeBatches(spec: MlpSpec, count = 4): { x: Float32Array; y: Float32Array; labels: Int32Array }[] {
  const r = lcg(12345);
  const inF = spec.sizes[0], outF = spec.sizes[spec.sizes.length - 1];
  return Array.from({ length: count }, () => {
    const x = Float32Array.from({ length: spec.batch * inF }, () => 2 * r() - 1);
    const labels = Int32Array.from({ length: spec.batch }, () => Math.floor(r() * outF));
    const y = spec.loss === 'mse' ? Float32Array.from({ length: spec.batch * outF }, () => 2 * r() - 1) : Float32Array.from(labels);
    return { x, y, labels };
  });
}
