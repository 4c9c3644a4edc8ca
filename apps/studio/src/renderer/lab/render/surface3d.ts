import { colorAt, toUnit, type LogScale } from '../engine/contours.js';
import type { Domain } from '../engine/surfaces.js';

// A small 3-D view of the surface on a 2-D canvas: the grid as shaded quads drawn back to front (painter's
// algorithm) under an orthographic camera, with the racers' paths lying on it. No WebGL and no eval (ECharts GL
// compiles expressions with new Function, which the Studio's Content Security Policy forbids).

export interface Camera {
  /** Turn about the vertical axis, radians. */
  yaw: number;
  /** Elevation, radians: π/2 looks straight down. */
  pitch: number;
  zoom: number;
}

interface Item {
  depth: number;
  draw: (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => void;
}

/** Height of the box relative to its width. */
const HEIGHT = 0.55;

export interface Grid3D {
  nx: number;
  ny: number;
  values: Float64Array;
  domain: Domain;
  scale: LogScale;
}

/** World coordinates (the domain centred, its longer side 2 units; z = f on the map's log scale) and the camera. */
function projector(grid: Grid3D, cam: Camera, w: number, h: number) {
  const { domain, scale } = grid;
  const dx = domain[1] - domain[0], dy = domain[3] - domain[2];
  const span = Math.max(dx, dy);
  const wx = (x: number) => ((x - domain[0]) / span) * 2 - dx / span;
  const wy = (y: number) => ((y - domain[2]) / span) * 2 - dy / span;
  const wz = (f: number) => (toUnit(scale, f) - 0.5) * HEIGHT * 2;
  const cy = Math.cos(cam.yaw), sy = Math.sin(cam.yaw), cp = Math.cos(cam.pitch), sp = Math.sin(cam.pitch);
  const s = (Math.min(w, h) / 3.1) * cam.zoom;
  const project = (X: number, Y: number, Z: number): [number, number, number] => {
    const x1 = X * cy - Y * sy, y1 = X * sy + Y * cy;
    const up = Z * cp + y1 * sp, depth = -y1 * cp + Z * sp;
    return [w / 2 + s * x1, h / 2 - s * up, depth];
  };
  return { wx, wy, wz, project };
}

/** The surface alone, back to front; it changes only with the camera, so it is drawn once per camera (by surface-layer.worker.ts). */
export function drawSurfaceLayer(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, w: number, h: number, grid: Grid3D, cam: Camera, step = 5) {
  const { nx, ny, values, domain, scale } = grid;
  const { wx, wy, wz, project } = projector(grid, cam, w, h);
  const dx = domain[1] - domain[0], dy = domain[3] - domain[2];
  const light = [-0.4, -0.5, 0.77];
  const items: Item[] = [];
  const cols = Math.floor((nx - 1) / step), rows = Math.floor((ny - 1) / step);
  const at = (i: number, j: number) => values[j * step * nx + i * step];
  const X = (i: number) => wx(domain[0] + (dx * i * step) / (nx - 1));
  const Y = (j: number) => wy(domain[2] + (dy * j * step) / (ny - 1));
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const f00 = at(i, j), f10 = at(i + 1, j), f11 = at(i + 1, j + 1), f01 = at(i, j + 1);
      if (Number.isNaN(f00 + f10 + f11 + f01)) continue;
      const z00 = wz(f00), z10 = wz(f10), z11 = wz(f11), z01 = wz(f01);
      const p = [project(X(i), Y(j), z00), project(X(i + 1), Y(j), z10), project(X(i + 1), Y(j + 1), z11), project(X(i), Y(j + 1), z01)];
      // Lambert shading from the quad's normal (in world space, so the light stays put as the view turns).
      const ax = X(i + 1) - X(i), by = Y(j + 1) - Y(j);
      const nxv = (-(z10 - z00 + z11 - z01) / 2) * by, nyv = (-(z01 - z00 + z11 - z10) / 2) * ax, nzv = ax * by;
      const len = Math.hypot(nxv, nyv, nzv) || 1;
      const lam = Math.max(0, (nxv * light[0] + nyv * light[1] + nzv * light[2]) / len);
      const [r, g, b] = colorAt(toUnit(scale, (f00 + f10 + f11 + f01) / 4));
      const k = 0.62 + 0.38 * lam;
      const fill = `rgb(${Math.round(r * k)},${Math.round(g * k)},${Math.round(b * k)})`;
      items.push({
        depth: (p[0][2] + p[1][2] + p[2][2] + p[3][2]) / 4,
        draw: (c) => {
          c.beginPath();
          c.moveTo(p[0][0], p[0][1]);
          for (let q = 1; q < 4; q++) c.lineTo(p[q][0], p[q][1]);
          c.closePath();
          c.fillStyle = fill;
          c.fill();
          // The same colour around the edge closes the hairline gaps between neighbouring quads.
          c.strokeStyle = fill;
          c.lineWidth = 0.7;
          c.stroke();
        },
      });
    }
  }
  items.sort((a, b) => a.depth - b.depth);
  const floor = [project(wx(domain[0]), wy(domain[2]), -HEIGHT), project(wx(domain[1]), wy(domain[2]), -HEIGHT), project(wx(domain[1]), wy(domain[3]), -HEIGHT), project(wx(domain[0]), wy(domain[3]), -HEIGHT)];
  ctx.save();
  ctx.beginPath();
  floor.forEach((p, k) => (k ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
  ctx.closePath();
  ctx.fillStyle = 'rgba(148, 163, 184, 0.18)';
  ctx.fill();
  ctx.strokeStyle = 'rgba(148, 163, 184, 0.6)';
  ctx.stroke();
  ctx.fillStyle = '#94a3b8';
  ctx.font = 'italic 12px Inter, system-ui, sans-serif';
  const mid = (a: [number, number, number], b: [number, number, number]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const [xl, yl] = mid(floor[0], floor[1]);
  ctx.fillText('x', xl, yl + 14);
  const [xr, yr] = mid(floor[1], floor[2]);
  ctx.fillText('y', xr + 8, yr + 10);
  for (const it of items) it.draw(ctx);
  ctx.restore();
}

/**
 * Where a racer's iterate (x, y, f) is drawn: a little above the surface, in CSS pixels; null outside the box
 * (there is no surface to lie on, so the path ends there). The paths themselves go in a TrailLayer.
 */
export function pathProjector(grid: Grid3D, cam: Camera, w: number, h: number): (x: number, y: number, f: number) => [number, number] | null {
  const { wx, wy, wz, project } = projector(grid, cam, w, h);
  const [x0, x1, y0, y1] = grid.domain;
  return (x, y, f) => {
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) return null;
    const p = project(wx(x), wy(y), wz(f) + 0.02);
    return [p[0], p[1]];
  };
}

/** The current iterate at the end of a path drawn as `pts` (x, y pairs). */
export function drawHead3D(ctx: CanvasRenderingContext2D, pts: readonly number[], color: string) {
  if (pts.length < 2) return;
  ctx.beginPath();
  ctx.arc(pts[pts.length - 2], pts[pts.length - 1], 5, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.stroke();
}
