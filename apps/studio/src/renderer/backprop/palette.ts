import { isDark } from '../theme.js';

// CSS colour variables as RGB for canvas drawing, resolved once per theme: reading styles on every draw forces
// a style pass, and the panel draws a dozen canvases several times a second while training.

export type RGB = [number, number, number];
const cache = new Map<string, RGB>();

/** `var(--name)` in the current theme, as RGB (`fallback` where the variable does not resolve). */
export function themeRgb(name: string, fallback: RGB = [128, 128, 128]): RGB {
  // data-theme too: a page (or a test) may set it directly, and isDark would not see that.
  const key = `${isDark.value ? 'dark' : 'light'}|${document.documentElement.dataset.theme ?? ''}|${name}`;
  let c = cache.get(key);
  if (!c) {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.appendChild(probe);
    const m = getComputedStyle(probe).color.match(/[\d.]+/g)?.map(Number);
    probe.remove();
    c = m && m.length >= 3 ? [m[0], m[1], m[2]] : fallback;
    cache.set(key, c);
  }
  return c;
}
