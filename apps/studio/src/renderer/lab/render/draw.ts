import { COL, type Trace } from '../engine/trace.js';
import type { Minimum } from '../engine/surface.js';
import type { Point } from '../engine/surfaces.js';
import { ticks, toPixel, type MapView } from './view.js';

// Canvas drawing of the Lab's map: the contour image, level lines, axes, trajectories, the start handle and
// the arrows at the selected racer's current point. Plain 2-D canvas calls, a few thousand segments a frame.

type Ctx = CanvasRenderingContext2D;

/** The surface's RGBA pixels on a canvas of their own, drawn scaled (and smoothed) into the plot. */
export function imageCanvas(rgba: Uint8ClampedArray, nx: number, ny: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = nx;
  c.height = ny;
  const ctx = c.getContext('2d');
  if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), nx, ny), 0, 0);
  return c;
}

export function levelPaths(v: MapView, segments: Float32Array[]): Path2D[] {
  return segments.map((s) => {
    const p = new Path2D();
    for (let k = 0; k < s.length; k += 4) {
      const [ax, ay] = toPixel(v, s[k], s[k + 1]);
      const [bx, by] = toPixel(v, s[k + 2], s[k + 3]);
      p.moveTo(ax, ay);
      p.lineTo(bx, by);
    }
    return p;
  });
}

export function drawSurface(ctx: Ctx, v: MapView, image: HTMLCanvasElement | null, levels: Path2D[]) {
  ctx.save();
  // Where f is not finite (log of a negative number, …) the map shows a neutral grey.
  ctx.fillStyle = '#e2e8f0';
  ctx.fillRect(v.left, v.top, v.width, v.height);
  if (image) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, v.left, v.top, v.width, v.height);
  }
  ctx.beginPath();
  ctx.rect(v.left, v.top, v.width, v.height);
  ctx.clip();
  ctx.strokeStyle = 'rgba(15, 23, 42, 0.28)';
  ctx.lineWidth = 0.8;
  for (const p of levels) ctx.stroke(p);
  ctx.restore();
  ctx.strokeStyle = '#cbd5e1';
  ctx.lineWidth = 1;
  ctx.strokeRect(v.left + 0.5, v.top + 0.5, v.width - 1, v.height - 1);
}

const fmtTick = (t: number) => String(Number(t.toPrecision(4)));

/** Axes in the page's text colours (read from the canvas's CSS, so the dark theme applies). */
export function drawAxes(ctx: Ctx, v: MapView, css?: CSSStyleDeclaration) {
  ctx.save();
  ctx.fillStyle = css?.getPropertyValue('--muted').trim() || '#64748b';
  ctx.strokeStyle = css?.getPropertyValue('--line-strong').trim() || '#cbd5e1';
  ctx.font = '11px Inter, system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const [x0, x1, y0, y1] = v.domain;
  for (const t of ticks(x0, x1)) {
    const [px] = toPixel(v, t, y0);
    ctx.beginPath();
    ctx.moveTo(px, v.top + v.height);
    ctx.lineTo(px, v.top + v.height + 4);
    ctx.stroke();
    ctx.fillText(fmtTick(t), px, v.top + v.height + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(y0, y1)) {
    const [, py] = toPixel(v, x0, t);
    ctx.beginPath();
    ctx.moveTo(v.left - 4, py);
    ctx.lineTo(v.left, py);
    ctx.stroke();
    ctx.fillText(fmtTick(t), v.left - 6, py);
  }
  ctx.font = 'italic 12px Inter, system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText('x', v.left + v.width, v.top + v.height + 24);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText('y', 4, v.top);
  ctx.restore();
}

export function drawMinima(ctx: Ctx, v: MapView, minima: readonly Minimum[]) {
  ctx.save();
  for (const m of minima) {
    const [px, py] = toPixel(v, m.x, m.y);
    ctx.beginPath();
    const r = m.global ? 6 : 4.5;
    // A star for a global minimum, a diamond for a local one.
    if (m.global) {
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5, rr = k % 2 ? r * 0.45 : r;
        const x = px + rr * Math.cos(a), y = py + rr * Math.sin(a);
        if (k) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
      }
    } else {
      ctx.moveTo(px, py - r);
      ctx.lineTo(px + r, py);
      ctx.lineTo(px, py + r);
      ctx.lineTo(px - r, py);
    }
    ctx.closePath();
    ctx.fillStyle = m.global ? '#fde047' : '#ffffff';
    ctx.strokeStyle = '#0f172a';
    ctx.lineWidth = 1.2;
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * What moves each frame at the end of a trajectory (the line itself is in a TrailLayer): its iterates as dots
 * while they are few enough to tell apart, the current iterate, and a cross where it diverged.
 */
export function drawTrailHead(ctx: Ctx, v: MapView, pts: readonly number[], color: string, selected: boolean, diverged: boolean) {
  if (pts.length < 2) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(v.left, v.top, v.width, v.height);
  ctx.clip();
  if (pts.length / 2 <= 80) {
    ctx.fillStyle = color;
    for (let k = 0; k < pts.length; k += 2) {
      ctx.beginPath();
      ctx.arc(pts[k], pts[k + 1], 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  const hx = pts[pts.length - 2], hy = pts[pts.length - 1];
  ctx.beginPath();
  ctx.arc(hx, hy, selected ? 6 : 5, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  if (diverged) {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(hx - 9, hy - 9);
    ctx.lineTo(hx + 9, hy + 9);
    ctx.moveTo(hx + 9, hy - 9);
    ctx.lineTo(hx - 9, hy + 9);
    ctx.stroke();
  }
  ctx.restore();
}

export function drawStart(ctx: Ctx, v: MapView, start: Point, active: boolean) {
  const [px, py] = toPixel(v, start[0], start[1]);
  ctx.save();
  ctx.beginPath();
  ctx.arc(px, py, active ? 9 : 8, 0, 2 * Math.PI);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#0f172a';
  ctx.stroke();
  ctx.beginPath();
  ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
  ctx.fillStyle = '#0f172a';
  ctx.fill();
  ctx.restore();
}

function arrow(ctx: Ctx, x: number, y: number, dx: number, dy: number, color: string, width: number, dashed: boolean) {
  const len = Math.hypot(dx, dy);
  if (!(len > 0.5)) return;
  const ux = dx / len, uy = dy / len;
  const head = Math.min(10, 0.45 * len + 4);
  const ex = x + dx, ey = y + dy;
  ctx.save();
  ctx.lineCap = 'round';
  for (const [stroke, w] of [
    ['rgba(255,255,255,0.9)', width + 3],
    [color, width],
  ] as const) {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = w;
    ctx.setLineDash(dashed && stroke === color ? [5, 4] : []);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(ex - ux * head * 0.6, ey - uy * head * 0.6);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(ex, ey);
  ctx.lineTo(ex - ux * head - uy * head * 0.5, ey - uy * head + ux * head * 0.5);
  ctx.lineTo(ex - ux * head + uy * head * 0.5, ey - uy * head - ux * head * 0.5);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.fill();
  ctx.restore();
}

export const ARROW = { grad: '#0f172a', maxPx: 72, minUpdatePx: 8, decades: 6 } as const;

/**
 * At θ_t of the selected racer: −∇f (black) and −v / −m (dashed, the racer's colour) at one shared scale, and
 * the update Δθ to the map's scale (solid, the racer's colour; at least ARROW.minUpdatePx so a tiny step stays
 * visible). The gradient spans many decades in one race, so −∇f and −v are drawn on a log scale of length: the
 * larger of the two at t = 0 is ARROW.maxPx long, and an arrow loses a sixth of that per decade below it (gone at
 * six decades: at a minimum the gradient arrow vanishes, as the gradient does).
 */
export function drawArrows(ctx: Ctx, v: MapView, trace: Trace, t: number, color: string) {
  if (t < 0 || t >= trace.rows) return;
  const x = trace.get(t, COL.x), y = trace.get(t, COL.y);
  const [px, py] = toPixel(v, x, y);
  const gx = trace.get(t, COL.nx), gy = trace.get(t, COL.ny);
  const useX = Number.isFinite(gx) ? gx : trace.get(t, COL.gx), useY = Number.isFinite(gy) ? gy : trace.get(t, COL.gy);
  const mx = trace.get(t, COL.mx), my = trace.get(t, COL.my);
  const hasM = Number.isFinite(mx) && Number.isFinite(my);
  const norm0 = (cx: number, cy: number) => {
    const a = trace.get(0, cx), b = trace.get(0, cy);
    return Number.isFinite(a) && Number.isFinite(b) ? Math.hypot(a, b) : 0;
  };
  const ref = Math.max(norm0(COL.gx, COL.gy), norm0(COL.nx, COL.ny), norm0(COL.mx, COL.my));
  /** A vector's on-screen length: ARROW.maxPx at `ref`, a sixth less per decade below it. */
  const lengthPx = (n: number) => (ref > 0 && n > 0 ? ARROW.maxPx * Math.min(1, Math.max(0, 1 + Math.log10(n / ref) / ARROW.decades)) : 0);
  ctx.save();
  ctx.beginPath();
  ctx.rect(v.left, v.top, v.width, v.height);
  ctx.clip();
  const vector = (a: number, b: number, c: string, dashed: boolean) => {
    const n = Math.hypot(a, b);
    const k = lengthPx(n) / n;
    // Screen y points down: a domain vector (a, b) is (a, −b) in pixels.
    if (k > 0 && Number.isFinite(k)) arrow(ctx, px, py, -a * k, b * k, c, 2, dashed);
  };
  vector(useX, useY, ARROW.grad, false);
  if (hasM) vector(mx, my, color, true);
  const ux = trace.get(t, COL.ux), uy = trace.get(t, COL.uy);
  if (Number.isFinite(ux) && Number.isFinite(uy) && (ux || uy)) {
    let dx = ux * v.scale, dy = -uy * v.scale;
    const len = Math.hypot(dx, dy);
    if (len < ARROW.minUpdatePx) {
      dx *= ARROW.minUpdatePx / len;
      dy *= ARROW.minUpdatePx / len;
    }
    arrow(ctx, px, py, dx, dy, color, 3, false);
  }
  ctx.restore();
}
