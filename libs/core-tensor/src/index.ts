// @descent/core-tensor: n-d float32/float64 tensors, broadcasting ops, and the backends that run them.
export { Tensor, type NestedArray, type ArrayRank, type ArrayOfRank } from './tensor.js';
export { type DType, type TypedArray, isDType, allocate, promote, setSharedAllocation, SHARED_ALLOC_THRESHOLD, MAX_TENSOR_BYTES, bytesPerElement, formatBytes } from './dtype.js';
export { type Shape, TensorError, sizeOf, stridesOf, broadcastShapes, sameShape } from './shape.js';
export { Rng } from './random.js';
export { DescentError, OptionError, ShapeError, DataError, isDescentError, describeValue, formatPath, type ErrorFields, type PathKey } from './errors.js';
export { checkOption, optionDefaults, optionProblems, resolveOptionValues, isRequired, type OptionMeta, type OptionKind, type OptionValue } from './options.js';

export * from './ops/create.js';
export * from './ops/unary.js';
export * from './ops/binary.js';
export * from './ops/reduce.js';
export * from './ops/shape-ops.js';
export * from './ops/matmul.js';
export * from './ops/softmax.js';

export type { Backend, PooledBackend } from './backend/backend.js';
export { getBackend, setBackend, defaultBackend } from './backend/registry.js';
export { cpuBackend } from './backend/cpu/cpu-backend.js';
export { createThreadBackend, type ThreadBackendOptions } from './backend/threads/thread-backend.js';
export { createWasmBackend, createWasmBackendSync, type WasmBackendOptions } from './backend/wasm/wasm-backend.js';
export { useWasmBackend } from './backend/wasm/use-wasm-backend.js';
export { erf as erfScalar } from './backend/cpu/erf.js';
export type { UnaryOp } from './backend/cpu/unary.js';
export type { BinaryOp } from './backend/cpu/binary.js';
export type { ReduceOp } from './backend/cpu/reduce.js';
