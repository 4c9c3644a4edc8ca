// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { cancelChartUpdate, queueChartUpdate } from './update-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function busy(ms: number) {
  const t = performance.now();
  while (performance.now() - t < ms);
}

describe('chart update queue', () => {
  it('runs one update per task, in order, the latest per chart, and rests 3× the time each update took', async () => {
    const ran: { name: string; at: number }[] = [];
    const a = {}, b = {}, c = {};
    const job = (name: string, ms: number) => () => (busy(ms), ran.push({ name, at: performance.now() }));
    queueChartUpdate(a, job('a1', 20));
    queueChartUpdate(b, job('b', 20));
    queueChartUpdate(c, job('c', 20));
    queueChartUpdate(a, job('a2', 20)); // a again: keeps its place, runs its latest update
    cancelChartUpdate(c);
    await sleep(400);
    expect(ran.map((r) => r.name)).toEqual(['a2', 'b']);
    // b started only after a's 20 ms plus a rest of about 60 ms
    expect(ran[1].at - ran[0].at).toBeGreaterThanOrEqual(20 + 55);
  });
});
