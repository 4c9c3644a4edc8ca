import { bytesPerElement, formatBytes, zeros, type DType } from '@descent/core-tensor';
import { describeModel, type ModelSpec } from '@descent/layers';
import { createOptimizer, type OptimizerName } from '@descent/optimizers';
import type { RunSpec } from '@descent/train';
import { SpecError } from './spec.js';

// How much memory a run's model takes, estimated from the spec before anything is built, so that a typo like
// two dense layers of 20,000 units is refused in one line instead of swapping the machine to a halt.

/** Default --max-memory: 2 GB (decimal megabytes, as `formatBytes` prints them). */
export const DEFAULT_MAX_MEMORY_MB = 2000;

export interface MemoryEstimate {
  parameters: number;
  bytesPerElement: number;
  /** Copies of the parameters kept while training: the weights, their gradients, the optimizer's update, its state buffers (and the best-epoch snapshot). */
  copies: number;
  /** What the copies are, for the message. */
  parts: string[];
  bytes: number;
  /** The layer with the most parameters. */
  largest: { index: number; label: string; params: number };
}

interface StateLike {
  buffers: Record<string, readonly unknown[]>;
  inner?: readonly StateLike[];
}

const countBuffers = (s: StateLike): number =>
  Object.values(s.buffers).reduce((n, per) => n + per.length, 0) + (s.inner ?? []).reduce((n, i) => n + countBuffers(i), 0);

/** State buffers the optimizer keeps per parameter (sgd 1, adam 2, amsgrad 3, …): counted from its own state of a 1-element parameter. */
export function optimizerBuffers(name: OptimizerName, options: Record<string, unknown> | undefined, dtype: DType): number {
  const opt = createOptimizer(name, (options ?? {}) as never);
  return countBuffers(opt.transform.init([zeros([1], dtype)]) as unknown as StateLike);
}

/** The estimate for a validated spec whose model has its input width (prepareRun's model). */
export function estimateMemory(spec: RunSpec, model: ModelSpec): MemoryEstimate {
  const dtype: DType = spec.dtype ?? 'float32';
  const d = describeModel(model);
  const buffers = optimizerBuffers(spec.optimizer.name, spec.optimizer.options as Record<string, unknown> | undefined, dtype);
  const parts = ['weights', 'gradients', 'update', `${buffers} ${spec.optimizer.name} state buffer${buffers === 1 ? '' : 's'}`];
  let copies = 3 + buffers;
  if (spec.earlyStopping?.restoreBest) {
    copies++;
    parts.push('best-epoch copy');
  }
  const largest = d.layers.reduce((a, l) => (l.params > a.params ? l : a), d.layers[0]);
  const width = bytesPerElement(dtype);
  return {
    parameters: d.totalParams,
    bytesPerElement: width,
    copies,
    parts,
    bytes: d.totalParams * width * copies,
    largest: { index: largest.index, label: largest.label, params: largest.params },
  };
}

/** Refuse a model whose estimate is above `maxMb` megabytes: one SpecError naming the largest layer and the bytes. */
export function checkMemory(spec: RunSpec, model: ModelSpec, maxMb: number): MemoryEstimate {
  const e = estimateMemory(spec, model);
  const limit = maxMb * 1e6;
  if (e.bytes > limit) {
    throw new SpecError(
      `model.layers[${e.largest.index}].units`,
      `the model needs about ${formatBytes(e.bytes)} to train (${e.parameters} parameters × ${e.bytesPerElement} bytes × ${e.copies}: ${e.parts.join(', ')}), ` +
        `above the limit of ${formatBytes(limit)}; its largest layer is model.layers[${e.largest.index}], ${e.largest.label} with ${e.largest.params} parameters: ` +
        `make it smaller, or raise the limit with --max-memory <MB>`,
    );
  }
  return e;
}
