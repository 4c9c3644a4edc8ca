import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

export async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
}

/**
 * Drag with real mouse moves (SortableJS fallback mode listens to pointer events).
 * SortableJS places the ghost by the first card the pointer enters and ignores a card while it
 * slides (its 150 ms animation), so a diagonal path from the palette that crosses an earlier card
 * leaves the ghost there. From beside the stack this moves level with the drop point first and then
 * across into the target, as a person aiming at a card does, and lets go once nothing moves.
 */
export async function dragTo(page: Page, source: Locator, target: Locator, where: 'top' | 'bottom' = 'bottom') {
  const s = (await source.boundingBox())!;
  const t = (await target.boundingBox())!;
  const sx = s.x + s.width / 2;
  const sy = s.y + s.height / 2;
  const tx = t.x + t.width / 2;
  const ty = where === 'bottom' ? t.y + t.height - 6 : t.y + 6;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 8, sy + 8, { steps: 4 });
  if (s.x + s.width < t.x) await page.mouse.move(sx + 8, ty, { steps: 10 }); // beside the stack: level first
  await page.mouse.move(tx, ty, { steps: 20 });
  await settled(page);
  await page.mouse.move(tx, ty + (where === 'bottom' ? 2 : -2), { steps: 2 });
  await settled(page);
  await page.mouse.up();
}

/** No layer card is mid-animation (SortableJS animates with an inline transform and clears it when done). */
async function settled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid="model-stack"] > :not(.sortable-fallback)')].every((el) => !el.style.transform)), { timeout: 5000 })
    .toBe(true);
}

/** Drag a palette item into the model stack, appended at the end; "Dense + activation" items add two layers. */
export async function dragLayer(page: Page, key: string, adds = key.startsWith('dense-') && key !== 'dense-identity' ? 2 : 1) {
  const stack = page.getByTestId('model-stack');
  const order = () => stack.locator('.layer-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-id')));
  const ids = await order();
  // Drop onto the stack; when it has layers, onto the lower half of its last layer so the new one goes last.
  const target = ids.length ? stack.locator('.layer-card').last() : stack;
  await dragTo(page, page.getByTestId(`palette-${key}`), target, 'bottom');
  await expect(stack.locator('.layer-card')).toHaveCount(ids.length + adds);
  // The layers that were there keep their order, in front of the new ones.
  expect((await order()).slice(0, ids.length), `dropping ${key} must append it`).toEqual(ids);
}

export async function architecture(page: Page) {
  return (await page.getByTestId('architecture').textContent())?.trim();
}

/** Read saved runs straight from IndexedDB (what a reload will see). */
/** Every stored run (the Studio's wrapper around @descent/train's record), straight from IndexedDB. */
export async function savedRuns(page: Page): Promise<any[]> {
  return page.evaluate(
    () =>
      new Promise<any[]>((resolve, reject) => {
        const req = indexedDB.open('descent-studio');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('runs')) return resolve([]);
          const all = db.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

export async function waitForStatus(page: Page, status: RegExp, timeout = 60_000) {
  await expect(page.getByTestId('run-status')).toHaveText(status, { timeout });
}

/** Press Tab (or Shift+Tab) until the focused element matches, at most `max` times. */
export async function tabTo(page: Page, matches: (el: { label: string | null; testid: string | null; tag: string }) => boolean, shift = false, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { label: a?.getAttribute('aria-label') ?? null, testid: a?.getAttribute('data-testid') ?? null, tag: a?.tagName ?? '' };
    });
    if (matches(el)) return;
  }
  throw new Error('Focus never reached the wanted element by Tab');
}

/** Replace the model with Dense + `activation` layers of `units` each, then a linear output of `outputs` units. */
export async function buildMlp(page: Page, units: number[], activation: string, outputs = 1) {
  await page.getByTestId('clear-model').click();
  let typed: number | null = null;
  for (const u of units) {
    if (u !== typed) await page.getByTestId('new-units').fill(String((typed = u)));
    await page.getByTestId(`add-dense-${activation}`).click();
  }
  await page.getByTestId('new-units').fill(String(outputs));
  await page.getByTestId('add-dense-identity').click();
}

/** How many opaque pixels of the decision-boundary backdrop are orange-ish (class 0) and blue-ish (class 1). */
export function backdropTints(page: Page): Promise<{ orange: number; blue: number }> {
  return page.getByTestId('chart-backdrop').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let orange = 0, blue = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] !== 255) continue;
      if (d[i] > d[i + 2]) orange++;
      else blue++;
    }
    return { orange, blue };
  });
}
