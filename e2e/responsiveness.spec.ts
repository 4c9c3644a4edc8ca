import { expect, test } from '@playwright/test';
import { shot, waitForStatus } from './helpers.js';

// Training runs in a Web Worker: the page must stay responsive. Tracing snapshots the DOM from inside the
// page and would itself cause long tasks, so this file measures without it.
test.use({ trace: 'off' });

test('training never blocks the main thread for more than 100 ms', async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/');
  // Warm-up run so the charts exist; then measure a longer run.
  await page.getByTestId('epochs').fill('5');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  await page.getByTestId('tab-build').click();
  await page.getByTestId('preset-blobs').click();
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('32');
  await page.getByTestId('add-dense-relu').click();
  await page.getByTestId('add-dense-relu').click();
  await page.getByTestId('new-units').fill('3');
  await page.getByTestId('add-dense-identity').click();
  await page.getByLabel('Samples').fill('1000');
  await page.getByTestId('batch-sgd').check();
  await page.getByTestId('epochs').fill('2000'); // far longer than the test: it is stopped below
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /running/);
  await page.waitForTimeout(1500);
  await shot(page, 'training-in-progress');
  // Measure from here on: training keeps running while the page is used.
  await page.evaluate(() => ((window as any).__longTasks = []));
  await page.waitForTimeout(1500);
  // Interact while it trains: pause, single step, resume.
  await page.getByTestId('pause').first().click();
  await waitForStatus(page, /paused/);
  const before = await page.getByTestId('status-text').textContent();
  await page.getByTestId('step').first().click();
  await expect(page.getByTestId('status-text')).not.toHaveText(before!);
  await page.getByTestId('resume').first().click();
  await waitForStatus(page, /running/);
  await page.waitForTimeout(2500);
  await page.getByTestId('stop').first().click();
  await waitForStatus(page, /stopped/);
  await expect(page.getByTestId('status-text')).toContainText('Stopped at epoch');
  const tasks: number[] = await page.evaluate(() => (window as any).__longTasks);
  console.log(`long tasks while training (ms): [${tasks.map(Math.round).join(', ')}]`);
  expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')}`).toBeLessThan(100);
});
