// Runs core-tensor's worker-thread backend in a Web Worker (a page's main thread may not block on
// Atomics.wait) and shows the result for the end-to-end test.
const w = new Worker(new URL('./threads.worker.ts', import.meta.url), { type: 'module' });
w.onmessage = (e: MessageEvent) => {
  (window as unknown as { threadResult: unknown }).threadResult = e.data;
  document.getElementById('out')!.textContent = JSON.stringify(e.data, null, 2);
};
