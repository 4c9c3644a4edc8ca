import { TensorError } from '../shape.js';

/**
 * Default workerTimeout of both pools (ms): how long the calling thread waits for a worker's part of
 * an op beyond twice the time it took for its own part, before it gives the worker up.
 */
export const DEFAULT_WORKER_TIMEOUT = 3000;

/** Why a worker exited, from its 'exit'/'error' event. */
export function exitReason(info: { code: number | null; error: { message: string } | null }): string {
  const code = info.code === null ? '' : ` with code ${info.code}`;
  return info.error ? `exited${code} after an uncaught error: ${info.error.message}` : `exited${code}`;
}

/**
 * How a pool worker failed a job:
 * - 'threw': its kernel threw; the worker itself is fine and keeps serving jobs;
 * - 'exited': it exited while running its part (it is replaced);
 * - 'lost': it did not finish its part in time and gave no sign of life: it died silently
 *   (terminated, crashed, out of memory) or hangs; it is terminated and replaced.
 */
export type WorkerFailure = 'threw' | 'exited' | 'lost';

export interface WorkerErrorInfo {
  /** Worker number, 1-based (thread 0 is the calling thread). */
  worker: number;
  failure: WorkerFailure;
  /** What the worker was doing, in words ("exp on elements 150000–300000 of 300000"). */
  task: string;
  /** The worker's own error message and stack when it threw (or why it exited). */
  workerMessage?: string | null;
  workerStack?: string | null;
}

/**
 * A worker of a pool (thread or wasm backend) failed while running part of an op. `owner` is the
 * backend ('threadBackend' or 'wasmBackend'); `worker`, `failure` and `task` say which worker, how
 * and doing what; `workerMessage`/`workerStack` carry the worker's own error when it threw (also
 * as `cause`). The op's result is not returned; the pool has already replaced a lost worker.
 */
export class WorkerError extends TensorError {
  readonly worker: number;
  readonly failure: WorkerFailure;
  readonly task: string;
  readonly workerMessage: string | null;
  readonly workerStack: string | null;

  constructor(owner: string, reason: string, info: WorkerErrorInfo) {
    const workerMessage = info.workerMessage ?? null;
    const workerStack = info.workerStack ?? null;
    let cause: Error | undefined;
    if (workerMessage !== null && info.failure === 'threw') {
      cause = new Error(workerMessage);
      if (workerStack) cause.stack = workerStack;
    }
    super(owner, reason, cause ? { cause } : {});
    this.name = 'WorkerError';
    this.worker = info.worker;
    this.failure = info.failure;
    this.task = info.task;
    this.workerMessage = workerMessage;
    this.workerStack = workerStack;
  }
}

/**
 * Error text a worker leaves in shared memory for the thread that waits on it (that thread is
 * blocked and cannot receive a message): message, NUL, stack, as UTF-16 code units.
 */
export function readText(text: Uint16Array, base: number, len: number): { message: string; stack: string | null } {
  let s = '';
  for (let i = 0; i < len; i += 1024) {
    s += String.fromCharCode(...text.subarray(base + i, base + Math.min(len, i + 1024)));
  }
  const cut = s.indexOf('\u0000');
  if (cut < 0) return { message: s, stack: null };
  const stack = s.slice(cut + 1);
  return { message: s.slice(0, cut), stack: stack.length > 0 ? stack : null };
}

/** The reason text of a worker that threw: its message, then its stack on the following lines. */
export function threwReason(head: string, message: string, stack: string | null): string {
  if (!stack) return `${head}: ${message}`;
  // A V8 stack starts with "Name: message"; keep just the frames after our copy of the message.
  const frames = stack.includes(message) ? stack.slice(stack.indexOf(message) + message.length).replace(/^\s*\n/, '') : stack;
  return `${head}: ${message}${frames ? `\nworker stack:\n${frames}` : ''}`;
}
