// Worker entry (Node worker_threads or a browser Web Worker): run job slices on shared memory and
// signal completion through an Atomics counter the submitting thread waits on.
import { runJob, type Job } from './job.js';

type Msg = { job: Job; ctrl: Int32Array } | { ping: true };

function handle(msg: Msg, reply: (m: unknown) => void): void {
  if ('ping' in msg) return reply({ ready: true });
  try {
    runJob(msg.job);
  } catch (e) {
    Atomics.store(msg.ctrl, 1, 1);
    reply({ error: e instanceof Error ? e.message : String(e) });
  }
  Atomics.add(msg.ctrl, 0, 1);
  Atomics.notify(msg.ctrl, 0);
}

const g = globalThis as unknown as { WorkerGlobalScope?: unknown; postMessage: (m: unknown) => void; onmessage: unknown };
if (typeof g.WorkerGlobalScope !== 'undefined') {
  g.onmessage = (e: MessageEvent<Msg>) => handle(e.data, (m) => g.postMessage(m));
} else {
  const { parentPort } = await import(/* @vite-ignore */ 'node:worker_threads');
  parentPort!.on('message', (m: Msg) => handle(m, (r) => parentPort!.postMessage(r)));
}
