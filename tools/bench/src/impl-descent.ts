import { Tensor, add, matmul, setBackend, getBackend, useWasmBackend, cpuBackend, defaultBackend, setSharedAllocation, type Backend } from '@descent/core-tensor';
import { constant, type Var } from '@descent/autodiff';
import { Sequential, Linear, Tanh, ReLU, type Module } from '@descent/layers';
import { mse, crossEntropy } from '@descent/losses';
import { sgd, adam } from '@descent/optimizers';
import type { Impl } from './impl.js';
import { lcg, makeBatches, type MlpSpec, type Workload } from './workloads.js';

/** Descent on its fastest backend: wasm SIMD matmul over `threads` threads (default: all cores). */
export async function createDescent(threads?: number): Promise<Impl> {
  const prev = getBackend();
  let backend: Backend;
  try {
    backend = await useWasmBackend({ threads });
  } catch (e) {
    console.error(`bench: wasm backend unavailable (${e instanceof Error ? e.message : e}); using the cpu backend`);
    backend = cpuBackend;
    setBackend(backend);
  }
  return {
    id: 'descent',
    threads: getBackend().threads,
    backend: getBackend().name,
    // In-process runs interleave impls: each prepare makes this impl's backend the current one again.
    prepare: (w) => (setBackend(backend), prepare(w)),
    dispose() {
      setBackend(prev);
      setSharedAllocation(true);
      backend.dispose?.();
    },
  };
}

/**
 * Descent as a user gets it with no backend call: the library's default (one-thread wasm for float32 matmul).
 * In a child process nothing is set up at all; in-process runs switch back to that default.
 */
export function createDescentDefault(): Impl {
  const prev = setBackend(defaultBackend());
  return {
    id: 'descent-default',
    threads: getBackend().threads,
    backend: getBackend().name,
    prepare: (w) => (setBackend(defaultBackend()), prepare(w)),
    dispose: () => void setBackend(prev),
  };
}

function prepare(w: Workload): () => void {
  if (w.kind === 'matmul') {
    const r = lcg(w.n);
    const a = new Tensor(Float32Array.from({ length: w.n * w.n }, () => r() - 0.5), [w.n, w.n]);
    const b = new Tensor(Float32Array.from({ length: w.n * w.n }, () => r() - 0.5), [w.n, w.n]);
    const opts = { transA: w.transA, transB: w.transB };
    return () => void matmul(a, b, opts);
  }
  if (w.kind === 'op') {
    const a = new Tensor(new Float32Array(w.size).fill(1), [w.size]);
    const b = new Tensor(new Float32Array(w.size).fill(2), [w.size]);
    return () => void add(a, b);
  }
  return mlpStep(w.spec);
}

function mlpStep(spec: MlpSpec): () => void {
  const layers: Module[] = [];
  for (let i = 0; i + 1 < spec.sizes.length; i++) {
    layers.push(new Linear(spec.sizes[i], spec.sizes[i + 1], { seed: i + 1 }));
    if (i + 2 < spec.sizes.length) layers.push(spec.activation === 'tanh' ? new Tanh() : new ReLU());
  }
  const model = new Sequential(...layers);
  const params = model.parameters();
  const values = params.map((p) => p.value);
  const opt = spec.optimizer === 'sgd' ? sgd({ lr: spec.lr }) : adam({ lr: spec.lr });
  const inF = spec.sizes[0], outF = spec.sizes[spec.sizes.length - 1];
  const batches = makeBatches(spec).map((b) => ({
    x: constant(new Tensor(b.x, [spec.batch, inF])),
    y: spec.loss === 'mse' ? new Tensor(b.y, [spec.batch, outF]) : null,
    labels: b.labels,
  }));
  let i = 0;
  return () => {
    const b = batches[i++ % batches.length];
    model.zeroGrad();
    const out = model.forward(b.x);
    const loss: Var = spec.loss === 'mse' ? mse(out, b.y!) : crossEntropy(out, b.labels);
    loss.backward();
    opt.step(values, params.map((p) => p.grad!));
  };
}
