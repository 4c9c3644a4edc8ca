import { notATensor } from '../errors.js';
import { Tensor } from '../tensor.js';
import { allocate, promote } from '../dtype.js';
import { TensorError, fmt, broadcastShapes, sizeOf, stridesOf } from '../shape.js';
import { getBackend } from '../backend/registry.js';
import { cast } from './create.js';

export interface MatmulOptions {
  /** Use aᵀ (the last two axes swapped) without materializing it. */
  transA?: boolean;
  transB?: boolean;
}

/**
 * Matrix product of 2-D tensors, or batched over leading axes (broadcast like NumPy's matmul).
 * The transposed forms Aᵀ·B and A·Bᵀ that backprop needs run without copying a transpose.
 */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const tA = !!opts.transA, tB = !!opts.transB;
  if (!(a instanceof Tensor)) throw new TensorError('matmul', notATensor('matmul', a), { value: a });
  if (!(b instanceof Tensor)) throw new TensorError('matmul', notATensor('matmul', b), { value: b });
  // As PyTorch's mm: no silent promotion (a float64 input would drop a float32 model off its fast path).
  if (a.dtype !== b.dtype) {
    throw new TensorError('matmul', `expected both operands to have the same dtype, got ${a.dtype} ${fmt(a.shape)} and ${b.dtype} ${fmt(b.shape)}: cast one, e.g. cast(x, '${b.dtype}')`);
  }
  if (a.rank < 2 || b.rank < 2) {
    throw new TensorError('matmul', `needs tensors of rank >= 2, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  }
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = tA ? ac : ar, k = tA ? ar : ac;
  const k2 = tB ? bc : br, n = tB ? br : bc;
  if (k !== k2) {
    throw new TensorError('matmul', `inner dimensions differ: ${fmt(a.shape)}${tA ? 'ᵀ' : ''} · ${fmt(b.shape)}${tB ? 'ᵀ' : ''} (${k} vs ${k2})`);
  }
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batchShape = broadcastShapes('matmul', aBatch, bBatch);
  const batch = sizeOf(batchShape);
  const dtype = promote(a.dtype, b.dtype);
  const A = a.dtype === dtype ? a : cast(a, dtype);
  const B = b.dtype === dtype ? b : cast(b, dtype);
  const out = allocate(dtype, batch * m * n, 'matmul', [...batchShape, m, n]);
  getBackend().matmul(A.data, B.data, out, batchOffsets(batchShape, batch, aBatch, ar * ac), batchOffsets(batchShape, batch, bBatch, br * bc), batch, m, k, n, tA, tB);
  return new Tensor(out, [...batchShape, m, n]);
}

const NO_BATCH = new Int32Array(1); // the one offset (0) of an unbatched product, shared: no allocation per call

/** Element offset of each batch's matrix, honouring broadcast batch dimensions. */
function batchOffsets(batchShape: readonly number[], batch: number, shape: readonly number[], mat: number): Int32Array {
  if (batch === 1) return NO_BATCH;
  const off = new Int32Array(batch);
  const lead = batchShape.length - shape.length;
  const st = stridesOf(shape);
  const idx = new Array<number>(batchShape.length).fill(0);
  for (let i = 0; i < batch; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (shape[d] !== 1) o += idx[d + lead] * st[d];
    off[i] = o * mat;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      if (++idx[d] < batchShape[d]) break;
      idx[d] = 0;
    }
  }
  return off;
}
