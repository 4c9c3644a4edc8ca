import type { Domain } from '../engine/surfaces.js';

// The map's geometry: the domain drawn at one scale in x and y (so the gradient is drawn perpendicular to the
// level lines, as it is), centred in the canvas with room for the axes.

export interface MapView {
  /** Plot rectangle in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  domain: Domain;
  /** Pixels per unit (the same in x and y). */
  scale: number;
}

export const MARGIN = { left: 40, right: 10, top: 10, bottom: 26 };

export function mapView(domain: Domain, cssWidth: number, cssHeight: number): MapView {
  const w = Math.max(10, cssWidth - MARGIN.left - MARGIN.right), h = Math.max(10, cssHeight - MARGIN.top - MARGIN.bottom);
  const dx = domain[1] - domain[0], dy = domain[3] - domain[2];
  const scale = Math.min(w / dx, h / dy);
  const width = dx * scale, height = dy * scale;
  return { left: MARGIN.left + (w - width) / 2, top: MARGIN.top + (h - height) / 2, width, height, domain, scale };
}

export function toPixel(v: MapView, x: number, y: number): [number, number] {
  return [v.left + (x - v.domain[0]) * v.scale, v.top + (v.domain[3] - y) * v.scale];
}

export function toDomain(v: MapView, px: number, py: number): [number, number] {
  return [v.domain[0] + (px - v.left) / v.scale, v.domain[3] - (py - v.top) / v.scale];
}

export function inside(v: MapView, px: number, py: number): boolean {
  return px >= v.left && px <= v.left + v.width && py >= v.top && py <= v.top + v.height;
}

/** About `target` round ticks between lo and hi (1, 2, 5 × 10ᵏ steps). */
export function ticks(lo: number, hi: number, target = 6): number[] {
  const raw = (hi - lo) / target;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}
