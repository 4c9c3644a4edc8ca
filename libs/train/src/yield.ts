// Cooperative yielding: the training loop is synchronous per batch and gives the event loop a turn between
// batches so pause/stop/UI messages are handled. A macrotask is needed (a resolved promise would not let
// timers or worker messages run). setImmediate in Node; a MessageChannel in browsers and Web Workers
// (setTimeout(0) is clamped to >= 4 ms after a few nestings, which would slow tiny models).

type Task = () => void;

function makeScheduler(): (task: Task) => void {
  const g = globalThis as { setImmediate?: (f: Task) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') return (t) => void g.setImmediate!(t);
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const queue: Task[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (t) => {
      queue.push(t);
      channel.port2.postMessage(null);
    };
  }
  return (t) => void setTimeout(t, 0);
}

const schedule = makeScheduler();

/** Resolves on a fresh macrotask. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Yields only when `intervalMs` have passed since the last yield, so cheap batches run back to back. */
export class Yielder {
  private last = now();
  constructor(private readonly intervalMs: number) {}

  due(): boolean {
    return now() - this.last >= this.intervalMs;
  }

  async yield(): Promise<void> {
    await nextMacrotask();
    this.last = now();
  }

  async maybeYield(): Promise<void> {
    if (this.due()) await this.yield();
  }
}

export { now as monotonicNow };
