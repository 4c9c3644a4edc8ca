/// <reference lib="webworker" />
// The built @descent/core-tensor package (as a user's bundler sees it): its thread backend must start
// Web Workers and give results bit-identical to the single-thread backend.
import { add, cpuBackend, createThreadBackend, getBackend, matmul, rand, randn, setBackend, sum, tanh, type Tensor } from '@descent/core-tensor';

const same = (x: Tensor, y: Tensor): boolean => x.size === y.size && x.data.every((v, i) => Object.is(v, y.data[i]));

async function run() {
  const a = rand([300, 400], { seed: 1 }), b = randn([400, 250], { seed: 2 });
  const x = randn([512, 512], { seed: 3, dtype: 'float64' }), row = randn([512], { seed: 4, dtype: 'float64' });
  const work = () => [matmul(a, b), matmul(a, a, { transB: true }), add(x, row), tanh(x), sum(x, 1)];
  setBackend(cpuBackend);
  const expected = work();
  const backend = await createThreadBackend({ threads: 2 });
  setBackend(backend);
  const got = work();
  const result = { backend: getBackend().name, crossOriginIsolated: self.crossOriginIsolated, identical: got.map((g, i) => same(g, expected[i])) };
  backend.dispose?.();
  return result;
}

run().then(
  (r) => postMessage(r),
  (e) => postMessage({ error: e instanceof Error ? e.message : String(e) }),
);
