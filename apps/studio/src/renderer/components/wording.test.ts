import { beforeEach, describe, expect, it } from 'vitest';
import { mount, shallowMount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { useDataStore } from '../stores/data.js';
import { useSetupStore } from '../stores/setup.js';
import DataPanel from './DataPanel.vue';
import TrainingSetup from './TrainingSetup.vue';

// Issue "Studio you can trust", defect 10 (wording), on the components a person reads.

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
  localStorage.clear();
});

describe('Data panel shape line', () => {
  it('plural outputs: Iris is "4 inputs → 3 outputs", circles "2 inputs → 1 output"', async () => {
    const w = shallowMount(DataPanel);
    expect(w.get('[data-testid="data-shape"]').text()).toBe('2 inputs → 1 output · binary');
    useDataStore().setPreset('iris');
    await w.vm.$nextTick();
    expect(w.get('[data-testid="data-shape"]').text()).toBe('4 inputs → 3 outputs · multi-class');
    useDataStore().setPreset('sine');
    await w.vm.$nextTick();
    expect(w.get('[data-testid="data-shape"]').text()).toBe('1 input → 1 output · regression');
    w.unmount();
  });
});

describe('Batch plan', () => {
  it('an invalid mini-batch size (2.5) shows no plan computed from it, only that it needs fixing', async () => {
    const w = mount(TrainingSetup, { attachTo: document.body, global: { stubs: { LrPreview: true } } });
    const plan = () => w.get('[data-testid="batch-plan"]').text();
    expect(plan()).toBe('240 training samples → 15 steps per epoch of 16 samples');
    const size = w.get('[data-testid="batch-size"]');
    await size.setValue('2.5');
    expect(w.get('[data-field="batch.batchSize"]').text()).toMatch(/must be a positive integer, got 2.5/);
    expect(plan()).toBe('Fix the batch size to see the plan.');
    expect(plan()).not.toMatch(/2\.5/);
    await size.setValue('1');
    expect(plan()).toBe('240 training samples → 240 steps per epoch of 1 sample');
    w.unmount();
  });
});

describe('β messages from the real library error', () => {
  it('Adam betas [1.2, 0.999]: "β₁ must be below 1", shown at the betas field', async () => {
    const s = useSetupStore();
    s.setOptimizer('adam');
    s.setOptimizerOption('betas', [1.2, 0.999]);
    expect(s.errors['optimizer.options.betas']).toMatch(/^β₁ must be below 1/);
    expect(s.errors['optimizer.options.betas']).not.toMatch(/\[0\]|Betas/);
    s.setOptimizerOption('betas', [0.9, 1]);
    expect(s.errors['optimizer.options.betas']).toMatch(/^β₂ must be below 1/);
    const w = mount(TrainingSetup, { attachTo: document.body, global: { stubs: { LrPreview: true } } });
    expect(w.get('[data-field="optimizer.options.betas"] [role="alert"]').text()).toMatch(/^β₂ must be below 1/);
    w.unmount();
  });
});
