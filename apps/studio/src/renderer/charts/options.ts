import type { EChartsCoreOption } from 'echarts/core';
import type { Prediction } from '../worker/protocol.js';

// Pure builders for every chart option the studio shows (unit-testable, no DOM).

export const PALETTE = ['#4f46e5', '#0891b2', '#e11d48', '#16a34a', '#d97706', '#7c3aed', '#db2777', '#0d9488'];
/** class colours: class 0 orange, class 1 blue, then more */
export const CLASS_COLORS = ['#f97316', '#2563eb', '#16a34a', '#db2777', '#7c3aed', '#0891b2'];

const AXIS = {
  axisLine: { lineStyle: { color: '#cbd5e1' } },
  axisLabel: { color: '#64748b', fontSize: 11 },
  splitLine: { lineStyle: { color: '#eef2f7' } },
  nameTextStyle: { color: '#64748b', fontSize: 11 },
};
const TOOLTIP = {
  trigger: 'axis',
  backgroundColor: 'rgba(15,23,42,0.92)',
  borderWidth: 0,
  textStyle: { color: '#f8fafc', fontSize: 12 },
  // Tooltips give the exact stored value (up to 8 significant digits), axes the short form.
  valueFormatter: (v: unknown) => exact(v as number),
};

export { exact, fmt } from './format.js';
import { fmt, exact } from './format.js';

const rgbCache = new Map<string, [number, number, number]>();
function hexToRgb(hex: string): [number, number, number] {
  let c = rgbCache.get(hex); // cellColor asks for one of a few colours per cell of every boundary image
  if (!c) {
    const n = parseInt(hex.slice(1), 16);
    rgbCache.set(hex, (c = [(n >> 16) & 255, (n >> 8) & 255, n & 255]));
  }
  return c;
}
/** colour mixed with white: w = 0 → white, w = 1 → colour */
export function tint(hex: string, w: number): string {
  const [r, g, b] = hexToRgb(hex);
  const m = (c: number) => Math.round(255 + (c - 255) * w);
  return `rgb(${m(r)},${m(g)},${m(b)})`;
}

export interface Series {
  name: string;
  x: number[];
  y: (number | null)[];
  color?: string;
  dashed?: boolean;
}

/** At most this many points per line reach ECharts; a long run is thinned first (see thinned). */
export const MAX_LINE_POINTS = 600;

/**
 * A long series for drawing: kept whole up to `max` points, else cut into buckets keeping each bucket's
 * first, lowest and highest point (spikes and divergence stay visible) and the last point. Rebuilding and
 * re-processing thousands of points per chart several times a second was a long main-thread task.
 */
export function thinned(x: readonly number[], y: readonly (number | null)[], max = MAX_LINE_POINTS): [number, number | null][] {
  const n = x.length;
  if (n <= max) return x.map((v, i) => [v, y[i]]);
  const per = Math.ceil(n / Math.floor(max / 3));
  const out: [number, number | null][] = [];
  for (let b = 0; b < n; b += per) {
    const end = Math.min(n, b + per);
    let lo = -1, hi = -1;
    for (let i = b; i < end; i++) {
      const v = y[i];
      if (v === null || !Number.isFinite(v)) continue;
      if (lo < 0 || v < (y[lo] as number)) lo = i;
      if (hi < 0 || v > (y[hi] as number)) hi = i;
    }
    for (const i of [...new Set([b, lo, hi])].filter((i) => i >= 0).sort((p, q) => p - q)) out.push([x[i], y[i]]);
  }
  if (out[out.length - 1][0] !== x[n - 1]) out.push([x[n - 1], y[n - 1]]);
  return out;
}

export function lineChart(opts: {
  series: Series[];
  xName?: string;
  yName?: string;
  logY?: boolean;
  yMin?: number;
  yMax?: number;
  legend?: boolean;
  animation?: boolean;
}): EChartsCoreOption {
  const logY = opts.logY && opts.series.every((s) => s.y.every((v) => v === null || v > 0));
  return {
    animation: opts.animation ?? false,
    color: PALETTE,
    grid: { left: 56, right: 18, top: opts.legend === false ? 16 : 36, bottom: 38, outerBoundsMode: 'none' },
    legend: opts.legend === false ? undefined : { top: 4, type: 'scroll', textStyle: { color: '#334155', fontSize: 11 }, itemWidth: 18, itemHeight: 8 },
    tooltip: TOOLTIP,
    xAxis: { type: 'value', name: opts.xName, nameLocation: 'middle', nameGap: 24, minInterval: 1, ...AXIS, splitLine: { show: false } },
    yAxis: {
      type: logY ? 'log' : 'value',
      name: opts.yName,
      min: opts.yMin,
      max: opts.yMax,
      scale: !logY && opts.yMin === undefined,
      ...AXIS,
      axisLabel: { ...AXIS.axisLabel, formatter: (v: number) => fmt(v) },
    },
    series: opts.series.map((s) => ({
      type: 'line',
      id: s.name,
      name: s.name,
      showSymbol: s.x.length < 2,
      symbolSize: 5,
      sampling: 'lttb',
      lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid', color: s.color },
      itemStyle: s.color ? { color: s.color } : undefined,
      emphasis: { focus: 'series' },
      data: thinned(s.x, s.y),
      connectNulls: false,
    })),
  };
}

/** RGB of the cell colour for a prediction: binary P(class 1), or winning class + confidence. */
export function cellColor(value: number, confidence: number, classes: number): [number, number, number] {
  let hex: string;
  let w: number;
  if (classes <= 2) {
    hex = value >= 0.5 ? CLASS_COLORS[1] : CLASS_COLORS[0];
    w = 0.08 + 0.5 * Math.abs(value - 0.5) * 2;
  } else {
    hex = CLASS_COLORS[value % CLASS_COLORS.length];
    w = 0.08 + 0.5 * Math.max(0, (confidence - 1 / classes) / (1 - 1 / classes));
  }
  const [r, g, b] = hexToRgb(hex);
  const m = (c: number) => Math.round(255 + (c - 255) * w);
  return [m(r), m(g), m(b)];
}

/** An image drawn under a chart's plot area, spanning the data rectangle [x0, x1] × [y0, y1]. */
export interface Backdrop {
  image: HTMLCanvasElement;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The prediction grid as a backdrop: one small canvas (row 0 at the top, i.e. the largest y), scaled up by
 * the browser with bilinear smoothing. Drawn outside ECharts, so a new prediction costs one drawImage instead
 * of a chart update.
 */
export function boundaryBackdrop(p: Prediction | null | undefined, classes: number): Backdrop | null {
  if (!p || p.kind !== 'grid' || typeof document === 'undefined') return null;
  const c = document.createElement('canvas');
  c.width = p.size;
  c.height = p.size;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(p.size, p.size);
  for (let j = 0; j < p.size; j++)
    for (let i = 0; i < p.size; i++) {
      const k = j * p.size + i;
      const [r, g, b] = cellColor(p.value[k], p.confidence[k], classes);
      const o = ((p.size - 1 - j) * p.size + i) * 4;
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  ctx.putImageData(img, 0, 0);
  // predictGrid samples cell centres, so the image spans the grid's bounds exactly.
  return { image: c, x0: p.x0, x1: p.x1, y0: p.y0, y1: p.y1 };
}

const pointCache = new WeakMap<object, number[][][]>();
/** Points split by class; cached per point set because the same points are redrawn on every update. */
function pointsByClass(set: PointSet, k: number): number[][][] {
  const hit = pointCache.get(set);
  if (hit && hit.length === k) return hit;
  const out: number[][][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < set.n; i++) {
    const c = Math.round(set.y[i]);
    if (c >= 0 && c < k) out[c].push([set.x[i * set.dim], set.x[i * set.dim + 1]]);
  }
  pointCache.set(set, out);
  return out;
}

export interface PointSet {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  n: number;
  dim: number;
}

/**
 * Scatter of 2-D labelled points (train filled, test ringed) on fixed axes. The decision boundary is not part of
 * this option: it is a backdrop (see boundaryBackdrop), so the chart itself does not change while training.
 */
export function boundaryChart(opts: {
  train: PointSet;
  test?: PointSet;
  classes: number;
  /** fixed axis ranges (the prediction grid's extent); by default the data's */
  range?: { x0: number; x1: number; y0: number; y1: number } | null;
  featureNames?: readonly string[];
  /** class names for the legend and tooltips (default: class 0, class 1, …) */
  classNames?: readonly string[];
}): EChartsCoreOption {
  const { train, test, classes } = opts;
  const series: any[] = [];
  const pointsFor = (set: PointSet, label: 'train' | 'test') => {
    const k = Math.max(2, classes);
    const byClass = pointsByClass(set, k);
    for (let c = 0; c < k; c++) {
      const data = byClass[c];
      const color = CLASS_COLORS[c % CLASS_COLORS.length];
      series.push({
        type: 'scatter',
        id: `${label}-${c}`,
        name: `${label === 'train' ? 'Train' : 'Test'} · ${opts.classNames?.[c] ?? `class ${c}`}`,
        // One path per series instead of one element per point.
        large: true,
        largeThreshold: 300,
        z: 3,
        symbolSize: label === 'train' ? 6 : 7,
        itemStyle:
          label === 'train'
            ? { color, borderColor: '#fff', borderWidth: 1 }
            : { color: 'rgba(255,255,255,0.9)', borderColor: color, borderWidth: 2 },
        data,
        animation: false,
      });
    }
  };
  pointsFor(train, 'train');
  if (test && test.n) pointsFor(test, 'test');
  const range = opts.range ?? null;
  const [fx, fy] = opts.featureNames ?? ['x₁', 'x₂'];
  // The legend names the classes (species for Iris) above the plot, outside the points it would otherwise cover.
  const legendNames = series.filter((x) => x.id.startsWith('train-')).map((x) => x.name as string);
  return {
    animation: false,
    grid: { left: 44, right: 14, top: 34, bottom: 36, outerBoundsMode: 'none' },
    legend: { top: 2, left: 'center', type: 'scroll', data: legendNames, formatter: (n: string) => n.replace(/^Train · /, ''), textStyle: { color: '#334155', fontSize: 11 }, itemWidth: 10, itemHeight: 10 },
    tooltip: { trigger: 'item', backgroundColor: 'rgba(15,23,42,0.92)', borderWidth: 0, textStyle: { color: '#f8fafc', fontSize: 12 }, formatter: (q: any) => `${q.seriesName}<br/>(${fmt(q.value[0])}, ${fmt(q.value[1])})` },
    xAxis: { type: 'value', name: fx, nameLocation: 'middle', nameGap: 22, min: range?.x0, max: range?.x1, scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, showMinLabel: !range, showMaxLabel: !range, formatter: (v: number) => fmt(v) } },
    yAxis: { type: 'value', name: fy, nameLocation: 'middle', nameGap: 30, min: range?.y0, max: range?.y1, scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, showMinLabel: !range, showMaxLabel: !range, formatter: (v: number) => fmt(v) } },
    series,
  };
}

/** 1-D regression: data points and the fitted curve. */
export function curveChart(opts: { train: PointSet; test?: PointSet; prediction?: Prediction | null; featureNames?: readonly string[] }): EChartsCoreOption {
  const pts = (s: PointSet) => Array.from({ length: s.n }, (_, i) => [s.x[i * s.dim], s.y[i]]);
  const series: any[] = [
    { type: 'scatter', name: 'Train', symbolSize: 5, itemStyle: { color: CLASS_COLORS[1], opacity: 0.75 }, data: pts(opts.train), z: 2 },
  ];
  if (opts.test && opts.test.n)
    series.push({ type: 'scatter', name: 'Test', symbolSize: 6, itemStyle: { color: '#fff', borderColor: CLASS_COLORS[0], borderWidth: 2 }, data: pts(opts.test), z: 2 });
  const p = opts.prediction;
  if (p && p.kind === 'curve')
    series.push({ type: 'line', name: 'Model', showSymbol: false, lineStyle: { width: 3, color: '#e11d48' }, data: Array.from(p.x, (x, i) => [x, p.y[i]]), z: 4 });
  return {
    animation: false,
    grid: { left: 48, right: 14, top: 30, bottom: 36, outerBoundsMode: 'none' },
    legend: { top: 2, textStyle: { color: '#334155', fontSize: 11 } },
    tooltip: { trigger: 'item', backgroundColor: 'rgba(15,23,42,0.92)', borderWidth: 0, textStyle: { color: '#f8fafc', fontSize: 12 } },
    // Short labels (1.2e6, not 1,200,000): a diverging fit must not push its y labels out of the fixed grid.
    xAxis: { type: 'value', name: opts.featureNames?.[0] ?? 'x', nameLocation: 'middle', nameGap: 22, scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: (v: number) => fmt(v) } },
    yAxis: { type: 'value', name: 'y', scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: (v: number) => fmt(v) } },
    series,
  };
}
