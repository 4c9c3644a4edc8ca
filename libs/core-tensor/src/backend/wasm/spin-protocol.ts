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
 */
export const SEQ = 0; // job sequence number, bumped by the submitter (-1: shut down)
export const CLAIM = 1; // (seq & 0xffff) << 16 | index of the next unclaimed chunk
export const DONE_CHUNKS = 2; // chunks finished in the current job
export const ERROR = 3; // 1 once a chunk threw
export const SLEEPING = 4; // number of workers in Atomics.wait on SEQ
export const MAIN_WAITING = 5; // 1 while the submitter sleeps on DONE_CHUNKS (workers then notify)
export const ARGS = 8; // gemm arguments: a ars acs b brs bcs c ldc m n k rowChunk colChunk gridCols nChunks
export const SCRATCH = 24; // per thread t: tmp, pa, pb at SCRATCH + 3t
export const CTRL_INTS = 64;
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
