/**
 * Per-worker status block of the thread pool: an Int32Array header on the worker's own
 * SharedArrayBuffer, followed by UTF-16 error text. The calling thread is blocked in Atomics.wait
 * while workers run, so it cannot receive messages: what a worker did (and how it failed) is read
 * from here instead.
 */
export const STATUS = 0; // seq * 8 + state of the worker's latest job
export const EXIT_CODE = 1; // exit code when the worker exited during a job
export const TEXT_LEN = 2; // code units of error text (message, NUL, stack)
export const HEADER_BYTES = 16;
export const TEXT_UNITS = 4096;
export const STATUS_BYTES = HEADER_BYTES + 2 * TEXT_UNITS;

// Job states (low 3 bits of STATUS).
export const RUNNING = 1;
export const DONE = 2;
export const THREW = 3;
export const EXITED = 4;
/** Job sequence numbers wrap at 2^27 so that seq * 8 + state fits an Int32. */
export const SEQ_WRAP = 1 << 27;

/** Test-only: what a worker does with a slice sent with `__testFault` (see __testing in thread-backend.ts). */
export type TestFault = 'throw' | 'hang' | 'exit';
