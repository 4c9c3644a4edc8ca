/// <reference lib="webworker" />
import { createRunner } from './runner.js';
import type { ToWorker } from './protocol.js';

// Entry of the training Web Worker: messages in, progress out. The loop itself is in runner.ts.
const ctx = self as unknown as DedicatedWorkerGlobalScope;
const handle = createRunner((m, transfer = []) => ctx.postMessage(m, transfer));
ctx.onmessage = (ev: MessageEvent<ToWorker>) => handle(ev.data);
