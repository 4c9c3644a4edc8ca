import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { shot } from './helpers.js';

// The Optimizer Lab in the web build: surfaces, a typed function (and its syntax error), a three-way race,
// stepping, the noise slider, every scenario, Newton's method, the shareable link, the 3-D view, and a
// responsive main thread while it computes. DOCS_SCREENSHOTS=1 also writes docs/screenshots/lab-*.png.

// Tracing snapshots the DOM from inside the page and would itself cause long tasks (see responsiveness.spec.ts).
test.use({ trace: 'off' });

const DOCS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const SCENARIOS = ['lr-too-large', 'momentum-ravine', 'local-minimum', 'saddle-noise', 'adam-vs-sgd', 'step-decay', 'cyclic-escape', 'newton'];

async function openLab(page: Page, hash = '') {
  await page.goto(`/${hash}`);
  await page.getByTestId('tab-lab').click();
  await expect(page.getByTestId('lab-view')).toBeVisible();
  await expect(page.getByTestId('lab-map')).toBeVisible();
}
/** Wait until the worker has finished and every racer has a row in the table. */
async function settled(page: Page) {
  await expect(page.getByTestId('lab-computing')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('lab-results').locator('tbody tr', { hasText: 'computing…' })).toHaveCount(0);
}
const tNow = async (page: Page) => Number((await page.getByTestId('lab-t').textContent())!.match(/t = (\d+)/)![1]);
/** The map's pixels, to tell two drawings apart. */
const mapPixels = (page: Page) => page.getByTestId('lab-map').evaluate((c: HTMLCanvasElement) => c.toDataURL());

test.describe('Optimizer Lab', () => {
  test('picking a surface draws it, with its formula and f*', async ({ page }) => {
    await openLab(page);
    await settled(page);
    const before = await mapPixels(page);
    await page.getByTestId('lab-surface-rosenbrock').click();
    await expect(page.getByTestId('lab-latex')).toContainText('f(x,y)=');
    await expect(page.getByTestId('lab-fstar')).toHaveText('f* = 0 at (1, 1)');
    await expect(page.getByTestId('lab-x0')).toHaveValue('-1.5');
    await settled(page);
    expect(await mapPixels(page)).not.toBe(before);
    await page.getByTestId('lab-surface-ravine').click();
    await page.getByTestId('lab-kappa').fill('2');
    await expect(page.getByTestId('lab-kappa-value')).toHaveText('100');
    await expect(page.getByTestId('lab-latex')).toContainText('100');
    await page.getByTestId('lab-surface-saddle').click();
    await expect(page.getByTestId('lab-fstar')).toContainText('No minimum');
    await settled(page);
    await expect(page.getByTestId('lab-results').locator('[data-col="f-at"]').first()).toHaveText('n/a');
    await shot(page, 'lab-surface-saddle');
  });

  test('a typed function: a syntax error points at the character, the fixed one races', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-surface-custom').click();
    const input = page.getByTestId('lab-expression');
    await input.fill('x^2 + 3y^2');
    const error = page.getByTestId('lab-expression-error');
    await expect(error).toContainText('missing operator before "y" (write * to multiply) at column 8');
    await expect(error.locator('mark')).toHaveText('y');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('lab-map-empty')).toContainText('Fix the fields marked in red');
    await shot(page, 'lab-expression-error');
    await input.fill('x^2 + 3*y^2 + sin(2*x)');
    await expect(error).toHaveCount(0);
    await expect(page.getByTestId('lab-latex')).toContainText('sin');
    await expect(page.getByTestId('lab-fstar')).toContainText('f* ≈');
    await settled(page);
    await expect(page.getByTestId('lab-results').locator('tbody tr')).toHaveCount(3);
    await expect(page.getByTestId('lab-results')).not.toContainText('Not run');
    // Never eval: a JavaScript expression is not an expression of the language.
    await input.fill('alert(1)');
    await expect(error).toContainText('unknown function "alert"');
  });

  test('three optimizers race; play, pause, step and reset', async ({ page }) => {
    await openLab(page);
    await settled(page);
    for (const id of ['a', 'b', 'c']) await page.getByTestId(`racer-${id}`).getByTestId('racer-remove').click();
    await expect(page.locator('.racer-card')).toHaveCount(0);
    for (const kind of ['vgd', 'momentum', 'adam']) {
      await page.getByTestId('add-racer-kind').selectOption(kind);
      await page.getByTestId('add-racer').click();
    }
    await expect(page.locator('.racer-card')).toHaveCount(3);
    await expect(page.locator('.racer-card').nth(2).getByTestId('racer-formula')).toContainText('\\hat m = \\frac{m}{(1 - \\beta_1^t)}');
    await settled(page);
    await page.getByTestId('lab-reset').click();
    await expect(page.getByTestId('lab-t')).toContainText('t = 0 ');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => tNow(page), { timeout: 10_000 }).toBeGreaterThan(30);
    await page.getByTestId('lab-pause').click();
    const paused = await tNow(page);
    await page.waitForTimeout(300);
    expect(await tNow(page)).toBe(paused);
    await expect(page.getByTestId('lab-loss-chart')).toHaveAttribute('data-series', '3');
    await shot(page, 'lab-race-three');
    // Step one iteration at a time from the start: the arrows show the step about to be taken.
    await page.getByTestId('lab-reset').click();
    for (let i = 1; i <= 3; i++) {
      await page.getByTestId('lab-step').click();
      await expect(page.getByTestId('lab-t')).toContainText(`t = ${i} `);
    }
    await expect(page.locator('#lab-results-title')).toHaveText('Results at t = 3');
    await expect(page.getByTestId('lab-arrows')).toContainText('Δθ = (');
    await page.locator('.racer-card').nth(1).click();
    await expect(page.getByTestId('lab-arrows')).toContainText('velocity v');
    await shot(page, 'lab-step-arrows');
  });

  test('clicking the map moves the start point', async ({ page }) => {
    await openLab(page);
    await settled(page);
    const box = (await page.getByTestId('lab-map').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
    await expect(page.getByTestId('lab-x0')).not.toHaveValue('-2.7');
    const x0 = Number(await page.getByTestId('lab-x0').inputValue());
    const y0 = Number(await page.getByTestId('lab-y0').inputValue());
    expect(x0).toBeGreaterThan(0);
    expect(y0).toBeGreaterThan(0);
    await settled(page);
    // A drag ends where the pointer is let go.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.7, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => Number(await page.getByTestId('lab-x0').inputValue())).toBeLessThan(0);
  });

  test('the noise slider makes the noisy racers stochastic, reproducibly by seed', async ({ page }) => {
    await openLab(page, '');
    await page.getByTestId('lab-scenario').selectOption('step-decay');
    await settled(page);
    const row = page.getByTestId('lab-row-a');
    await page.getByTestId('lab-show-all').click();
    const at2 = await row.textContent();
    await page.getByTestId('lab-sigma').fill('4'); // σ = 0.1
    await expect(page.getByTestId('lab-sigma-value')).toHaveText('0.1');
    // A new race starts after a short debounce: wait for the row to change, not only for the worker to be idle.
    await expect.poll(async () => (await settled(page), row.textContent())).not.toBe(at2);
    await page.getByTestId('lab-sigma').fill('0');
    await expect(page.getByTestId('lab-sigma-value')).toHaveText('0');
    await settled(page);
    await expect(page.getByTestId('racer-a').getByTestId('racer-label')).toContainText('VGD');
    await page.getByTestId('lab-sigma').fill('9'); // σ = 2, as the scenario had it
    await expect.poll(async () => (await settled(page), row.textContent())).toBe(at2);
    await page.getByTestId('lab-seed').fill('2');
    await expect.poll(async () => (await settled(page), row.textContent())).not.toBe(at2);
  });

  test('every scenario loads, says what to watch, and races', async ({ page }) => {
    test.setTimeout(180_000);
    await openLab(page);
    for (const id of SCENARIOS) {
      await page.getByTestId('lab-scenario').selectOption(id);
      await expect(page.getByTestId('lab-watch')).toContainText('Watch:');
      await expect(page.getByTestId('lab-watch')).not.toContainText('changed since');
      await settled(page);
      await page.getByTestId('lab-show-all').click();
      await expect(page.getByTestId('lab-results')).not.toContainText('Not run');
      await page.waitForTimeout(400);
      await shot(page, `lab-${id}`);
      if (process.env.DOCS_SCREENSHOTS) await page.screenshot({ path: `${DOCS}lab-${id}.png` });
    }
    await page.getByTestId('lab-scenario').selectOption('lr-too-large');
    await settled(page);
    await page.getByTestId('lab-show-all').click();
    await expect(page.getByTestId('lab-row-a').locator('[data-col="diverged"]')).toContainText('yes');
    await expect(page.getByTestId('lab-row-b').locator('[data-col="diverged"]')).toHaveText('no');
  });

  test("Newton's method beside the first-order methods", async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-scenario').selectOption('newton');
    await settled(page);
    await page.getByTestId('lab-show-all').click();
    const newton = page.getByTestId('lab-row-c');
    await expect(newton).toContainText('Newton');
    const fAt = Number(await newton.locator('[data-col="f-at"] [data-at]').textContent());
    expect(fAt).toBeLessThanOrEqual(10);
    await expect(newton.locator('[data-col="f-at"]')).toContainText('∇f');
    await expect(page.getByTestId('lab-row-a').locator('[data-col="f-at"]')).toHaveText('—');
    await expect(page.getByTestId('racer-c').getByTestId('racer-formula')).toContainText('H');
    // The Hessian from forward differences instead: still a second-order method, cheaper per step.
    await page.getByTestId('racer-c').locator('summary').click();
    await page.locator('#lab-c-hessian').selectOption('differences');
    await settled(page);
    await expect(page.getByTestId('racer-c').getByTestId('racer-label')).toContainText('FD Hessian');
    await expect(newton.locator('[data-col="f-at"]')).toContainText('∇f');
    // Newton on the saddle: drawn to the critical point.
    await page.getByTestId('lab-reset').click();
    await page.getByTestId('lab-step').click();
    await page.getByTestId('racer-c').click();
    await expect(page.getByTestId('lab-arrows')).toContainText('eigenvalues');
    await shot(page, 'lab-newton');
  });

  test('a bad option is named at its field; the others still race', async ({ page }) => {
    await openLab(page);
    await settled(page);
    await page.locator('#lab-a-lr').fill('-0.1');
    await expect(page.locator('#lab-a-lr-err')).toHaveText('Learning rate must be at least 0, got -0.1');
    await expect(page.locator('#lab-a-lr')).toHaveAttribute('aria-invalid', 'true');
    await settled(page);
    await expect(page.getByTestId('lab-row-a')).toContainText('Not run: fix its options');
    await expect(page.getByTestId('lab-row-b')).not.toContainText('Not run');
    await page.getByTestId('lab-iterations').fill('0');
    await expect(page.locator('[data-field="iterations"] .field-error')).toHaveText('Iterations must be at least 1, got 0');
  });

  test('the setup is the link: restored from the URL, pasted into an open Lab, a bad link is ignored with a notice', async ({ page, context }) => {
    await openLab(page);
    await page.getByTestId('lab-scenario').selectOption('adam-vs-sgd');
    await page.getByTestId('lab-sigma').fill('5'); // σ = 0.2
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#lab=/);
    await page.waitForTimeout(500);
    const adamLink = page.url();
    const other = await context.newPage();
    await other.goto(adamLink);
    await expect(other.getByTestId('tab-lab')).toHaveAttribute('aria-selected', 'true'); // a Lab link opens the Lab
    await expect(other.getByTestId('lab-kappa-value')).toHaveText('100');
    await expect(other.getByTestId('lab-sigma-value')).toHaveText('0.2');
    await expect(other.locator('.racer-card')).toHaveCount(2);
    await expect(other.getByTestId('lab-notice')).toHaveCount(0);
    // Another link pasted into the address bar of the open Lab (a hash change, no reload) replaces the setup.
    await page.getByTestId('lab-scenario').selectOption('lr-too-large');
    await expect.poll(() => page.url()).not.toBe(adamLink);
    await page.waitForTimeout(500);
    await other.goto(page.url());
    await expect(other.locator('.racer-card')).toHaveCount(3);
    await expect(other.getByTestId('lab-kappa-value')).toHaveText('25');
    await expect(other.getByTestId('lab-watch')).toContainText('η = 0.085');
    // A damaged link pasted into the open Lab: a notice, and the setup on screen stays.
    await other.goto('/#lab=eyJ2IjoxLCJkIjp7fX0');
    await expect(other.getByTestId('lab-notice')).toContainText("The link's Lab setup could not be used");
    await expect(other.getByTestId('lab-notice')).toContainText('showing the current setup instead');
    await expect(other.locator('.racer-card')).toHaveCount(3);
    await other.close();
    // Opened fresh: the notice, and the default setup.
    const fresh = await context.newPage();
    await openLab(fresh, '#lab=eyJ2IjoxLCJkIjp7fX0');
    await expect(fresh.getByTestId('lab-notice')).toContainText("The link's Lab setup could not be used");
    await expect(fresh.getByTestId('lab-notice')).toContainText('showing the default setup instead');
    await expect(fresh.locator('.racer-card')).toHaveCount(3);
    await shot(fresh, 'lab-bad-link');
    await fresh.close();
  });

  test('the 3-D view draws the surface and the paths', async ({ page }) => {
    await openLab(page);
    await settled(page);
    await page.getByTestId('lab-view-3d').click();
    const canvas = page.getByTestId('lab-3d').locator('canvas');
    await expect(canvas).toBeVisible();
    await expect
      .poll(() => canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (d.length / 4);
      }))
      .toBeGreaterThan(0.2);
    const b = (await canvas.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 + 80, b.y + b.height / 2 + 20, { steps: 5 });
    await page.mouse.up();
    await shot(page, 'lab-3d');
  });

  test('layout at 1440×900 and 1280×720', async ({ page }) => {
    await openLab(page);
    await settled(page);
    await shot(page, 'lab-1440');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(400);
    // The map and its controls are in view together, nothing spills sideways.
    const controls = (await page.getByTestId('lab-play').boundingBox())!;
    expect(controls.y + controls.height).toBeLessThanOrEqual(720);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await shot(page, 'lab-1280');
    // Dark mode: the app's variables; the map keeps its own colours.
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await page.getByTestId('lab-scenario').selectOption('momentum-ravine');
    await settled(page);
    await page.waitForTimeout(400);
    await shot(page, 'lab-dark');
  });
});

test.describe('Optimizer Lab responsiveness', () => {
  test('the Lab never blocks the main thread for more than 100 ms', async ({ page }) => {
    test.setTimeout(120_000);
    await page.addInitScript(() => {
      (window as any).__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as any).__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await openLab(page);
    await settled(page);
    // A heavy race: 12 racers (Newton among them) over 5000 iterations on Rosenbrock.
    await page.getByTestId('lab-surface-rosenbrock').click();
    for (const kind of ['adam', 'rmsprop', 'nadam', 'radam', 'adamax', 'adagrad', 'adadelta', 'nesterov', 'newton']) {
      await page.getByTestId('add-racer-kind').selectOption(kind);
      await page.getByTestId('add-racer').click();
    }
    await expect(page.locator('.racer-card')).toHaveCount(12);
    await settled(page);
    await page.evaluate(() => ((window as any).__longTasks = []));
    await page.getByTestId('lab-iterations').fill('5000');
    await page.getByTestId('lab-play').click();
    // Drag the start across the map while it computes and plays: a new race every frame.
    const box = (await page.getByTestId('lab-map').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 40 });
    await page.mouse.up();
    await page.getByTestId('lab-speed').fill('9');
    await page.waitForTimeout(3000);
    await page.getByTestId('lab-view-3d').click();
    await page.waitForTimeout(1500);
    await page.getByTestId('lab-view-2d').click();
    await page.getByTestId('lab-scenario').selectOption('newton');
    await page.waitForTimeout(2000);
    await settled(page);
    const tasks: number[] = await page.evaluate(() => (window as any).__longTasks);
    console.log(`long tasks in the Lab (ms): [${tasks.map(Math.round).join(', ')}]`);
    expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')}`).toBeLessThan(100);
  });
});
