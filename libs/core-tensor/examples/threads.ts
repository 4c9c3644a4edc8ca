import assert from 'node:assert/strict';
import { createThreadBackend, setBackend, cpuBackend, randn, matmul } from '@descent/core-tensor';

const a = randn([300, 400], { seed: 1 }), b = randn([400, 500], { seed: 2 });
// The thread pool splits the JS kernels; compare with those on one thread (the default backend is wasm).
setBackend(cpuBackend);
const single = matmul(a, b);

const pool = await createThreadBackend({ threads: 2 });
setBackend(pool);
const parallel = matmul(a, b);
setBackend(cpuBackend);
pool.dispose();

// Bit-for-bit the same as one thread.
assert.deepEqual(parallel.data, single.data);
console.log('thread backend ok:', pool.name);
