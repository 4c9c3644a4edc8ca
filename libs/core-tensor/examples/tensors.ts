import assert from 'node:assert/strict';
import { tensor, fromArray, zeros, arange, randn, add, mul, matmul, sum, mean, argmax, softmax, reshape, cast, Rng, TensorError } from '@descent/core-tensor';

// Tensors are values: a dtype, a shape and contiguous row-major data. float32 is the default.
const x = tensor([[1, 2, 3], [4, 5, 6]], 'float64');
const bias = tensor([10, 20, 30], 'float64');

// Broadcasting as in NumPy: [2, 3] + [3] -> [2, 3]. toArray(2) is typed number[][].
const y = add(x, bias);
assert.deepEqual(y.toArray(2), [[11, 22, 33], [14, 25, 36]]);
assert.equal(y.toArray(2)[1][2], 36);

// Reductions along any axis, optionally keeping it.
assert.deepEqual(sum(x, 0).toArray(1), [5, 7, 9]);
assert.deepEqual(mean(x, 1, true).shape, [2, 1]);
assert.deepEqual(argmax(x, 1).toArray(1), [2, 2]);

// Matrix products: 2-D, batched, and the transposed forms without copying.
const w = reshape(arange(6, undefined, 1, 'float64'), [3, 2]);
assert.deepEqual(matmul(x, w).toArray(2), [[16, 22], [34, 49]]);
assert.deepEqual(matmul(x, x, { transB: true }).toArray(2), [[14, 32], [32, 77]]);

// softmax rows sum to 1, even for huge logits.
const p = softmax(tensor([[1000, 1001, 1002]], 'float64'));
assert.ok(Math.abs(sum(p).item() - 1) < 1e-12);

// Seeded randomness: the same seed gives the same numbers everywhere.
const a = randn([2, 2], { seed: 42 });
assert.deepEqual(a.toFlat(), randn([2, 2], { seed: 42 }).toFlat());
assert.equal(new Rng(42).nextU32(), 2837322924);

// Mistakes throw a TensorError that names the op and the values; dtypes are never mixed silently.
assert.throws(() => add(zeros([2, 3]), zeros([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast together/);
assert.throws(() => matmul(zeros([2, 2]), zeros([2, 2], 'float64')), TensorError);
assert.deepEqual(matmul(zeros([2, 2]), cast(zeros([2, 2], 'float64'), 'float32')).shape, [2, 2]);
console.log('core-tensor example ok', mul(fromArray([1, 2], [2]), 3).toFlat());
