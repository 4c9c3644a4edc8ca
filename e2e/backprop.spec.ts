import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHOTS, shot, waitForStatus, buildMlp } from './helpers.js';

// The Backprop panel in the Train view: the four equations for a picked training sample (or its batch),
// computed in the worker from the model being trained; per-unit thumbnails that follow training; and the
// vanishing gradient of a deep sigmoid net. Long tasks are measured, so tracing is off (it snapshots the DOM).
test.use({ trace: 'off' });
const DOCS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
/** The sticky top bar would cover the top of a tall element's screenshot. */
const NO_TOPBAR = '.topbar { visibility: hidden !important; }';

async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** "x₁ = 0.123, x₂ = -0.4 · target …" → [x₁, x₂] of the summary's sample. */
async function sampleXY(page: Page): Promise<[number, number]> {
  const t = (await page.getByTestId('bp-summary').textContent()) ?? '';
  const m = /= (-?[\d.e+-]+), \S+ = (-?[\d.e+-]+)/.exec(t);
  expect(m, t).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

const thumbUrl = (page: Page, i = 2) => page.getByTestId('bp-thumb').nth(i).evaluate((c) => (c as HTMLCanvasElement).toDataURL());

test('pick a sample, read the equations, switch to the batch, watch the units learn (no long task)', async ({ page }) => {
  test.setTimeout(240_000); // a loaded machine slows every step
  await watchLongTasks(page);
  await page.goto('/');
  await page.getByTestId('preset-circles').click();
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('6');
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('new-units').fill('1');
  await page.getByTestId('add-dense-identity').click();
  await page.getByTestId('batch-mini').check();
  await page.getByTestId('batch-size').fill('16');
  await page.getByTestId('epochs').fill('50000'); // far longer than the test (3000 could finish inside it on a fast machine): stopped below
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /running/);
  await page.waitForTimeout(800);
  await page.getByTestId('pause').first().click();
  await waitForStatus(page, /paused/);

  const panel = page.getByTestId('backprop-panel');
  await panel.getByTestId('backprop-toggle').click();
  const summary = page.getByTestId('bp-summary');
  await expect(summary).toHaveAttribute('data-sample', '0');
  // Every layer, labelled with the equation that produced δ, and BP3/BP4 for the gradients, in KaTeX.
  await expect(page.getByTestId('bp-layer-3')).toHaveAttribute('data-equation', 'BP1');
  await expect(page.getByTestId('bp-layer-1')).toHaveAttribute('data-equation', 'BP2');
  for (const eq of ['BP1', 'BP2', 'BP3', 'BP4']) await expect(panel.getByTestId('bp-eq-badge').filter({ hasText: eq }).first()).toBeVisible();
  await expect(page.getByTestId('bp-delta-3').locator('.katex')).toContainText('δ');
  await expect(page.getByTestId('bp-heat-delta-2')).toHaveAttribute('data-cols', '6');
  await expect(page.getByTestId('bp-heat-gradWeight-2')).toHaveAttribute('data-rows', '6');
  // Values on hover.
  await page.getByTestId('bp-heat-delta-1').hover({ position: { x: 2 * 14 + 7, y: 7 } }); // the third cell (14 px each)
  await expect(page.getByTestId('bp-layer-1').getByTestId('bp-readout')).toHaveText(/^δ1\[3\] = -?[\d.e+-]+$/);

  // "next sample": a new sample, new numbers.
  const loss0 = await page.getByTestId('bp-loss').textContent();
  const delta0 = await page.getByTestId('bp-heat-delta-1').getAttribute('data-first');
  const xy0 = await sampleXY(page);
  await page.getByTestId('bp-next').click();
  await expect(summary).toHaveAttribute('data-sample', '1');
  const xy1 = await sampleXY(page);
  expect(xy1).not.toEqual(xy0);
  expect([await page.getByTestId('bp-loss').textContent(), await page.getByTestId('bp-heat-delta-1').getAttribute('data-first')]).not.toEqual([loss0, delta0]);
  await page.getByTestId('bp-prev').click();
  await expect(summary).toHaveAttribute('data-sample', '0');

  // Click the data plot: the nearest training point is picked (left-top click → smaller x₁, larger x₂).
  await page.getByTestId('boundary-chart').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('boundary-chart').locator('.chart-box').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await expect(summary).not.toHaveAttribute('data-sample', '0');
  const a = await sampleXY(page);
  const sa = await summary.getAttribute('data-sample');
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.75);
  await expect(summary).not.toHaveAttribute('data-sample', sa!);
  const b = await sampleXY(page);
  expect(a[0]).toBeLessThan(b[0]);
  expect(a[1]).toBeGreaterThan(b[1]);
  await shot(page, 'backprop-picked');

  // The batch average: the picked sample's batch of 16 rows, mean reduction (the loss's).
  await page.getByTestId('bp-mode-batch').check();
  await expect(summary).toHaveAttribute('data-mode', 'batch');
  await expect(summary).toContainText(/batch rows #\d+–#\d+ \(mean over 16/);
  await expect(page.getByTestId('bp-heat-delta-1')).toHaveAttribute('data-rows', '16');
  await page.getByTestId('bp-mode-sample').check();
  await expect(summary).toHaveAttribute('data-mode', 'sample');
  await expect(page.getByTestId('bp-heat-delta-1')).toHaveAttribute('data-rows', '1');

  // Thumbnails: one per input and hidden/output unit (2 + 6 + 6 + 1), following training.
  await expect(page.getByTestId('bp-thumb')).toHaveCount(15);
  const url0 = await thumbUrl(page);
  const steps0 = Number(await summary.getAttribute('data-steps'));
  const v0 = Number(await panel.getAttribute('data-version'));
  await page.evaluate(() => ((window as any).__longTasks = []));
  await page.getByTestId('resume').first().click();
  await waitForStatus(page, /running/);
  await page.waitForTimeout(1200);
  const v1 = Number(await panel.getAttribute('data-version'));
  const url1 = await thumbUrl(page);
  await page.waitForTimeout(1200);
  const v2 = Number(await panel.getAttribute('data-version'));
  const url2 = await thumbUrl(page);
  expect(v1).toBeGreaterThan(v0);
  expect(v2).toBeGreaterThan(v1);
  expect(url1).not.toBe(url0);
  expect(url2).not.toBe(url1);
  expect(Number(await summary.getAttribute('data-steps'))).toBeGreaterThan(steps0);
  const tasks: number[] = await page.evaluate(() => (window as any).__longTasks);
  console.log(`long tasks while training with the Backprop panel open (ms): [${tasks.map(Math.round).join(', ')}]; answers ${v0}→${v2}; last answer applied in ${await panel.getAttribute('data-render-ms')} ms`);

  await page.getByTestId('pause').first().click();
  await waitForStatus(page, /paused/);
  await panel.scrollIntoViewIfNeeded();
  await shot(page, 'backprop-panel');
  await page.getByTestId('backprop-panel').screenshot({ path: `${SHOTS}backprop-panel-full.png`, style: NO_TOPBAR });
  if (process.env.DOCS_SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    await panel.screenshot({ path: `${DOCS}backprop-panel.png`, style: NO_TOPBAR });
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.waitForTimeout(300);
  await page.getByTestId('backprop-panel').screenshot({ path: `${SHOTS}backprop-panel-dark.png`, style: NO_TOPBAR });
  await page.getByTestId('stop').first().click();
  await waitForStatus(page, /stopped/);
  // Checked last, so the screenshots above exist even when a loaded machine makes this fail.
  expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')}`).toBeLessThan(100);
});

test('vanishing gradients: a 6-layer sigmoid net with SGD 0.1, measured per layer on a log scale', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.getByTestId('preset-circles').click();
  await buildMlp(page, [8, 8, 8, 8, 8], 'sigmoid');
  await page.getByTestId('optimizer').selectOption('sgd');
  await page.locator('#opt-sgd-lr').fill('0.1');
  await page.getByTestId('epochs').fill('5');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  // The finished model can still be inspected.
  await page.getByTestId('backprop-toggle').click();
  await page.getByTestId('bp-mode-batch').check();
  await expect(page.getByTestId('bp-summary')).toHaveAttribute('data-mode', 'batch');
  const view = page.getByTestId('bp-vanishing');
  await expect(view.locator('[data-testid^=bp-flow-]')).toHaveCount(6);
  const g1 = Number(await page.getByTestId('bp-flow-1').getAttribute('data-grad-norm'));
  const g6 = Number(await page.getByTestId('bp-flow-6').getAttribute('data-grad-norm'));
  console.log(`‖∂C/∂W‖ of the batch: layer 1 ${g1.toExponential(2)}, layer 6 ${g6.toExponential(2)}`);
  expect(g1).toBeGreaterThan(0);
  expect(g1 / g6).toBeLessThan(1e-2);
  const d = await Promise.all([1, 2, 3, 4, 5, 6].map(async (l) => Number(await page.getByTestId(`bp-flow-${l}`).getAttribute('data-delta-norm'))));
  for (let l = 0; l < 5; l++) expect(d[l]).toBeLessThan(d[l + 1]); // shrinks on every step down
  await expect(page.getByTestId('bp-vanish-summary')).toContainText(/sigmoid layer multiplies δ by σ′\(z\) ≤ ¼/);
  await expect(view).toContainText('≤ ¼');
  await view.scrollIntoViewIfNeeded();
  await shot(page, 'backprop-vanishing');
  if (process.env.DOCS_SCREENSHOTS) {
    mkdirSync(DOCS, { recursive: true });
    await page.locator('.bp-top').screenshot({ path: `${DOCS}backprop-vanishing.png` });
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await page.waitForTimeout(300);
  await page.locator('.bp-top').screenshot({ path: `${SHOTS}backprop-vanishing-dark.png` });
});
