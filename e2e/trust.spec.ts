import { expect, test, type Page } from '@playwright/test';
import { shot, waitForStatus } from './helpers.js';

// Defects a new user hit (issue "Studio you can trust"), each checked where it was seen.

test('no request fails on load (the favicon is served, not a 404)', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto('/');
  await expect(page.getByTestId('tab-build')).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(icon).toBeTruthy();
  const res = await page.request.get(new URL(icon!, page.url()).href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('svg');
  await page.waitForTimeout(500);
  expect(failed).toEqual([]);
});

test('keyboard focus on a layer card is a solid accent ring', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('.stack .layer-card').first();
  await card.focus(); // programmatic focus after a key press counts as keyboard focus
  await page.keyboard.press('Shift'); // marks the focus as keyboard-driven for :focus-visible
  await card.focus();
  const ring = await card.evaluate((el) => {
    const s = getComputedStyle(el);
    return { width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor };
  });
  expect(ring.style).toBe('solid');
  expect(ring.width).toBeGreaterThanOrEqual(3);
  expect(ring.color).toBe('rgb(79, 70, 229)');
});

async function textFits(page: Page, testid: string) {
  return page.getByTestId(testid).evaluate((el: HTMLSelectElement) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const s = getComputedStyle(el);
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const text = el.selectedOptions[0].text;
    // text + padding + the arrow (about 24 px) must fit the box
    return { text, need: ctx.measureText(text).width + parseFloat(s.paddingLeft) + 24, have: el.clientWidth };
  });
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('Data, Model and Training sit side by side; Train from a scrolled page shows the run bar', async ({ page }) => {
    await page.goto('/');
    const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!;
    const data = await box('.data-panel'), setup = await box('.setup');
    expect(setup.y).toBeLessThan(data.y + 40); // same row, not below
    expect(setup.x).toBeGreaterThan(data.x + data.width);
    expect(setup.x + setup.width).toBeLessThanOrEqual(1280);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(1500);
    await shot(page, 'build-1280');
    // Every schedule name fits its dropdown.
    for (const name of ['none', 'cosineWarmRestarts', 'onecycle', 'plateau']) {
      await page.getByTestId('schedule').selectOption(name);
      const fit = await textFits(page, 'schedule');
      expect(fit.need, `"${fit.text}"`).toBeLessThanOrEqual(fit.have);
    }
    await page.getByTestId('schedule').selectOption('none');
    await page.getByTestId('epochs').fill('3');
    await page.mouse.wheel(0, 2000);
    await page.waitForFunction(() => window.scrollY > 100);
    await page.keyboard.press('Control+Enter');
    await waitForStatus(page, /completed/);
    const bar = await page.locator('.run-bar').boundingBox();
    const header = await page.locator('.topbar').boundingBox();
    expect(bar!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1); // not hidden under the sticky header
    await expect(page.getByTestId('run-status')).toBeInViewport();
  });
});

test('a diverged regression says why its charts are empty; its fitted-curve axis stays readable', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-sine').click();
  await page.getByTestId('clear-model').click();
  await page.getByTestId('new-units').fill('16');
  await page.getByTestId('add-dense-tanh').click();
  await page.getByTestId('new-units').fill('1');
  await page.getByTestId('add-dense-identity').click();
  await page.getByTestId('optimizer').selectOption('sgd');
  await page.locator('#opt-sgd-lr').fill('1000000');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /diverged/);
  await expect(page.getByTestId('diverged')).toBeVisible();
  for (const id of ['loss-chart', 'lr-chart']) {
    await expect(page.getByTestId(id).getByTestId('chart-empty')).toContainText(/Nothing to plot: the run diverged in epoch 1, batch \d+, before its first epoch ended\./);
  }
  await shot(page, 'diverged-regression');
});

test('Iris preview names the species in a legend above the points', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-iris').click();
  await expect(page.getByTestId('data-preview')).toHaveAttribute('data-series', /[1-9]/);
  await shot(page, 'iris-legend');
});

test('Help opens an About panel: version, libraries, shortcuts, where runs are stored; Escape closes it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('open-about').click();
  const dialog = page.getByRole('dialog', { name: /Descent Studio \d+\.\d+\.\d+/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeFocused();
  await expect(page.getByTestId('about-libraries')).toContainText('@descent/autodiff');
  await expect(page.getByTestId('about-libraries').locator('tr')).toHaveCount(8);
  await expect(dialog).toContainText('Ctrl+Enter');
  await expect(page.getByTestId('about-storage')).toContainText('stored in this browser (IndexedDB)');
  await shot(page, 'about');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('open-about')).toBeFocused();
});

test('Copy link shares the whole setup; the link restores it, a damaged link says so and keeps the default', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByTestId('preset-moons').click();
  await page.getByTestId('optimizer').selectOption('rmsprop');
  await page.locator('#opt-rmsprop-lr').fill('0.003');
  await page.getByTestId('schedule').selectOption('cosine');
  await page.getByTestId('epochs').fill('37');
  await page.getByTestId('copy-link').click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#setup=[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId('link-shown')).toHaveValue(link);

  // A fresh browser (no stored setup) opens the link.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await expect(p2.getByRole('status').filter({ hasText: 'Opened the setup from the link.' })).toBeVisible();
  await expect(p2.getByTestId('preset-moons')).toHaveAttribute('aria-checked', 'true');
  await expect(p2.getByTestId('optimizer')).toHaveValue('rmsprop');
  await expect(p2.locator('#opt-rmsprop-lr')).toHaveValue('0.003');
  await expect(p2.getByTestId('schedule')).toHaveValue('cosine');
  await expect(p2.getByTestId('epochs')).toHaveValue('37');
  expect(new URL(p2.url()).hash).toBe(''); // the setup lives in the store now; a reload keeps later edits
  await p2.reload();
  await expect(p2.getByTestId('epochs')).toHaveValue('37');

  // A damaged link: a clear message, and the default setup.
  const p3 = await (await browser.newContext()).newPage();
  await p3.goto(link.slice(0, -7) + '$$$');
  await expect(p3.getByRole('status').filter({ hasText: /The link's setup could not be read \(it is not base64url text/ })).toBeVisible();
  await expect(p3.getByTestId('preset-circles')).toHaveAttribute('aria-checked', 'true');
  await shot(p3, 'damaged-link');

  // "Open link…" takes a pasted link (how the desktop app, without an address bar, opens one).
  await p3.getByTestId('open-link').click();
  await p3.getByTestId('link-input').fill(link);
  await p3.getByTestId('link-open').click();
  await expect(p3.getByTestId('epochs')).toHaveValue('37');
  await other.close();
});

test('dark mode follows the system, the toggle overrides it (kept across reloads), and the charts follow', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const panel = () => page.locator('.setup').evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect.poll(bg).toBe('rgb(11, 17, 32)');
  expect(await panel()).toBe('rgb(17, 24, 39)');
  await expect(page.getByTestId('theme-toggle')).toHaveText('◐ Auto');
  await shot(page, 'dark-build');
  await page.getByTestId('theme-toggle').click(); // → light
  await expect(page.getByTestId('theme-toggle')).toHaveText('☀ Light');
  await expect.poll(bg).toBe('rgb(243, 245, 250)');
  await page.getByTestId('theme-toggle').click(); // → dark, even on a light system
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.getByTestId('theme-toggle')).toHaveText('☾ Dark');
  await expect.poll(bg).toBe('rgb(11, 17, 32)');
  await page.getByTestId('epochs').fill('5');
  await page.getByTestId('train').first().click();
  await expect(page.getByTestId('run-status')).toHaveText(/completed/, { timeout: 60_000 });
  await shot(page, 'dark-train');
});

// Issue "Studio you can trust", item 11: the decision boundary is drawn smooth, not as blocks. The 96×96
// prediction grid is scaled up with image smoothing, so across the boundary the colour changes by many small
// steps; drawn blocky it would change by a few large jumps at cell edges.
test('the decision boundary is smooth: the colour changes gradually across it, not in blocks', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-circles').click();
  await page.getByTestId('optimizer').selectOption('adam');
  await page.locator('#opt-adam-lr').fill('0.03');
  await page.getByTestId('epochs').fill('80');
  await page.getByTestId('train').first().click();
  await waitForStatus(page, /completed/);
  await expect(page.getByTestId('test-acc')).toHaveText(/^(9\d|100)\.\d%$/);
  const img = await page.getByTestId('chart-backdrop').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    // Blue channel: the orange class's tint is low, the blue one's high. Largest step between neighbours in a row.
    let biggest = 0, lo = 255, hi = 0;
    for (let y = 0; y < c.height; y++)
      for (let x = 1; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        if (d[i + 3] !== 255 || d[i - 1] !== 255) continue;
        lo = Math.min(lo, d[i + 2]);
        hi = Math.max(hi, d[i + 2]);
        biggest = Math.max(biggest, Math.abs(d[i + 2] - d[i - 2]));
      }
    return { biggest, range: hi - lo };
  });
  console.log(`backdrop: biggest step between neighbouring pixels ${img.biggest} of a colour range of ${img.range}`);
  expect(img.range).toBeGreaterThan(60); // both classes' tints
  expect(img.biggest).toBeLessThan(img.range / 4);
});
