/// <reference lib="webworker" />
import { useWasmBackend } from '@descent/core-tensor';
import { createRunner } from './runner.js';
import type { ToWorker } from './protocol.js';

// Entry of the training Web Worker: messages in, progress out. The loop itself is in runner.ts.
const ctx = self as unknown as DedicatedWorkerGlobalScope;
const handle = createRunner((m, transfer = []) => ctx.postMessage(m, transfer));
// The fast path: float32 matmul in WebAssembly SIMD. One core is left to the page, so charts and input stay
// smooth while a run keeps the others busy (on a 2-core machine that is one training thread). Where it cannot
// start (no SharedArrayBuffer, WebAssembly blocked), training runs on the plain JS kernels.
const threads = Math.max(1, (navigator.hardwareConcurrency || 2) - 1);
const backend = useWasmBackend({ threads }).then(
  (b) => b.name,
  (e) => {
    console.warn(`Descent: fast backend unavailable, using JS kernels (${e instanceof Error ? e.message : e})`);
    return 'cpu';
  },
);
// Messages wait for the backend; awaiting one settled promise keeps them in order.
ctx.onmessage = async (ev: MessageEvent<ToWorker>) => {
  await backend;
  handle(ev.data);
};
