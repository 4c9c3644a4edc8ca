import { beforeEach, describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mount } from '@vue/test-utils';
import '../charts/setup.js';
import { createPinia, setActivePinia } from 'pinia';
import { OPTIMIZERS, optimizerInfo } from '@descent/optimizers';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { fieldsOf } from '../engine/fields.js';
import { useModelStore } from '../stores/model.js';
import { useSetupStore } from '../stores/setup.js';
import ModelBuilder from './ModelBuilder.vue';
import OptionField from './OptionField.vue';
import TrainingSetup from './TrainingSetup.vue';
import TrainControls from './TrainControls.vue';

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
});

describe('ModelBuilder', () => {
  it('shows one card per library layer, shapes, parameter counts and the total', () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    expect(w.findAll('.layer-card')).toHaveLength(5);
    expect(w.get('[data-testid="params-0"]').text()).toBe('24 params');
    expect(w.get('[data-testid="total-params"]').text()).toBe('105 parameters');
    expect(w.get('[data-testid="architecture"]').text()).toBe('2 → 8 → 8 → 1');
    w.unmount();
  });

  it('adds (Dense + activation as two layers), moves and removes layers from the keyboard', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const m = useModelStore();
    await w.get('[aria-label="Add Dense · ReLU layer"]').trigger('click');
    expect(m.layers.slice(5)).toEqual([{ type: 'dense', units: 8 }, { type: 'activation', fn: 'relu' }]);
    const last = w.findAll('.layer-card')[6];
    await last.trigger('keydown', { key: 'ArrowUp', altKey: true });
    expect(m.layers[5]).toEqual({ type: 'activation', fn: 'relu' });
    await w.findAll('.layer-card')[5].trigger('keydown', { key: 'Delete' });
    expect(m.layers).toHaveLength(6);
    await w.get('[data-testid="undo"]').trigger('click');
    expect(m.layers).toHaveLength(7);
    w.unmount();
  });

  it('says why a model cannot fit, next to the offending layer, with a fix', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const m = useModelStore();
    m.update(m.ids[4], { units: 3 });
    await w.vm.$nextTick();
    const card = w.findAll('.layer-card')[4];
    expect(card.classes()).toContain('error');
    expect(card.get('[data-testid="layer-error"]').text()).toMatch(/Units must be 1: bceWithLogits compares the output with one value per sample/);
    await card.get('button.link').trigger('click');
    expect(m.layers[4]).toEqual({ type: 'dense', units: 1 });
    w.unmount();
  });

  it('keeps an invalid unit count visible and marked, and refuses Train', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const input = w.findAll('[data-testid="units"]')[0];
    await input.setValue('0');
    await input.trigger('change');
    expect(w.findAll('.layer-card')[0].text()).toMatch(/Units must be at least 1, got 0/);
    expect((input.element as HTMLInputElement).value).toBe('0');
    expect(useSetupStore().valid).toBe(false);
    w.unmount();
  });

  it('a dropout rate can be changed (a number input gives a number, not text)', async () => {
    const m = useModelStore();
    m.insert([{ type: 'dropout', p: 0.2 }], 1);
    const w = mount(ModelBuilder, { attachTo: document.body });
    const input = w.get('[data-testid="dropout-rate"]');
    await input.setValue('0.35');
    await input.trigger('change');
    expect(m.layers[1]).toEqual({ type: 'dropout', p: 0.35 });
    w.unmount();
  });
});

describe('OptionField', () => {
  const [lr, betas] = fieldsOf(optimizerInfo('adam').options, 'optimizer.options');

  it('emits what is typed, valid or not, and shows the message it is given', async () => {
    const w = mount(OptionField, { props: { field: lr, modelValue: 0.001, idPrefix: 't', error: null } });
    const input = w.get('input');
    await input.setValue('0.05');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([0.05]);
    await input.setValue('-2');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([-2]);
    await input.setValue('abc');
    expect(Number.isNaN(w.emitted('update:modelValue')!.at(-1)![0])).toBe(true);
    await w.setProps({ error: 'Learning rate must be a finite number, got NaN' });
    expect(w.get('[role="alert"]').text()).toBe('Learning rate must be a finite number, got NaN');
    expect(w.get('.field').classes()).toContain('invalid');
  });

  it('a pair emits both numbers', async () => {
    const w = mount(OptionField, { props: { field: betas, modelValue: [0.9, 0.999], idPrefix: 't' } });
    const [, second] = w.findAll('input');
    await second.setValue('0.99');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([[0.9, 0.99]]);
    expect(second.attributes('aria-label')).toBe('β₂');
  });
});

describe('TrainingSetup: every invalid optimizer option is marked at its field and Train is refused', () => {
  const invalid = (kind: string) => (kind === 'boolean' ? 'yes' : kind === 'pair' ? [1.5, 0.9] : -1);
  const cases = OPTIMIZERS.flatMap((o) => o.options.map((m) => ({ name: `${o.name} ${m.name}`, o: o.name, m })));
  it.each(cases)('$name', async ({ o, m }) => {
    const s = useSetupStore();
    s.setOptimizer(o);
    const w = mount({ render: () => h('div', [h(TrainingSetup), h(TrainControls)]) }, { attachTo: document.body, global: { stubs: { LrPreview: true } } });
    s.setOptimizerOption(m.name, m.kind === 'boolean' ? 'yes' : invalid(m.kind));
    await w.vm.$nextTick();
    const field = w.get(`[data-field="optimizer.options.${m.name}"]`);
    expect(field.classes()).toContain('invalid');
    expect(field.get('[role="alert"]').text().length).toBeGreaterThan(5);
    expect(w.get('[data-testid="train"]').attributes('aria-disabled')).toBe('true');
    w.unmount();
  });
});
