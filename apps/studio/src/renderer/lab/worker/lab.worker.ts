/// <reference lib="webworker" />
import { createLabRunner } from './lab-runner.js';
import type { ToLabWorker } from './protocol.js';

// Entry of the Lab's Web Worker: the races and the contour map are computed here, off the page's thread.
const ctx = self as unknown as DedicatedWorkerGlobalScope;
const handle = createLabRunner((m, transfer = []) => ctx.postMessage(m, transfer));
ctx.onmessage = (ev: MessageEvent<ToLabWorker>) => handle(ev.data);
