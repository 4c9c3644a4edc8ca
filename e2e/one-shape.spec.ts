import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { savedRuns, waitForStatus } from './helpers.js';

// One run, one shape: the Studio edits, trains and saves @descent/train's RunSpec, so a CLI spec opens in
// the Studio and trains to the CLI's result, and an invalid field blocks Train instead of training on stale values.
const root = fileURLToPath(new URL('..', import.meta.url));
const examples = join(root, 'tools/train-cli/examples');

test('an invalid learning rate is marked and Train does not start', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('optimizer').selectOption('adam');
  await page.locator('#opt-adam-lr').fill('-3');
  const field = page.locator('[data-field="optimizer.options.lr"]');
  await expect(field).toHaveClass(/invalid/);
  await expect(field.getByRole('alert')).toHaveText('Learning rate must be at least 0, got -3');
  await expect(page.locator('#opt-adam-lr')).toHaveValue('-3'); // what counts is what is on screen
  await expect(page.getByTestId('setup-problems')).toContainText('1 setting needs fixing');
  // The button says it is disabled (aria-disabled); a click still explains why instead of training.
  await expect(page.getByTestId('train').first()).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('train').first().click({ force: true });
  await expect(page.getByTestId('tab-build')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'fix the marked fields' })).toBeVisible();
  expect(await savedRuns(page)).toEqual([]);
  // Fixed, it trains.
  await page.locator('#opt-adam-lr').fill('0.01');
  await page.getByTestId('epochs').fill('3');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
});

test('a CLI spec opens in the Studio (Open setup…) and trains to the CLI’s final loss', async ({ page }) => {
  test.setTimeout(120_000);
  const file = join(examples, 'circles-adam.json');
  // The CLI, as a user runs it.
  const out = join(mkdtempSync(join(tmpdir(), 'descent-e2e-cli-')), 'record.json');
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'tools/train-cli/src/cli.ts'), file, '--quiet', '--out', out], { cwd: root, env: { ...process.env, CI: 'true' } });
  const cli = JSON.parse(readFileSync(out, 'utf8'));

  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-setup').click();
  await (await chooser).setFiles(file);
  await expect(page.getByRole('status').filter({ hasText: 'Opened circles-adam.json' })).toBeVisible();
  await expect(page.getByTestId('epochs')).toHaveValue('100');
  await expect(page.locator('#opt-adam-lr')).toHaveValue('0.01');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/, 90_000);
  const [run] = await savedRuns(page);
  const studio = run.record;
  // Same spec, same seed, same float32 kernels: the same run.
  const { recordBatches: _r, ...sent } = studio.spec;
  expect(sent).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  expect(studio.epochs).toHaveLength(cli.epochs.length);
  const rel = Math.abs(studio.final.trainLoss - cli.final.trainLoss) / cli.final.trainLoss;
  console.log(`final train loss: Studio ${studio.final.trainLoss}, CLI ${cli.final.trainLoss} (relative difference ${rel.toExponential(2)})`);
  expect(rel).toBeLessThan(1e-5);
  expect(studio.final.testAccuracy).toBe(cli.final.testAccuracy);
});

test('Save setup… writes the RunSpec the CLI runs', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('epochs').fill('4');
  const download = page.waitForEvent('download');
  await page.getByTestId('save-setup').click();
  const path = await (await download).path();
  const spec = JSON.parse(readFileSync(path!, 'utf8'));
  expect(spec).toMatchObject({ epochs: 4, data: { preset: 'circles' }, optimizer: { name: 'adam' } });
  const out = join(mkdtempSync(join(tmpdir(), 'descent-e2e-cli-')), 'r.json');
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'tools/train-cli/src/cli.ts'), path!, '--quiet', '--out', out], { cwd: root, env: { ...process.env, CI: 'true' } });
  expect(JSON.parse(readFileSync(out, 'utf8')).epochs).toHaveLength(4);
});
