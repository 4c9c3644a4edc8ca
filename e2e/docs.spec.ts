import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { waitForStatus } from './helpers.js';

// Regenerates the screenshots in docs/screenshots (builder, a training in progress, the comparison view).
// Run on purpose: DOCS_SCREENSHOTS=1 npx playwright test -c e2e/playwright.config.ts docs
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
test.use({ viewport: { width: 1440, height: 960 }, trace: 'off' });

test('docs screenshots', async ({ page }) => {
  test.skip(!process.env.DOCS_SCREENSHOTS, 'set DOCS_SCREENSHOTS=1 to regenerate docs/screenshots');
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByTestId('preset-spirals').click();
  await page.getByLabel('Samples').fill('400');
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('16');
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('add-dropout').click();
  await page.getByTestId('new-units').fill('1');
  await page.getByTestId('add-dense-identity').click();
  await page.getByTestId('optimizer').selectOption('adam');
  await page.locator('#opt-adam-lr').fill('0.02');
  await page.getByTestId('epochs').fill('400');
  await page.getByTestId('schedule').selectOption('cosine');
  await page.locator('h2#builder-title').click();
  await page.screenshot({ path: `${OUT}builder.png` });

  // Per-sample SGD steps (the lecture's SGD) make the run long enough to catch it while it is running.
  await page.getByTestId('batch-sgd').check();
  await page.locator('#opt-adam-lr').fill('0.004');
  await page.getByTestId('train').first().click();
  await expect(page.getByTestId('boundary-chart')).toContainText(/after epoch ([6-9]\d|\d{3})/, { timeout: 60_000 });
  await page.waitForTimeout(500);
  await expect(page.getByTestId('status-text')).toContainText(/epoch/);
  await page.screenshot({ path: `${OUT}training.png` });
  await waitForStatus(page, /completed/, 120_000);

  await page.getByTestId('tab-build').click();
  await page.getByTestId('optimizer').selectOption('sgd');
  await page.locator('#opt-sgd-lr').fill('0.1');
  await page.locator('#opt-sgd-momentum').fill('0.9');
  await page.getByTestId('batch-mini').check();
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed|diverged/, 120_000);

  await page.getByTestId('tab-runs').click();
  for (const cb of await page.getByTestId('run-row').locator('input[type=checkbox]').all()) await cb.check();
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-series', '4');
  await page.getByTestId('diff-only').check();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${OUT}compare.png`, fullPage: true });
});
