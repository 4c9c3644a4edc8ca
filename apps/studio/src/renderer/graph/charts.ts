import { use, type EChartsCoreOption } from 'echarts/core';
import { GraphChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { GraphModel } from './model.js';
import { edgeKey, type Reveal } from './steps.js';
import { fmt } from './format.js';
import { H_CENTRAL_BEST, H_FORWARD_BEST, type QuotientRow } from './quotient.js';

// ECharts options for the Graph view: the computational graph (graph series, our layered layout) and the
// log-log error plot of the difference quotients. Colours are chosen for light and dark here (the graph's
// green and red carry meaning, so they are not left to the generic dark mapping).
use([GraphChart, LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

interface Palette {
  value: string;
  grad: string;
  text: string;
  muted: string;
  fill: string;
  opFill: string;
  line: string;
  accent: string;
}

export const palette = (dark: boolean): Palette =>
  dark
    ? { value: '#4ade80', grad: '#f87171', text: '#e5e7eb', muted: '#8b9ab0', fill: '#162032', opFill: '#1e293b', line: '#52627a', accent: '#a5b4fc' }
    : { value: '#15803d', grad: '#dc2626', text: '#0f172a', muted: '#6b7a90', fill: '#f8fafc', opFill: '#eef2ff', line: '#9aa8bb', accent: '#4338ca' };

const ROW_PX = 104;

/** Height in pixels the graph needs for its tallest layer. */
export const graphHeight = (m: GraphModel): number => Math.max(250, Math.round(m.rows * ROW_PX + 60));

/** Width in pixels below which the layers would crowd each other (the card scrolls sideways then). */
export const graphMinWidth = (m: GraphModel): number => m.layers * 124 + 96;

/**
 * Nodes sit on a hidden grid (layer, row), so they keep their size in pixels whatever the card's width. Edge
 * values are labels of an invisible scatter series placed half a layer right of the edge's source: upright
 * text, clear of the nodes, as on the lecture's figure (green value above, red gradient below).
 */
export function graphOption(m: GraphModel, r: Reveal, dark: boolean): EChartsCoreOption {
  const p = palette(dark);
  const mono = 'ui-monospace, SFMono-Regular, Menlo, monospace';
  const rich = {
    name: { fontSize: 14, fontWeight: 700, color: p.text, lineHeight: 18 },
    op: { fontSize: 14, color: p.muted, lineHeight: 18 },
    v: { fontSize: 13, fontWeight: 700, color: p.value, lineHeight: 17, fontFamily: mono },
    g: { fontSize: 13, fontWeight: 700, color: p.grad, lineHeight: 17, fontFamily: mono },
    q: { fontSize: 14, color: p.muted, lineHeight: 18 },
  };
  const nodes = m.nodes.map((n) => {
    const known = r.value.has(n.id);
    const current = r.current === n.id;
    const isConst = n.kind === 'const';
    const head = n.kind === 'op' ? `{name|${n.name}} {op|${n.symbol}}` : `{name|${n.name}}`;
    const lines = isConst ? [head] : [head, known ? `{v|${fmt(n.value)}}` : '{q|?}'];
    if (r.grad.has(n.id)) lines.push(`{g|${fmt(n.grad)}}`);
    return {
      id: String(n.id),
      name: n.name,
      value: [n.layer, n.row],
      symbol: n.kind === 'op' ? 'circle' : 'roundRect',
      symbolSize: isConst ? [44, 30] : n.kind === 'op' ? 80 : [78, 62],
      itemStyle: {
        color: n.kind === 'op' ? p.opFill : p.fill,
        borderColor: current ? p.accent : known ? p.line : p.muted,
        borderWidth: current ? 3 : 1.5,
        borderType: known ? 'solid' : 'dashed',
        shadowBlur: current ? 10 : 0,
        shadowColor: p.accent,
      },
      label: { show: true, position: 'inside', formatter: lines.join('\n'), rich },
      tooltip: { formatter: `${n.name}${n.kind === 'op' ? ` (${n.op})` : ''}<br/>value ${known ? fmt(n.value) : '?'}${r.grad.has(n.id) ? `<br/>∂${m.output.name}/∂${n.name} = ${fmt(n.grad)}` : ''}` },
    };
  });
  const links = m.edges.map((e) => {
    const gradShown = r.edgeGrad.has(edgeKey(e));
    const active = r.current === e.to || r.current === e.from;
    return {
      source: String(e.from),
      target: String(e.to),
      lineStyle: { color: gradShown ? p.grad : active ? p.accent : p.line, width: active ? 2.5 : 1.5, opacity: e.local === null ? 0.55 : 0.9, type: e.local === null ? 'dashed' : 'solid', curveness: 0 },
    };
  });
  const edgeLabels = m.edges.flatMap((e) => {
    const a = m.byId.get(e.from)!, b = m.byId.get(e.to)!;
    const valueShown = r.value.has(e.from);
    const gradShown = r.edgeGrad.has(edgeKey(e));
    if (!valueShown && !gradShown) return [];
    const t = 0.5 / Math.max(1, b.layer - a.layer);
    const text = [valueShown ? `{v|${fmt(a.value, 3)}}` : '', gradShown ? `{g|${fmt(e.grad, 3)}}` : ''].filter(Boolean).join('\n');
    return [{ value: [a.layer + (b.layer - a.layer) * t, a.row + (b.row - a.row) * t], label: { formatter: text } }];
  });
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 48, right: 48, top: 40, bottom: 36 },
    xAxis: { type: 'value', show: false, min: -0.5, max: m.layers - 0.5 },
    yAxis: { type: 'value', show: false, inverse: true, min: -0.5, max: m.rows - 0.5 },
    series: [
      {
        type: 'graph',
        coordinateSystem: 'cartesian2d',
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        emphasis: { disabled: true },
        data: nodes,
        links,
        z: 2,
      },
      {
        type: 'scatter',
        symbolSize: 0,
        silent: true,
        z: 3,
        data: edgeLabels,
        label: { show: true, position: 'inside', rich, backgroundColor: dark ? 'rgba(17,24,39,0.88)' : 'rgba(255,255,255,0.88)', padding: [1, 4], borderRadius: 4 },
      },
    ],
  };
}

/** |error| of both quotients against h, log-log, h shrinking left to right; zeros (exact) are gaps. */
export function quotientOption(rows: readonly QuotientRow[], input: string, dark: boolean, chosen?: number): EChartsCoreOption {
  const p = palette(dark);
  const pt = (h: number, err: number) => [h, err > 0 ? err : null];
  const mark = (h: number, label: string, color: string) => ({ xAxis: h, label: { formatter: label, color, fontSize: 11 }, lineStyle: { color, type: 'dashed' } });
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 40, bottom: 44 },
    legend: { top: 4, textStyle: { color: p.text } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toExponential(2) : '0 (exact)') },
    xAxis: { type: 'log', inverse: true, name: 'h', nameLocation: 'middle', nameGap: 26, min: 1e-12, max: 1e-1, axisLabel: { color: p.muted, formatter: (v: number) => `1e${Math.round(Math.log10(v))}` }, nameTextStyle: { color: p.muted }, splitLine: { show: false } },
    yAxis: { type: 'log', name: `|quotient − ∂f/∂${input}|`, nameTextStyle: { color: p.muted, align: 'left' }, axisLabel: { color: p.muted, formatter: (v: number) => `1e${Math.round(Math.log10(v))}` }, splitLine: { lineStyle: { color: dark ? '#243045' : '#eef2f7' } } },
    series: [
      {
        name: 'forward (f(a+h) − f(a))/h',
        type: 'line',
        symbolSize: 5,
        color: dark ? '#fbbf24' : '#b45309',
        data: rows.map((r) => pt(r.h, r.forwardError)),
        markLine: { symbol: 'none', silent: true, data: [mark(H_FORWARD_BEST, '√ε', dark ? '#fbbf24' : '#b45309'), mark(H_CENTRAL_BEST, '∛ε', dark ? '#a5b4fc' : '#4338ca'), ...(chosen ? [mark(chosen, 'h', p.muted)] : [])] },
      },
      { name: 'central (f(a+h) − f(a−h))/2h', type: 'line', symbolSize: 5, color: dark ? '#a5b4fc' : '#4338ca', data: rows.map((r) => pt(r.h, r.centralError)) },
    ],
  };
}
