/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import { createDescent, createDescentDefault } from '../impl-descent.js';
import { measure } from '../measure.js';
import { prepareTfjs } from '../tfjs-workloads.js';
import { workloadById } from '../workloads.js';
import type { BrowserJob, BrowserResult } from './protocol.js';

// One measurement in a Web Worker, where the Studio trains: a fresh worker per job, so each implementation
// starts clean (TF.js has one global backend, Descent its pool).

async function setUp(job: BrowserJob): Promise<{ threads: number; backend: string; step: () => void; dispose(): void }> {
  const w = workloadById(job.workload);
  if (job.impl === 'descent' || job.impl === 'descent-default') {
    const impl = job.impl === 'descent' ? await createDescent(job.threads) : createDescentDefault();
    return { threads: impl.threads, backend: impl.backend, step: impl.prepare(w), dispose: () => impl.dispose() };
  }
  const name = job.impl === 'tfjs-wasm' ? 'wasm' : 'webgl';
  if (name === 'wasm') {
    setWasmPaths(new URL('./', self.location.href).href); // the three .wasm files sit next to this script
    // TF.js takes half the cores by default (one on a 2-core machine): give it as many threads as Descent.
    setThreadsCount(job.threads ?? navigator.hardwareConcurrency);
  }
  // setBackend resolves false (or throws) where the browser cannot give TF.js that backend, e.g. no WebGL.
  const ok = await tf.setBackend(name).catch((e: unknown) => {
    throw new Error(`TF.js ${name} backend failed to start: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (!ok) throw new Error(`TF.js ${name} backend is not available in this browser`);
  await tf.ready();
  const threads = name === 'wasm' ? getThreadsCount() : 1;
  // TF.js loads its threaded build where the page is cross-origin isolated, but in a Web Worker it reports
  // (and, by its speed, uses) one thread whatever setThreadsCount says: tensorflow/tfjs#6081, #8513.
  const threaded = name === 'wasm' && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const flavour = name === 'wasm' ? (threaded ? 'wasm-threaded-simd' : 'wasm-simd') : `webgl${tf.env().getNumber('WEBGL_VERSION')} ${glRenderer()}`;
  return { threads, backend: `tfjs ${flavour}`, step: prepareTfjs(w), dispose: () => tf.disposeVariables() };
}

/** Which GL the browser gave TF.js: with --disable-gpu it is a software rasterizer (SwiftShader), and says so. */
function glRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const r = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader/i.test(r) ? '(SwiftShader, software)' : `(${r.slice(0, 40)})`;
}

self.onmessage = async (e: MessageEvent<BrowserJob>) => {
  const job = e.data;
  try {
    const s = await setUp(job);
    const samples = measure(workloadById(job.workload), s.step, job);
    s.dispose();
    self.postMessage({ ok: true, threads: s.threads, backend: s.backend, samples } satisfies BrowserResult);
  } catch (err) {
    self.postMessage({ ok: false, reason: err instanceof Error ? err.message : String(err) } satisfies BrowserResult);
  }
};
