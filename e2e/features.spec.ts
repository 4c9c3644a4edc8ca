import { expect, test, type Page } from '@playwright/test';
import { architecture, savedRuns, shot, waitForStatus, backdropTints } from './helpers.js';

// TensorFlow Playground's controls in the Studio (issue 17): input features first.
test.use({ trace: 'off' }); // long-task measurements below

async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    (window as any).__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}
const longTasks = (page: Page): Promise<number[]> => page.evaluate(() => (window as any).__longTasks);

test.describe.serial('input features', () => {
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await watchLongTasks(page);
    await page.goto('/');
    await expect(page.getByText('Descent Studio').first()).toBeVisible();
  });
  test.afterAll(() => page.close());

  test('circles with x₁², x₂² and no hidden layer reach ≥ 95% test accuracy; the builder and the record follow', async () => {
    await page.getByTestId('preset-circles').click();
    await page.getByTestId('clear-model').click();
    await page.getByTestId('new-units').fill('1');
    await page.getByTestId('add-dense-identity').click();
    expect(await architecture(page)).toBe('2 → 1');
    const f = page.getByTestId('features');
    await expect(f.getByTestId('feature-x1')).toHaveAttribute('aria-pressed', 'true');
    await page.waitForTimeout(1500); // let the first charts settle
    // Every toggle re-validates the spec with the features computed (on the page): measure that work.
    await page.evaluate(() => ((window as any).__longTasks = []));
    await expect(f.getByTestId('feature-x1^2')).toHaveAttribute('aria-pressed', 'false');
    // Add the squares and x₁x₂: the input node and the architecture follow (5 inputs).
    for (const e of ['x1^2', 'x2^2', 'x1*x2']) await f.getByTestId(`feature-${e}`).click();
    expect(await architecture(page)).toBe('5 → 1');
    await expect(page.getByTestId('input-node')).toContainText('5 features');
    await expect(page.getByTestId('input-features')).toHaveText('x₁, x₂, x₁², x₂², x₁x₂');
    await expect(page.getByTestId('data-shape')).toContainText('2 inputs (as 5 features) → 1 output');
    // Keep only the squares.
    for (const e of ['x1', 'x2', 'x1*x2']) await f.getByTestId(`feature-${e}`).click();
    expect(await architecture(page)).toBe('2 → 1');
    await expect(page.getByTestId('input-features')).toHaveText('x₁², x₂²');

    // A typed feature is parsed by the expression parser: a mistake is underlined where it is.
    await f.getByTestId('feature-expr').fill('x1 + * x2');
    await f.getByTestId('feature-add').click();
    await expect(f.getByTestId('feature-error')).toContainText('expected a number, a variable or "(", got "*" at column 6');
    await expect(f.getByTestId('feature-error').locator('mark')).toHaveText('*');
    await f.getByTestId('feature-expr').fill('x3^2');
    await f.getByTestId('feature-add').click();
    await expect(f.getByTestId('feature-error')).toContainText('unknown variable "x3"; this expression may use x1, x2');
    await f.getByTestId('feature-expr').fill('sin(x1*x2)');
    await f.getByTestId('feature-add').click();
    await expect(f.getByTestId('feature-error')).toHaveCount(0);
    expect(await architecture(page)).toBe('3 → 1');
    await shot(page, 'features-data-panel');
    await f.getByRole('button', { name: 'Remove feature sin(x1*x2)' }).click();
    expect(await architecture(page)).toBe('2 → 1');
    const tasks = await longTasks(page);
    console.log(`long tasks while editing features (ms): [${tasks.map(Math.round).join(', ')}]`);
    expect(Math.max(0, ...tasks)).toBeLessThan(100);

    await page.getByTestId('optimizer').selectOption('adam');
    await page.locator('#opt-adam-lr').fill('0.1');
    await page.getByTestId('epochs').fill('60');
    await page.getByTestId('train').first().click();
    await waitForStatus(page, /completed/);
    // The boundary is drawn in the plane of x₁, x₂ through the features: an ellipse, both classes tinted.
    await expect(page.getByTestId('boundary-chart')).toContainText('after epoch 60');
    const tints = await backdropTints(page);
    expect(tints.orange).toBeGreaterThan(1000);
    expect(tints.blue).toBeGreaterThan(1000);
    await shot(page, 'features-circles-trained');
    const [run] = await savedRuns(page);
    expect(run.record.spec.features).toEqual(['x1^2', 'x2^2']);
    expect(run.record.config.data.source.features).toEqual(['x1^2', 'x2^2']);
    expect(run.record.config.model.input ?? run.record.config.data.features).toBe(2);
    expect(run.record.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  test('without the features the same linear model cannot, and Compare shows the inputs of each run', async () => {
    await page.getByTestId('tab-build').click();
    const f = page.getByTestId('features');
    for (const e of ['x1', 'x2', 'x1^2', 'x2^2']) await f.getByTestId(`feature-${e}`).click();
    await expect(page.getByTestId('input-features')).toHaveCount(0); // the inputs as they are: no features in the spec
    await page.getByTestId('train').first().click();
    await waitForStatus(page, /completed/);
    // The final record is stored right after the status shows: wait for it.
    await expect.poll(async () => (await savedRuns(page)).filter((r) => r.record.status === 'completed').length).toBe(2);
    const plain = (await savedRuns(page)).find((r) => !r.record.spec.features)!;
    expect(plain.record.final.testAccuracy).toBeLessThan(0.8);
    await page.getByTestId('tab-runs').click();
    for (const cb of await page.getByTestId('run-row').locator('input[type=checkbox]').all()) await cb.check();
    await page.getByTestId('compare').click();
    const row = page.getByTestId('compare-table').locator('tr[data-row="Model inputs"]');
    await expect(row.locator('td')).toHaveText([/^(x1\^2, x2\^2|—)$/, /^(x1\^2, x2\^2|—)$/]);
    expect(new Set(await row.locator('td').allTextContents())).toEqual(new Set(['x1^2, x2^2', '—']));
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'features-compare');
  });

  test('regularization: L1/L2 with a rate, refused beside weight decay with a one-click fix, penalty charted apart', async () => {
    await page.getByTestId('tab-build').click();
    const reg = page.getByTestId('regularization');
    await reg.getByTestId('reg-type').selectOption('l2');
    await reg.getByTestId('reg-rate').fill('0.01');
    await expect(reg.getByTestId('reg-clash')).toHaveCount(0);
    // AdamW decays the weights by default (weightDecay 0.01): L2 on top is refused, at the field.
    await page.getByTestId('optimizer').selectOption('adamw');
    await expect(reg.getByTestId('reg-clash')).toContainText("adamw's weightDecay 0.01 already decays the weights (decoupled");
    await expect(page.getByTestId('setup-problems')).toBeVisible();
    await reg.scrollIntoViewIfNeeded();
    await shot(page, 'features-regularization-clash');
    await reg.getByTestId('reg-fix-wd').click();
    await expect(reg.getByTestId('reg-clash')).toHaveCount(0);
    await expect(page.locator('#opt-adamw-weightDecay')).toHaveValue('0');
    await page.locator('#opt-adamw-lr').fill('0.05');
    await page.getByTestId('epochs').fill('40');
    await page.getByTestId('train').first().click();
    await waitForStatus(page, /completed/);
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-series', '3'); // train (data) loss, test loss, penalty
    await expect.poll(async () => (await savedRuns(page)).filter((r) => r.record.status === 'completed').length).toBe(3);
    const run = (await savedRuns(page)).find((r) => r.record.config.regularization)!;
    expect(run.record.config.regularization).toEqual({ type: 'l2', rate: 0.01 });
    expect(run.record.config.optimizer.options.weightDecay).toBe(0);
    expect(run.record.epochs.every((e: { penalty?: number }) => e.penalty! > 0)).toBe(true);
    await shot(page, 'features-regularization-trained');
  });

  test('function-boundary data: a typed f, its curve on the preview, noise and samples, trained', async () => {
    await page.getByTestId('tab-build').click();
    await page.getByTestId('reg-type').selectOption('none');
    await page.getByTestId('preset-boundary').click();
    const src = page.getByTestId('boundary-source');
    await expect(src.getByTestId('boundary-sine')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('data-preview')).toHaveAttribute('data-series', '5'); // 2 classes × train/test + the curve
    await src.getByTestId('boundary-f').fill('sin(3x)');
    await src.getByTestId('boundary-f').press('Enter');
    await src.getByTestId('boundary-f').blur();
    await expect(src.getByTestId('boundary-error')).toContainText('missing operator before "x" (write * to multiply) at column 6');
    await src.getByTestId('boundary-cubic').click();
    await expect(src.getByTestId('boundary-error')).toHaveCount(0);
    await expect(src.getByTestId('boundary-f')).toHaveValue('x^3 - x');
    await src.getByTestId('boundary-noise').fill('0.1');
    await expect(page.getByTestId('data-shape')).toContainText('2 inputs → 1 output · binary');
    await shot(page, 'features-boundary-data');
    await page.getByTestId('clear-model').click();
    await page.getByTestId('new-units').fill('16');
    await page.getByTestId('add-dense-tanh').click();
    await page.getByTestId('new-units').fill('1');
    await page.getByTestId('add-dense-identity').click();
    await page.getByTestId('optimizer').selectOption('adam');
    await page.locator('#opt-adam-lr').fill('0.03');
    await page.getByTestId('epochs').fill('80');
    await page.getByTestId('train').first().click();
    await waitForStatus(page, /completed/);
    await expect.poll(async () => (await savedRuns(page)).filter((r) => r.record.status === 'completed').length).toBe(4);
    const run = (await savedRuns(page)).find((r) => r.record.spec.data.boundary)!;
    expect(run.record.spec.data.boundary).toMatchObject({ f: 'x^3 - x', noise: 0.1 });
    expect(run.record.final.testAccuracy).toBeGreaterThanOrEqual(0.85);
    await shot(page, 'features-boundary-trained');
  });

  test('display: discretized class regions, test points shown or hidden, epochs per second', async () => {
    // The Train view of the function-boundary run above.
    await expect(page.getByTestId('epochs-per-second')).toHaveText(/^\d+(\.\d+)?k?$/);
    const chart = page.getByTestId('boundary-chart');
    await expect(chart).toHaveAttribute('data-series', '4'); // train and test, by class
    await chart.getByTestId('show-test').uncheck();
    await expect(chart).toHaveAttribute('data-series', '2');
    await chart.getByTestId('show-test').check();
    await expect(chart).toHaveAttribute('data-series', '4');
    const shades = () =>
      page.getByTestId('chart-backdrop').evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;
      });
    const smooth = await shades();
    await chart.getByTestId('discretize').check();
    await expect.poll(shades).toBeLessThan(smooth / 4); // two flat regions (edges aside) instead of a gradient
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'features-discretized');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await shot(page, 'features-discretized-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  });
});
