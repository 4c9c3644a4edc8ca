import { expect, test, type Page } from '@playwright/test';
import { architecture, dragLayer, dragTo, savedRuns, shot, tabTo, waitForStatus, backdropTints } from './helpers.js';

// The studio as a person uses it, in the web build (IndexedDB run storage).

test.describe.serial('build, train, compare, reload, bad CSV', () => {
  let page: Page;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await page.goto('/');
    await expect(page.getByText('Descent Studio').first()).toBeVisible();
  });
  test.afterAll(() => page.close());

  test('drag layers to build 2→8→8→1 tanh, train Adam + step decay, then plain SGD, and compare', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByTestId('preset-circles').click();
    await page.getByTestId('clear-model').click();
    await expect(page.getByTestId('model-stack').locator('.layer-card')).toHaveCount(0);
    await page.getByTestId('new-units').fill('8');
    await dragLayer(page, 'dense-tanh');
    await dragLayer(page, 'dense-tanh');
    await page.getByTestId('new-units').fill('1');
    await dragLayer(page, 'dense-identity');
    expect(await architecture(page)).toBe('2 → 8 → 8 → 1');
    // The widths alone do not say where each tanh went; the screen reader's summary lists every layer.
    await expect(page.getByTestId('model-announcement')).toContainText('5 layers: 2, dense 8, tanh, dense 8, tanh, dense 1.');
    await expect(page.getByTestId('total-params')).toHaveText('105 parameters');
    await expect(page.getByTestId('layer-error')).toHaveCount(0);

    // One card per library layer: Dense, Tanh, Dense, Tanh, Dense (the nn.Sequential the run trains).
    const cards = page.getByTestId('model-stack').locator('.layer-card');
    await expect(cards).toHaveCount(5);
    // Reorder by dragging (the output layer to the top), see the model refuse to fit, then undo.
    await dragTo(page, cards.nth(4).locator('.handle'), cards.nth(0), 'top');
    expect(await architecture(page)).toBe('2 → 1 → 8 → 8');
    await expect(page.getByTestId('layer-error')).toContainText('Units must be 1: bceWithLogits compares the output with one value per sample');
    await page.getByTestId('undo').click();
    expect(await architecture(page)).toBe('2 → 8 → 8 → 1');
    await expect(page.getByTestId('layer-error')).toHaveCount(0);

    // Adam with a step-decay schedule; the LR preview redraws as options change.
    await page.getByTestId('optimizer').selectOption('adam');
    await page.locator('#opt-adam-lr').fill('0.03');
    await page.getByTestId('epochs').fill('120');
    await page.getByTestId('schedule').selectOption('step');
    await page.locator('#sched-step-stepSize').fill('40');
    await page.locator('#sched-step-gamma').fill('0.5');
    await expect(page.getByTestId('lr-preview')).toHaveAttribute('data-series', '1');
    await shot(page, 'builder');

    await page.getByTestId('train').first().click();
    // Training runs on the fast path: the WebAssembly SIMD backend with its worker pool.
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^wasm-/);
    await expect(page.getByTestId('backend')).toHaveText(/^fast \(\d threads?\)$/); // in a student's words; details on hover
    await waitForStatus(page, /completed/);
    await expect(page.getByTestId('boundary-chart')).toHaveAttribute('data-series', /[2-9]/); // points by class and split
    await expect(page.getByTestId('boundary-chart')).toContainText('after epoch 120');
    // The decision boundary is painted under the plot: both class colours appear on its canvas.
    const tints = await backdropTints(page);
    expect(tints.orange).toBeGreaterThan(1000);
    expect(tints.blue).toBeGreaterThan(1000);
    const [first] = await savedRuns(page);
    // What is stored is the library's own run record, in the Studio's small wrapper.
    expect(first.format).toBe('descent-studio-run');
    expect(first.record.format).toBe('descent-train-run');
    expect(first.record.status).toBe('completed');
    const epochs = first.record.epochs as { trainLoss: number; lr: number; testAccuracy: number; layers: Record<string, number[]> }[];
    expect(epochs).toHaveLength(120);
    expect(epochs[119].trainLoss).toBeLessThan(epochs[0].trainLoss * 0.3); // the loss fell
    expect(epochs[119].lr).toBeCloseTo(0.03 * 0.25, 12); // step decay applied twice
    expect(epochs[119].testAccuracy).toBeGreaterThan(0.85);
    expect(epochs[119].layers.updateRatio).toHaveLength(3);
    expect(first.record.spec.optimizer).toEqual({ name: 'adam', options: expect.objectContaining({ lr: 0.03 }) });
    // The update/weight ratio of each layer is charted beside the gradient norms.
    await expect(page.getByTestId('layer-chart-updateRatio')).toHaveAttribute('data-series', '3');
    await shot(page, 'training-adam');

    // Second run: plain SGD, no schedule.
    await page.getByTestId('tab-build').click();
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.locator('#opt-sgd-lr').fill('0.1');
    await page.getByTestId('schedule').selectOption('none');
    await page.getByTestId('train').first().click();
    await waitForStatus(page, /completed/);
    expect(await savedRuns(page)).toHaveLength(2);

    await page.getByTestId('tab-runs').click();
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(2);
    for (const cb of await rows.locator('input[type=checkbox]').all()) await cb.check();
    await page.getByTestId('compare').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await expect(page.getByTestId('compare-loss')).toHaveAttribute('data-series', '4'); // train + test per run
    await expect(page.getByTestId('compare-lr')).toHaveAttribute('data-series', '2');
    await page.getByTestId('diff-only').check();
    const table = page.getByTestId('compare-table');
    const optRow = table.locator('tr[data-row="Optimizer"]');
    await expect(optRow).toBeVisible();
    await expect(optRow.locator('td')).toHaveText(['SGD', 'Adam']);
    await expect(table.locator('tr[data-row="Epochs"]')).toHaveCount(0); // same in both: hidden
    await page.getByTestId('compare-view').scrollIntoViewIfNeeded();
    await shot(page, 'compare');
  });

  test('reload: both runs are still there', async () => {
    await page.reload();
    await page.getByTestId('tab-runs').click();
    await expect(page.getByTestId('run-row')).toHaveCount(2);
    await expect(page.getByTestId('run-row').first()).toContainText('completed');
  });

  test('a broken CSV shows a clear error and leaves the runs untouched', async () => {
    await page.getByTestId('tab-build').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-csv').click();
    await (await chooser).setFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n0.1,0.2,0\n0.3,abc,1\n0.5,0.6\n') });
    const err = page.getByTestId('csv-error');
    await expect(err).toContainText('Could not import broken.csv');
    await expect(err).toContainText('line 3');
    await expect(err).toContainText('"abc"');
    await expect(err).toContainText('"x2"');
    await expect(page.getByTestId('preset-circles')).toHaveAttribute('aria-checked', 'true');
    await shot(page, 'csv-error');
    await page.getByTestId('tab-runs').click();
    await expect(page.getByTestId('run-row')).toHaveCount(2);
    expect((await savedRuns(page)).map((r) => r.record.status)).toEqual(['completed', 'completed']);
  });
});

test('keyboard only: build a model, reorder, delete, undo and redo', async ({ page }) => {
  await page.goto('/');
  const isLabel = (l: string) => (e: { label: string | null }) => e.label === l;
  await tabTo(page, isLabel('Remove all layers'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('model-stack').locator('.layer-card')).toHaveCount(0);

  const addLayer = async (units: string, label: string) => {
    // Backwards from the end of the page (focus falls to <body> when Clear disables itself): the Training panel has many fields.
    await tabTo(page, isLabel('Units for new Dense layers'), true, 160);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(units);
    await tabTo(page, isLabel(label));
    await page.keyboard.press('Enter');
  };
  await addLayer('8', 'Add Dense · Tanh layer');
  await addLayer('8', 'Add Dense · Tanh layer');
  await addLayer('1', 'Add Dense (linear) layer');
  expect(await architecture(page)).toBe('2 → 8 → 8 → 1');

  // A dropout layer: added at the end (focus lands on it), moved up with Alt+↑, removed with Delete.
  await tabTo(page, isLabel('Add Dropout layer'), true);
  await page.keyboard.press('Enter');
  const cards = page.getByTestId('model-stack').locator('.layer-card');
  await expect(cards).toHaveCount(6);
  await expect(cards.nth(5)).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(cards.nth(4)).toHaveClass(/dropout/);
  await expect(cards.nth(4)).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(cards).toHaveCount(5);
  await page.keyboard.press('Control+z');
  await expect(cards).toHaveCount(6);
  await page.keyboard.press('Control+Shift+Z');
  await expect(cards).toHaveCount(5);
  expect(await architecture(page)).toBe('2 → 8 → 8 → 1');
  await expect(page.getByTestId('total-params')).toHaveText('105 parameters');
  // Edit an activation from the keyboard.
  await tabTo(page, isLabel('Activation of layer 2'), true);
  await page.keyboard.press('Home'); // first option: Sigmoid
  await expect(page.getByLabel('Activation of layer 2')).toHaveValue('sigmoid');
  await shot(page, 'keyboard-built');
});

test('every preset previews; regression shows the fitted curve, 4-feature Iris trains without a boundary', async ({ page }) => {
  await page.goto('/');
  for (const id of ['xor', 'circles', 'spirals', 'moons', 'blobs', 'linear', 'sine', 'iris']) {
    await page.getByTestId(`preset-${id}`).click();
    await expect(page.getByTestId('data-preview')).toHaveAttribute('data-series', /[1-9]/);
  }
  // Image data previews as images: 4 examples of each of the 10 digits, drawn (not a blank canvas).
  await page.getByTestId('preset-digits').click();
  await expect(page.getByTestId('data-preview')).toHaveCount(0);
  const grid = page.getByTestId('image-grid');
  await expect(grid).toHaveAttribute('data-images', '40');
  const inked = await grid.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255 && d[i] < 128) dark++;
    return dark / (d.length / 4);
  });
  expect(inked).toBeGreaterThan(0.05);
  await shot(page, 'digits-preview');
  await page.getByTestId('preset-sine').click();
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('16');
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('new-units').fill('1');
  await page.getByTestId('add-dense-identity').click();
  await expect(page.getByTestId('loss')).toHaveValue('mse');
  await page.getByTestId('epochs').fill('30');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  await expect(page.getByTestId('boundary-chart')).toContainText('Fitted curve');
  await expect(page.getByTestId('boundary-chart')).toHaveAttribute('data-series', '3'); // train, test, model
  await expect(page.getByTestId('acc-chart')).toHaveCount(0);

  await page.getByTestId('tab-build').click();
  await page.getByTestId('preset-iris').click();
  await expect(page.getByTestId('layer-error')).toContainText('Units must be 3: crossEntropy needs one output per class');
  await page.getByTestId('layer-error').getByRole('button', { name: 'Set to 3' }).click();
  await expect(page.getByTestId('loss')).toHaveValue('crossEntropy');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  await expect(page.getByTestId('boundary-chart')).toHaveCount(0);
  const runs = await savedRuns(page);
  expect(runs.map((r) => r.record.status).sort()).toEqual(['completed', 'completed']);
});

test('a diverging run is shown as diverged, with its epoch and batch', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('optimizer').selectOption('sgd');
  await page.locator('#opt-sgd-lr').fill('1000000');
  await page.getByTestId('loss').selectOption('mse');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /diverged/);
  await expect(page.getByTestId('diverged')).toContainText(/diverged at epoch \d+, batch \d+/);
  const [run] = await savedRuns(page);
  expect(run.record.status).toBe('diverged');
  expect(run.record.divergence.epoch).toBeGreaterThanOrEqual(1);
  await page.getByTestId('tab-runs').click();
  await expect(page.getByTestId('run-row').first()).toContainText('diverged');
});
