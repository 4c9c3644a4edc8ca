/**
 * The wasm pool worker, as plain JavaScript text with no imports: it is started from a Blob URL
 * (browser) or as an eval worker (Node), so it runs the same from TypeScript sources, from the built
 * dist and inside any bundle, with no worker file to locate, and no compiler or bundler transform
 * touches it. It receives the compiled kernel module, the shared memory, the control block (layout
 * in spin-protocol.ts; the indices are repeated here as literals) and its thread index, then serves
 * jobs: spin on the sequence number (sleep on Atomics.wait after spinMs idle), claim chunks.
 * runChunks below mirrors runChunks in wasm-backend.ts (the submitting thread's copy); keep in step.
 * A chunk that throws is reported through the control block and the text buffer (the submitter is
 * spinning or blocked and reads no messages); in Node, a worker that exits in the middle of a
 * chunk reports that too. FAULT is a test-only hook (see __testing in wasm-backend.ts).
 */
export const workerSource = String.raw`
'use strict';
const SEQ = 0, CLAIM = 1, DONE_CHUNKS = 2, ERROR = 3, SLEEPING = 4, MAIN_WAITING = 5, FAULT = 6, ARGS = 8, SCRATCH = 24;
const BUSY = 64, FAIL = 80, FAIL_LEN = 96, FAIL_CHUNK = 112, TEXT_UNITS = 2048;
let text = null;
function report(ctrl, t, kind, chunk, message, stack) {
  const s = message + '\u0000' + stack, n = Math.min(s.length, TEXT_UNITS), base = t * TEXT_UNITS;
  for (let i = 0; i < n; i++) text[base + i] = s.charCodeAt(i);
  Atomics.store(ctrl, FAIL_LEN + t, n);
  Atomics.store(ctrl, FAIL_CHUNK + t, chunk);
  Atomics.store(ctrl, FAIL + t, kind);
  Atomics.compareExchange(ctrl, ERROR, 0, t + 1);
}
function hang() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
}
function runChunks(gemm, ctrl, seq, t) {
  const a = ctrl[ARGS], ars = ctrl[ARGS + 1], acs = ctrl[ARGS + 2], b = ctrl[ARGS + 3], brs = ctrl[ARGS + 4], bcs = ctrl[ARGS + 5];
  const c = ctrl[ARGS + 6], ldc = ctrl[ARGS + 7], m = ctrl[ARGS + 8], n = ctrl[ARGS + 9], k = ctrl[ARGS + 10];
  const rowChunk = ctrl[ARGS + 11], colChunk = ctrl[ARGS + 12], gridCols = ctrl[ARGS + 13], nChunks = ctrl[ARGS + 14];
  const tmp = ctrl[SCRATCH + 3 * t], pa = ctrl[SCRATCH + 3 * t + 1], pb = ctrl[SCRATCH + 3 * t + 2];
  const tag = (seq & 0xffff) << 16;
  for (;;) {
    const v = Atomics.load(ctrl, CLAIM);
    if ((v & ~0xffff) !== tag || (v & 0xffff) >= nChunks) return;
    if (Atomics.compareExchange(ctrl, CLAIM, v, v + 1) !== v) continue;
    const i = v & 0xffff, ri = Math.floor(i / gridCols), r0 = ri * rowChunk, c0 = (i - ri * gridCols) * colChunk;
    Atomics.store(ctrl, BUSY + t, tag | (i + 1));
    try {
      let aa = a, bb = b;
      const f = ctrl[FAULT];
      if (f !== 0 && f >> 8 === t && Atomics.compareExchange(ctrl, FAULT, f, 0) === f) {
        if ((f & 255) === 1) aa = bb = 0x7fff0000; // out of bounds: the kernel traps
        else if ((f & 255) === 4) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30); // descheduled for 30 ms
        else if ((f & 255) === 2 || typeof WorkerGlobalScope !== 'undefined') hang();
        else process.exit(3);
      }
      gemm(aa, ars, acs, bb, brs, bcs, c, ldc, r0, Math.min(m, r0 + rowChunk), c0, Math.min(n, c0 + colChunk), k, pa, pb, tmp);
    } catch (e) {
      report(ctrl, t, 1, i, e && e.name ? e.name + ': ' + e.message : String(e), e && e.stack ? String(e.stack) : '');
    }
    Atomics.add(ctrl, DONE_CHUNKS, 1);
    Atomics.store(ctrl, BUSY + t, 0);
    if (Atomics.load(ctrl, MAIN_WAITING) === 1) Atomics.notify(ctrl, DONE_CHUNKS);
  }
}
function serve(init, reply) {
  let gemm;
  try {
    const abort = () => { throw new Error('abort'); };
    gemm = new WebAssembly.Instance(init.module, { env: { memory: init.memory, abort } }).exports.gemm;
  } catch (e) {
    reply({ error: e && e.message ? e.message : String(e) });
    return;
  }
  const ctrl = init.ctrl, t = init.thread;
  text = new Uint16Array(init.text);
  if (typeof process !== 'undefined' && typeof process.on === 'function') {
    // Exiting in the middle of a chunk: count it done as failed, so the submitter fails at once.
    process.on('exit', (code) => {
      const busy = Atomics.load(ctrl, BUSY + t);
      if (busy === 0 || (busy & ~0xffff) !== (Atomics.load(ctrl, SEQ) & 0xffff) << 16) return;
      report(ctrl, t, 2, (busy & 0xffff) - 1, 'exited with code ' + code, '');
      Atomics.add(ctrl, DONE_CHUNKS, 1);
      Atomics.store(ctrl, BUSY + t, 0);
      Atomics.notify(ctrl, DONE_CHUNKS);
    });
  }
  reply({ ready: true });
  let seen = Atomics.load(ctrl, SEQ);
  for (;;) {
    let s = Atomics.load(ctrl, SEQ);
    if (s === seen) {
      let t0 = performance.now();
      let spins = 0;
      while ((s = Atomics.load(ctrl, SEQ)) === seen) {
        if ((++spins & 1023) === 0 && performance.now() - t0 > init.spinMs) {
          Atomics.add(ctrl, SLEEPING, 1);
          Atomics.wait(ctrl, SEQ, seen);
          Atomics.sub(ctrl, SLEEPING, 1);
          t0 = performance.now();
        }
      }
    }
    if (s < 0) return;
    seen = s;
    runChunks(gemm, ctrl, s, t);
  }
}
if (typeof WorkerGlobalScope !== 'undefined') {
  self.onmessage = (e) => serve(e.data, (m) => self.postMessage(m));
} else {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (m) => serve(m, (r) => parentPort.postMessage(r)));
}
`;
