export { Tensor, type NestedArray } from './tensor.js';
export { type DType, type TypedArray, isDType, allocate, promote, setSharedAllocation, SHARED_ALLOC_THRESHOLD } from './dtype.js';
export { type Shape, TensorError, sizeOf, stridesOf, broadcastShapes, sameShape } from './shape.js';
export { Rng } from './random.js';
