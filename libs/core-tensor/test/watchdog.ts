import { Worker } from 'node:worker_threads';

// A guard for tests of code that blocks the calling thread (the worker pools wait on Atomics): a
// hang there also blocks the event loop, so vitest's test timeouts can never fire. A helper thread
// watches instead and kills this test process when the guarded call outlives its limit: a
// regression then fails the run quickly instead of leaving it hanging.

const source = `
const { workerData: s } = require('node:worker_threads');
const { writeSync } = require('node:fs');
for (;;) {
  while (Atomics.load(s, 0) === Atomics.load(s, 1)) Atomics.wait(s, 0, Atomics.load(s, 0));
  const gen = Atomics.load(s, 0), ms = Atomics.load(s, 2), end = Date.now() + ms;
  while (Atomics.load(s, 1) !== gen) {
    const left = end - Date.now();
    if (left <= 0) {
      writeSync(2, '\\nwatchdog: a guarded call blocked the test thread for more than ' + ms + ' ms; killing the test process\\n');
      process.kill(process.pid, 'SIGKILL');
    }
    Atomics.wait(s, 1, Atomics.load(s, 1), left);
  }
}`;

export interface Watchdog {
  /** Run fn; if it has not returned (or thrown) after `ms`, the test process is killed. */
  guard<R>(fn: () => R, ms?: number): R;
  stop(): void;
}

export function createWatchdog(): Watchdog {
  const s = new Int32Array(new SharedArrayBuffer(12)); // [0] armed generation, [1] disarmed generation, [2] limit (ms)
  const w = new Worker(source, { eval: true, workerData: s });
  w.unref();
  let gen = 0;
  return {
    guard(fn, ms = 10_000) {
      const g = ++gen;
      Atomics.store(s, 2, ms);
      Atomics.store(s, 0, g);
      Atomics.notify(s, 0);
      try {
        return fn();
      } finally {
        Atomics.store(s, 1, g);
        Atomics.notify(s, 1);
      }
    },
    stop: () => void w.terminate(),
  };
}
