import * as tf from '@tensorflow/tfjs-core';
import { registerTfjsGradients } from './tfjs-gradients.js';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Impl } from './impl.js';
import { prepareTfjs } from './tfjs-workloads.js';

/** TF.js 4.22 on its CPU (plain JS) or WASM (XNNPACK, SIMD) backend, as a user would write it with tfjs-core. */
export async function createTfjs(id: 'tfjs-cpu' | 'tfjs-wasm'): Promise<Impl> {
  if (id === 'tfjs-wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  }
  registerTfjsGradients();
  const name = id === 'tfjs-cpu' ? 'cpu' : 'wasm';
  if (!(await tf.setBackend(name))) throw new Error(`bench: TF.js backend ${name} failed to initialize`);
  await tf.ready();
  return {
    id,
    threads: id === 'tfjs-wasm' ? getThreadsCount() : 1,
    backend: `tfjs ${tf.getBackend()}`,
    prepare: (w) => prepareTfjs(w),
    dispose: () => tf.disposeVariables(),
  };
}
