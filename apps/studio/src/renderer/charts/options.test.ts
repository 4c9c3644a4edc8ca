import { describe, expect, it } from 'vitest';
import { boundaryChart, curveChart } from './options.js';

const set = (n: number, dim: number, labels: number[]) => ({ x: Float64Array.from({ length: n * dim }, (_, i) => i), y: Float64Array.from(labels), n, dim });

describe('boundaryChart', () => {
  it('names the classes in a legend above the plot (Iris: the species), never over the points', () => {
    const o = boundaryChart({ train: set(3, 4, [0, 1, 2]), test: set(3, 4, [0, 1, 2]), classes: 3, classNames: ['setosa', 'versicolor', 'virginica'] }) as any;
    expect(o.legend.data).toEqual(['Train · setosa', 'Train · versicolor', 'Train · virginica']);
    expect(o.legend.data.map(o.legend.formatter)).toEqual(['setosa', 'versicolor', 'virginica']);
    // The legend sits in the top margin: the plot starts below it.
    expect(o.legend.top).toBeLessThan(10);
    expect(o.grid.top).toBeGreaterThanOrEqual(o.legend.top + o.legend.itemHeight + 16);
  });
});

describe('curveChart', () => {
  it('keeps axis labels short for huge values (a diverging fit), so they fit the fixed margin', () => {
    const o = curveChart({ train: set(2, 1, [1, 2]) }) as any;
    expect(o.yAxis.axisLabel.formatter(1234567890)).toBe('1.235e9');
    expect(o.yAxis.axisLabel.formatter(-250000)).toBe('-2.5e5');
    expect(o.yAxis.axisLabel.formatter(0.5)).toBe('0.5');
    expect(o.xAxis.axisLabel.formatter(3)).toBe('3');
  });
});

describe('recolor (dark theme)', () => {
  it('maps style colours and leaves data and the light option alone', async () => {
    const { recolor } = await import('./theme.js');
    const light = boundaryChart({ train: set(2, 2, [0, 1]), classes: 2 }) as any;
    const dark = recolor(light) as any;
    expect(light.xAxis.axisLabel.color).toBe('#64748b');
    expect(dark.xAxis.axisLabel.color).toBe('#94a3b8');
    expect(dark.xAxis.splitLine.lineStyle.color).toBe('#1f2a3c');
    expect(dark.legend.textStyle.color).toBe('#cbd5e1');
    expect(dark.series[0].itemStyle.borderColor).toBe('#111827');
    expect(dark.series[0].data).toBe(light.series[0].data); // not copied
    expect(dark.series[0].itemStyle.color).toBe(light.series[0].itemStyle.color); // class colours kept
    expect(typeof dark.xAxis.axisLabel.formatter).toBe('function');
  });
});
