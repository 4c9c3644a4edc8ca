import { beforeEach, describe, expect, it } from 'vitest';
import { shallowMount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { useDataStore } from '../stores/data.js';
import ChartPanel from './ChartPanel.vue';
import DataPanel from './DataPanel.vue';

// Issue "Studio you can trust", defect 9: the Iris preview said "class 0/1/2" and its legend covered the points.
// The Data panel must hand the dataset's class names to the chart, whose legend sits above the plot.

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
  localStorage.clear();
});

describe('Data preview legend', () => {
  it('Iris: the legend names the species, above the plot area', async () => {
    const w = shallowMount(DataPanel);
    useDataStore().setPreset('iris');
    await w.vm.$nextTick();
    const option = w.getComponent(ChartPanel).props('option') as any;
    const shown = option.legend.data.map(option.legend.formatter);
    expect([...new Set(shown)]).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(JSON.stringify(option.series.map((s: { name: string }) => s.name))).not.toMatch(/class \d/);
    expect(option.grid.top).toBeGreaterThanOrEqual(option.legend.top + option.legend.itemHeight + 16);
    w.unmount();
  });
});
