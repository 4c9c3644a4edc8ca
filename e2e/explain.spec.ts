import { expect, test } from '@playwright/test';
import { shot } from './helpers.js';

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
