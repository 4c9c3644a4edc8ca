// Worker entry (Node worker_threads or a browser Web Worker): run job slices on shared memory and
// signal completion through an Atomics counter the submitting thread waits on. Its own status block
// (status.ts) says which job it runs and how it ended, with the error text when the kernel threw.
import { runJob, type Job } from './job.js';
import { STATUS, EXIT_CODE, TEXT_LEN, HEADER_BYTES, TEXT_UNITS, RUNNING, DONE, THREW, EXITED, type TestFault } from './status.js';

type Msg = { job: Job; ctrl: Int32Array; seq: number; __testFault?: TestFault } | { ping: true; status?: SharedArrayBuffer };

let status: Int32Array = new Int32Array(new SharedArrayBuffer(HEADER_BYTES));
let text: Uint16Array = new Uint16Array(TEXT_UNITS);
/** The job being run, for the exit hook. */
let current: { ctrl: Int32Array; seq: number } | null = null;
const isBrowser = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

function finish(ctrl: Int32Array, seq: number, state: number): void {
  Atomics.store(status, STATUS, seq * 8 + state);
  Atomics.add(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
}

function writeText(message: string, stack: string): void {
  const s = `${message}\u0000${stack}`;
  const n = Math.min(s.length, TEXT_UNITS);
  for (let i = 0; i < n; i++) text[i] = s.charCodeAt(i);
  Atomics.store(status, TEXT_LEN, n);
}

/** Test-only stand-in for a kernel that throws. */
function faultyKernel(j: Job): never {
  throw new Error(`test fault: the ${j.kind} kernel threw on [${j.start}, ${j.end})`);
}

function handle(msg: Msg, reply: (m: unknown) => void): void {
  if ('ping' in msg) {
    if (msg.status) {
      status = new Int32Array(msg.status, 0, HEADER_BYTES / 4);
      text = new Uint16Array(msg.status, HEADER_BYTES, TEXT_UNITS);
    }
    return reply({ ready: true });
  }
  const { job, ctrl, seq } = msg;
  Atomics.store(status, STATUS, seq * 8 + RUNNING);
  current = msg;
  let state = DONE;
  try {
    if (msg.__testFault === undefined) runJob(job);
    else if (msg.__testFault === 'throw') faultyKernel(job);
    else if (msg.__testFault === 'hang') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    else if (isBrowser) return void (globalThis as unknown as { close(): void }).close(); // dies without a word
    else (globalThis as { process?: { exit(code: number): never } }).process!.exit(3);
  } catch (e) {
    const err = e instanceof Error ? e : null;
    const message = err ? `${err.name}: ${err.message}` : String(e);
    writeText(message, err?.stack ?? '');
    state = THREW;
  }
  current = null;
  finish(ctrl, seq, state);
}

const g = globalThis as unknown as { postMessage: (m: unknown) => void; onmessage: unknown };
if (isBrowser) {
  g.onmessage = (e: MessageEvent<Msg>) => handle(e.data, (m) => g.postMessage(m));
} else {
  const { parentPort } = await import(/* @vite-ignore */ 'node:worker_threads');
  // A worker that exits in the middle of a job (process.exit from a kernel, an uncaught error)
  // says so before it goes: the waiting thread then fails at once instead of at its deadline.
  process.on('exit', (code) => {
    if (current === null) return;
    Atomics.store(status, EXIT_CODE, code);
    const { ctrl, seq } = current;
    current = null;
    finish(ctrl, seq, EXITED);
  });
  parentPort!.on('message', (m: Msg) => handle(m, (r) => parentPort!.postMessage(r)));
}
