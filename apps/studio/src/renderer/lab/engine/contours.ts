import type { Domain } from './surfaces.js';

// The filled contour map: f on a grid, a log colour scale of f − min f (so the depths near a minimum keep their
// detail next to walls a thousand times higher), a colour image and level lines by marching squares. Pure
// functions of numbers: they run in the worker and are tested in node.

export interface Grid {
  nx: number;
  ny: number;
  /** f at (x_i, y_j), row j = 0 at yMin; NaN where f is not finite. */
  values: Float64Array;
  domain: Domain;
}

export function sampleGrid(f: (x: number, y: number) => number, domain: Domain, nx: number, ny: number): Grid {
  const values = new Float64Array(nx * ny);
  const [x0, x1, y0, y1] = domain;
  for (let j = 0; j < ny; j++) {
    const y = y0 + ((y1 - y0) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const v = f(x0 + ((x1 - x0) * i) / (nx - 1), y);
      values[j * nx + i] = Number.isFinite(v) ? v : NaN;
    }
  }
  return { nx, ny, values, domain };
}

export interface LogScale {
  /** The lowest and highest finite f on the grid. */
  min: number;
  max: number;
  /** Offset keeping the logarithm finite at the minimum: 10⁻⁴ of the range (four decades of colour). */
  delta: number;
}

export function logScale(g: Grid): LogScale | null {
  let min = Infinity, max = -Infinity;
  for (const v of g.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return null;
  const range = max - min;
  return { min, max, delta: range > 0 ? range * 1e-4 : 1 };
}

/** f → [0, 1] on the log scale: 0 at the lowest point of the map, 1 at the highest (clamped outside). */
export function toUnit(s: LogScale, f: number): number {
  const lo = Math.log(s.delta), hi = Math.log(s.max - s.min + s.delta);
  const t = (Math.log(Math.max(0, f - s.min) + s.delta) - lo) / (hi - lo || 1);
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** The inverse: the f at a colour position (for the legend and the level values). */
export function fromUnit(s: LogScale, t: number): number {
  const lo = Math.log(s.delta), hi = Math.log(s.max - s.min + s.delta);
  return Math.exp(lo + t * (hi - lo)) - s.delta + s.min;
}

/** Low f light, high f deep blue (a YlGnBu-like ramp): trajectories stay visible where they converge. */
const STOPS: [number, [number, number, number]][] = [
  [0, [253, 251, 227]],
  [0.18, [222, 241, 200]],
  [0.38, [166, 219, 190]],
  [0.58, [103, 184, 196]],
  [0.8, [72, 142, 190]],
  [1, [62, 98, 160]],
];

export function colorAt(t: number): [number, number, number] {
  for (let k = 1; k < STOPS.length; k++) {
    const [t1, c1] = STOPS[k];
    if (t <= t1) {
      const [t0, c0] = STOPS[k - 1];
      const w = (t - t0) / (t1 - t0);
      return [c0[0] + (c1[0] - c0[0]) * w, c0[1] + (c1[1] - c0[1]) * w, c0[2] + (c1[2] - c0[2]) * w];
    }
  }
  return STOPS[STOPS.length - 1][1];
}

/** RGBA pixels, top row = yMax (image order); non-finite f transparent. */
export function colorImage(g: Grid, s: LogScale): Uint8ClampedArray {
  const out = new Uint8ClampedArray(g.nx * g.ny * 4);
  for (let j = 0; j < g.ny; j++) {
    const row = g.ny - 1 - j;
    for (let i = 0; i < g.nx; i++) {
      const v = g.values[j * g.nx + i];
      const o = (row * g.nx + i) * 4;
      if (Number.isNaN(v)) continue;
      const [r, gg, b] = colorAt(toUnit(s, v));
      out[o] = r;
      out[o + 1] = gg;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
  return out;
}

export interface LevelLines {
  /** The f of each level. */
  levels: number[];
  /** Per level: segments as x₁, y₁, x₂, y₂ in domain coordinates. */
  segments: Float32Array[];
}

/** `count` levels evenly spaced on the log scale, each traced by marching squares. */
export function levelLines(g: Grid, s: LogScale, count: number): LevelLines {
  const { nx, ny, domain } = g;
  const t = new Float64Array(nx * ny);
  for (let k = 0; k < t.length; k++) t[k] = Number.isNaN(g.values[k]) ? NaN : toUnit(s, g.values[k]);
  const dx = (domain[1] - domain[0]) / (nx - 1), dy = (domain[3] - domain[2]) / (ny - 1);
  const levels: number[] = [], segments: Float32Array[] = [];
  for (let l = 1; l <= count; l++) {
    const L = l / (count + 1);
    levels.push(fromUnit(s, L));
    const seg: number[] = [];
    for (let j = 0; j < ny - 1; j++) {
      for (let i = 0; i < nx - 1; i++) {
        const a = t[j * nx + i], b = t[j * nx + i + 1], c = t[(j + 1) * nx + i + 1], d = t[(j + 1) * nx + i];
        if (Number.isNaN(a + b + c + d)) continue;
        const code = (a > L ? 1 : 0) | (b > L ? 2 : 0) | (c > L ? 4 : 0) | (d > L ? 8 : 0);
        if (code === 0 || code === 15) continue;
        const x = domain[0] + i * dx, y = domain[2] + j * dy;
        // Crossing points on the four edges: bottom (a-b), right (b-c), top (d-c), left (a-d).
        const lerp = (p: number, q: number) => (L - p) / (q - p);
        const bottom = (): [number, number] => [x + lerp(a, b) * dx, y];
        const right = (): [number, number] => [x + dx, y + lerp(b, c) * dy];
        const top = (): [number, number] => [x + lerp(d, c) * dx, y + dy];
        const left = (): [number, number] => [x, y + lerp(a, d) * dy];
        const push = (p: [number, number], q: [number, number]) => seg.push(p[0], p[1], q[0], q[1]);
        const centerAbove = (a + b + c + d) / 4 > L;
        switch (code) {
          case 1: case 14: push(left(), bottom()); break;
          case 2: case 13: push(bottom(), right()); break;
          case 3: case 12: push(left(), right()); break;
          case 4: case 11: push(right(), top()); break;
          case 6: case 9: push(bottom(), top()); break;
          case 7: case 8: push(left(), top()); break;
          // Saddle cells: the centre decides which corners connect.
          case 5:
            if (centerAbove) { push(left(), top()); push(bottom(), right()); } else { push(left(), bottom()); push(right(), top()); }
            break;
          case 10:
            if (centerAbove) { push(left(), bottom()); push(right(), top()); } else { push(left(), top()); push(bottom(), right()); }
            break;
        }
      }
    }
    segments.push(Float32Array.from(seg));
  }
  return { levels, segments };
}
