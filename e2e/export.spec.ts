import { expect, test, type Download } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot, waitForStatus } from './helpers.js';

// Take a run elsewhere from the Studio: the Train view's and the Runs view's "Export ▾" write the PyTorch
// script, the ONNX model and the TypeScript script of @descent/export. The PyTorch script is run with real
// PyTorch where it is installed (CI installs Debian's python3-torch): its --check compares its per-epoch losses
// with the run's record.
const dir = mkdtempSync(join(tmpdir(), 'descent-export-'));
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);

async function save(d: Download): Promise<string> {
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return path;
}

test('a trained run exports as a PyTorch script that reproduces it, as ONNX and as TypeScript', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('epochs').fill('8');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);

  // Train view: PyTorch.
  const menu = page.getByTestId('export-menu').first();
  await menu.locator('summary').click();
  await shot(page, 'export-menu');
  const [torchFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-torch').first().click()]);
  expect(torchFile.suggestedFilename()).toMatch(/\.py$/);
  const script = readFileSync(await save(torchFile), 'utf8');
  expect(script).toContain('nn.Sequential(');
  expect(script).toContain('torch.optim.Adam(');
  if (PYTHON) {
    const r = spawnSync(PYTHON, [join(dir, torchFile.suggestedFilename()), '--check'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^epoch 1 loss \d/m);
    expect(r.stdout).toMatch(/check: 8 epochs here, 8 in the Descent run; largest relative difference .*: ok/);
  } else test.info().annotations.push({ type: 'skip-part', description: 'no Python with torch: the script was not run' });

  // Runs view: ONNX and TypeScript of the same run.
  await page.getByTestId('tab-runs').click();
  const row = page.getByTestId('run-row').first();
  await row.getByTestId('export-menu').locator('summary').click();
  const [onnxFile] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-onnx').click()]);
  const onnx = readFileSync(await save(onnxFile));
  expect(onnxFile.suggestedFilename()).toMatch(/\.onnx$/);
  expect(onnx[0]).toBe(0x08); // field 1 (ir_version), varint: an ONNX ModelProto
  expect(onnx.includes(Buffer.from('Gemm'))).toBe(true);
  await row.getByTestId('export-menu').locator('summary').click();
  const [tsFile] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-ts').click()]);
  const ts = readFileSync(await save(tsFile), 'utf8');
  expect(ts).toContain("from '@descent/train'");
  await expect(page.getByTestId('export-error')).toHaveCount(0);
});
