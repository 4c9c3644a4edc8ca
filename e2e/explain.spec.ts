import { expect, test } from '@playwright/test';
import { shot, waitForStatus, buildMlp } from './helpers.js';

// The explanation layer: every term of the Training panel explains itself on hover or keyboard focus, with its
// update rule as KaTeX maths taken from the library's metadata.
test('hover and focus explain the optimizer, its hyperparameters, the batch modes and activations, with maths', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('optimizer').selectOption('sgd');
  const lr = page.getByRole('button', { name: /^Explain Learning rate/ });
  await lr.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('Learning rate (step size).');
  await expect(tip.locator('.katex')).toHaveCount(5); // η (lr), then SGD's four lines
  await expect(tip.locator('annotation').first()).toHaveText('\\eta\\ \\text{(lr)}');
  await shot(page, 'explain-lr');
  await page.mouse.move(0, 0);
  await expect(tip).toHaveCount(0);

  // Keyboard: focus opens, Escape closes.
  const momentum = page.getByRole('button', { name: /^Explain Momentum/ });
  await momentum.focus();
  await expect(page.getByRole('tooltip')).toContainText('Momentum factor');
  await expect(page.getByRole('tooltip').locator('annotation').nth(2)).toContainText('b_t = \\mu\\, b_{t-1} + (1 - \\tau)\\, g_t');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);

  await page.getByRole('button', { name: 'Explain Adam' }).count(); // not shown: SGD is selected
  await page.getByRole('button', { name: 'Explain SGD (one row)' }).hover();
  await expect(page.getByRole('tooltip')).toContainText('noisy but unbiased');

  // An activation in the model stack, with the vanishing-gradient bound for the sigmoid.
  await page.getByLabel('Activation of layer 2').selectOption('sigmoid');
  await page.getByRole('button', { name: 'Explain Sigmoid' }).first().hover();
  await expect(page.getByRole('tooltip')).toContainText('σ′ ≤ 1/4');
  await shot(page, 'explain-sigmoid');
});

// Teaching notes: the library's adviseRun on the run's epochs, in the Train view, each linking to a demonstration.
test("a deep sigmoid net gets the vanishing-gradients note; a learning rate far too high links to the Lab's scenario", async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-circles').click();
  await buildMlp(page, [8, 8, 8, 8, 8], 'sigmoid');
  await page.getByTestId('optimizer').selectOption('sgd');
  await page.locator('#opt-sgd-lr').fill('0.1');
  await page.getByTestId('epochs').fill('3');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  const vanishing = page.locator('[data-advice="vanishing-gradients"]');
  await expect(vanishing).toContainText(/gradient norms of the first \d layers are below 1\.0e-4 .* vanishing gradients; try ReLU or fewer sigmoid layers/);
  await shot(page, 'advice-vanishing');

  // Full-batch gradient descent on the sine regression at lr 2: the loss climbs by orders of magnitude each epoch.
  await page.getByTestId('tab-build').click();
  await page.getByTestId('preset-sine').click();
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('16');
  await page.getByTestId('add-dense-relu').click();
  await page.getByTestId('new-units').fill('1');
  await page.getByTestId('add-dense-identity').click();
  await page.getByTestId('batch-full').check();
  await page.locator('#opt-sgd-lr').fill('2');
  await page.getByTestId('epochs').fill('6');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed|diverged/);
  const high = page.locator('[data-advice="lr-too-high"]');
  await expect(high).toContainText('learning rate too high');
  await expect(page.locator('[data-advice="vanishing-gradients"]')).toHaveCount(0);
  await shot(page, 'advice-lr-too-high');
  await page.getByTestId('advice-link-lr-too-high').click();
  await expect(page.getByTestId('tab-lab')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('lab-scenario')).toHaveValue('lr-too-large');
});
