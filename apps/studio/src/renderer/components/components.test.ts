import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { useModelStore } from '../stores/model.js';
import ModelBuilder from './ModelBuilder.vue';
import OptionField from './OptionField.vue';
import { optimizerInfo } from '../engine/optimizers.js';

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
});

describe('ModelBuilder', () => {
  it('shows shapes, parameter counts and the total', () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    expect(w.findAll('.layer-card')).toHaveLength(3);
    expect(w.get('[data-testid="params-0"]').text()).toBe('24 params');
    expect(w.get('[data-testid="total-params"]').text()).toBe('105 parameters');
    expect(w.get('[data-testid="architecture"]').text()).toBe('2 → 8 → 8 → 1');
    w.unmount();
  });

  it('adds, moves and removes layers from the keyboard', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const m = useModelStore();
    await w.get('[aria-label="Add Dense · ReLU layer"]').trigger('click');
    expect(m.layers).toHaveLength(4);
    expect(m.layers[3]).toMatchObject({ kind: 'dense', activation: 'relu', units: 8 });
    const last = w.findAll('.layer-card')[3];
    await last.trigger('keydown', { key: 'ArrowUp', altKey: true });
    expect(m.layers[2]).toMatchObject({ activation: 'relu' });
    await w.findAll('.layer-card')[2].trigger('keydown', { key: 'Delete' });
    expect(m.layers.map((l: any) => l.activation)).toEqual(['tanh', 'tanh', 'identity']);
    await w.get('[data-testid="undo"]').trigger('click');
    expect(m.layers).toHaveLength(4);
    w.unmount();
  });

  it('says why a model cannot fit, next to the offending layer, with a fix', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const m = useModelStore();
    m.update(m.layers[2].id, { units: 3 });
    await w.vm.$nextTick();
    const card = w.findAll('.layer-card')[2];
    expect(card.classes()).toContain('error');
    expect(card.get('[data-testid="layer-error"]').text()).toMatch(/Output layer has 3 units, but Circles needs 1/);
    await card.get('button.link').trigger('click');
    expect((m.layers[2] as any).units).toBe(1);
    w.unmount();
  });

  it('refuses an invalid unit count at the field', async () => {
    const w = mount(ModelBuilder, { attachTo: document.body });
    const input = w.findAll('[data-testid="units"]')[0];
    await input.setValue('0');
    await input.trigger('change');
    expect(w.findAll('.layer-card')[0].text()).toMatch(/Units must be a whole number/);
    expect((useModelStore().layers[0] as any).units).toBe(8);
    w.unmount();
  });
});

describe('OptionField', () => {
  const lr = optimizerInfo('adam').options.find((o) => o.key === 'lr')!;
  const betas = optimizerInfo('adam').options.find((o) => o.key === 'betas')!;

  it('emits valid values and refuses invalid ones with a message', async () => {
    const w = mount(OptionField, { props: { meta: lr, modelValue: 0.001, idPrefix: 't' } });
    const input = w.get('input');
    await input.setValue('0.05');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([0.05]);
    await input.setValue('-2');
    expect(w.get('[role="alert"]').text()).toMatch(/Learning rate must be ≥ 0/);
    await input.setValue('abc');
    expect(w.get('[role="alert"]').text()).toMatch(/finite number/);
    expect(w.emitted('update:modelValue')).toHaveLength(1);
  });

  it('validates both numbers of a pair', async () => {
    const w = mount(OptionField, { props: { meta: betas, modelValue: [0.9, 0.999], idPrefix: 't' } });
    const [, second] = w.findAll('input');
    await second.setValue('1');
    expect(w.get('[role="alert"]').text()).toMatch(/Betas.*\[1\] must be < 1/);
    await second.setValue('0.99');
    expect(w.emitted('update:modelValue')!.at(-1)).toEqual([[0.9, 0.99]]);
  });
});
