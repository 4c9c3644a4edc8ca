import { test, expect } from '@playwright/test';

// core-tensor's worker-thread backend from the same package code as in Node, here in Chromium's Web Workers.
test('thread backend runs in browser Web Workers with results identical to one thread', async ({ page }) => {
  await page.goto('http://127.0.0.1:4175/');
  const result = await page.waitForFunction(() => (window as unknown as { threadResult?: unknown }).threadResult, undefined, { timeout: 60_000 });
  const r = (await result.jsonValue()) as { backend?: string; crossOriginIsolated?: boolean; identical?: boolean[]; error?: string };
  expect(r.error).toBeUndefined();
  expect(r.crossOriginIsolated).toBe(true);
  expect(r.backend).toBe('threads(2)');
  expect(r.identical).toEqual([true, true, true, true, true]);
  await page.screenshot({ path: 'e2e/screenshots/thread-backend.png' });
});
