import { parentPort } from 'node:worker_threads';
import { AREAS } from './areas/index.js';
import { describeError, runCase, type CaseResult } from './outcome.js';

// The fuzz worker: runs the cases it is sent, one at a time, and reports each (a 'start' before it, so the
// parent's watchdog knows which case hangs when a synchronous loop never returns).

export type ToWorker = { type: 'run'; area: string; seeds: number[] };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'start'; seed: number; what: string }
  | ({ type: 'result'; seed: number; what: string } & CaseResult)
  | { type: 'done' };

const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);

port.on('message', async (m: ToWorker) => {
  const area = AREAS.get(m.area);
  for (const seed of m.seeds) {
    let what = '(case could not be built)';
    let r: CaseResult;
    try {
      if (!area) throw new Error(`no fuzz area named ${m.area}`);
      const c = await area.make(seed);
      what = c.what;
      post({ type: 'start', seed, what });
      r = await runCase(c);
      if (r.ms > area.timeoutMs) r = { outcome: 'failure', detail: `too slow: ${r.ms.toFixed(0)} ms (limit ${area.timeoutMs} ms)`, ms: r.ms };
    } catch (e) {
      post({ type: 'start', seed, what });
      r = { outcome: 'failure', detail: `harness: ${describeError(e)}`, ms: 0 };
    }
    post({ type: 'result', seed, what, ...r });
  }
  post({ type: 'done' });
});
post({ type: 'ready' });
