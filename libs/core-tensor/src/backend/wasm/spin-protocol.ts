/**
 * Layout of the control block the wasm pool shares (an Int32Array on a SharedArrayBuffer). Handing
 * work over by spinning on shared memory costs ~0.1 µs; postMessage or a wake from Atomics.wait
 * costs 60–75 µs. So idle workers spin for SPIN_MS before they sleep, and the submitter calls
 * Atomics.notify only when some worker says it sleeps.
 *
 * A job is a gemm cut into chunks (a grid of row x column blocks of C). Every thread, the submitter
 * included, claims chunks with a compare-exchange on CLAIM = (seq & 0xffff) << 16 | next chunk, so
 * a worker that was descheduled and wakes up late can never claim a chunk of a newer job; the
 * submitter returns once DONE_CHUNKS reaches the chunk count. Which thread computes a chunk does not
 * change its result, so dynamic claiming keeps results deterministic and copes with a busy machine.
 *
 * Failures: a thread whose chunk throws leaves its message and stack in the pool's text buffer
 * (TEXT_UNITS UTF-16 code units per thread), notes it in FAIL/FAIL_LEN/FAIL_CHUNK and names itself
 * in ERROR, then counts the chunk done as usual. BUSY says which chunk each worker computes, so the
 * submitter can name the worker that died or hangs on a chunk when the job misses its deadline.
 */
export const SEQ = 0; // job sequence number, bumped by the submitter (-1: shut down)
export const CLAIM = 1; // (seq & 0xffff) << 16 | index of the next unclaimed chunk
export const DONE_CHUNKS = 2; // chunks finished in the current job
export const ERROR = 3; // thread index + 1 of the first thread whose chunk failed in this job (0: none)
export const SLEEPING = 4; // number of workers in Atomics.wait on SEQ
export const MAIN_WAITING = 5; // 1 while the submitter sleeps on DONE_CHUNKS (workers then notify)
export const FAULT = 6; // test only: thread << 8 | fault (1 trap, 2 hang, 3 exit) for that worker's next chunk
export const ARGS = 8; // gemm arguments: a ars acs b brs bcs c ldc m n k rowChunk colChunk gridCols nChunks
export const SCRATCH = 24; // per thread t: tmp, pa, pb at SCRATCH + 3t
export const BUSY = 64; // per worker t: (seq & 0xffff) << 16 | chunk + 1 while it computes that chunk, else 0
export const FAIL = 80; // per thread t: how its last failed chunk failed (1 threw, 2 the worker exited)
export const FAIL_LEN = 96; // per thread t: code units of its error text
export const FAIL_CHUNK = 112; // per thread t: index of its last failed chunk
export const CTRL_INTS = 128;
export const TEXT_UNITS = 2048;
export const FAIL_THREW = 1;
export const FAIL_EXITED = 2;
export const MAX_THREADS = 13;

/**
 * How long an idle worker keeps spinning before it sleeps (ms): long enough to bridge the
 * elementwise work between two matmuls of a training step, short enough not to hold a core that
 * another process (or our own main thread) needs on a busy machine.
 */
export const SPIN_MS = 1;
/**
 * How long the submitter spins for the last chunks before it sleeps (ms). On a busy machine a
 * spinning submitter would take the core the worker it waits for needs.
 */
export const WAIT_SPIN_MS = 0.05;
