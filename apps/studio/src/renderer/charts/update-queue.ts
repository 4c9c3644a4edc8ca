import { nextTick } from 'vue';

// Chart updates share the page's one thread with everything else, and while a run streams in they could take
// all of it: then every task waits and grows, and the page stutters. Here one chart updates per task, and
// after each update the queue rests IDLE_FACTOR times as long as it took, so charts use at most about a
// quarter of the thread however many there are and however slow the machine; they simply redraw less often.

const IDLE_FACTOR = 3;
/** A slow update (a loaded machine, a huge first draw) must not stall the others for long. */
const MAX_REST_MS = 400;

const queue = new Map<object, () => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

/** Run `update` in its own task, after the charts queued before it; a chart queued again keeps its place. */
export function queueChartUpdate(owner: object, update: () => void): void {
  queue.set(owner, update);
  if (!timer) timer = setTimeout(pump, 0);
}

export function cancelChartUpdate(owner: object): void {
  queue.delete(owner);
}

async function pump() {
  const next = queue.entries().next();
  if (next.done) {
    timer = null;
    return;
  }
  const [owner, update] = next.value;
  queue.delete(owner);
  const t0 = performance.now();
  try {
    update();
    await nextTick(); // the chart's watcher (and ECharts' drawing) runs in Vue's flush
  } finally {
    const took = performance.now() - t0;
    timer = queue.size ? setTimeout(pump, Math.min(MAX_REST_MS, IDLE_FACTOR * took)) : null;
  }
}
