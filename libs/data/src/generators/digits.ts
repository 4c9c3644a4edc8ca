import { Rng } from '@descent/core-tensor';
import { classificationDataset, type Dataset } from '../dataset.js';
import { balancedLabels } from './common.js';

// Handwriting-like digits 0-9 as 8×8 grey images (64 features in [0, 1], row-major), generated from a 5×7
// stroke font with a random shift, slant and stroke weight per image, plus pixel noise: an MNIST-style
// problem that trains in seconds and needs no download.

export const DIGIT_SIDE = 8;

/** 5×7 glyphs, one string per row ('#' = ink). */
const GLYPHS: readonly string[][] = [
  [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  ['  #  ', ' ##  ', '# #  ', '  #  ', '  #  ', '  #  ', '#####'],
  [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  [' ### ', '#   #', '    #', '  ## ', '    #', '#   #', ' ### '],
  ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
];

/** Ink of a glyph at a real position (bilinear over the 5×7 grid; 0 outside). */
function ink(g: string[], gx: number, gy: number): number {
  const x0 = Math.floor(gx), y0 = Math.floor(gy);
  let s = 0;
  for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    const x = x0 + dx, y = y0 + dy;
    if (x < 0 || y < 0 || x >= 5 || y >= 7 || g[y][x] !== '#') continue;
    s += (1 - Math.abs(gx - x)) * (1 - Math.abs(gy - y));
  }
  return s;
}

/** n digits, balanced over the 10 classes; `noise` is the std of the Gaussian pixel noise. */
export function generateDigits(n: number, noise: number, rng: Rng): Dataset {
  const labels = balancedLabels(rng, n, 10);
  const d = DIGIT_SIDE;
  const x = new Float64Array(n * d * d);
  for (let i = 0; i < n; i++) {
    const g = GLYPHS[labels[i]];
    // Each writer: where the digit sits, how it leans, how heavy the stroke is.
    const sx = rng.uniform(-0.9, 0.9), sy = rng.uniform(-0.9, 0.9), slant = rng.uniform(-0.35, 0.35), weight = rng.uniform(0.6, 1.4);
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        // Pixel centre → glyph coordinates (the 5×7 glyph spans the 8×8 image with a margin).
        const gy = ((r + 0.5 - sy) / d) * 7.6 - 0.8;
        const gx = ((c + 0.5 - sx) / d) * 5.6 - 0.8 + slant * (gy - 3);
        let v = Math.min(1, weight * ink(g, gx, gy));
        if (noise > 0) v += rng.normal(0, noise);
        x[(i * d + r) * d + c] = Math.min(1, Math.max(0, v));
      }
    }
  }
  const featureNames = Array.from({ length: d * d }, (_, k) => `px${Math.floor(k / d)}_${k % d}`);
  return classificationDataset({ name: 'digits', task: 'multiclass', x, features: d * d, labels, classNames: Array.from({ length: 10 }, (_, c) => String(c)), featureNames, imageShape: [d, d] });
}
