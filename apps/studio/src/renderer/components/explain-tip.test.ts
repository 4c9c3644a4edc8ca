import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import '../charts/setup.js';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { optimizerExplanation } from '../engine/explanations.js';
import ExplainTip from './ExplainTip.vue';
import TrainingSetup from './TrainingSetup.vue';

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
  document.body.innerHTML = '';
});

describe('ExplainTip', () => {
  it('opens on focus and hover with the text and the rendered formula, and closes on Escape', async () => {
    const w = mount(ExplainTip, { props: { explain: optimizerExplanation('adam') }, attachTo: document.body });
    const btn = w.get('[data-testid="explain"]');
    expect(btn.attributes('aria-label')).toBe('Explain Adam');
    expect(document.querySelector('[role="tooltip"]')).toBeNull();
    await btn.trigger('focus');
    const tip = document.querySelector('[role="tooltip"]')!;
    expect(tip.textContent).toContain('Adaptive moment estimation');
    expect(tip.querySelectorAll('.katex').length).toBe(optimizerExplanation('adam').tex.length);
    expect(btn.attributes('aria-describedby')).toBe(tip.id);
    await btn.trigger('keydown', { key: 'Escape' });
    expect(document.querySelector('[role="tooltip"]')).toBeNull();
    await btn.trigger('mouseenter');
    expect(document.querySelector('[role="tooltip"]')).not.toBeNull();
    w.unmount();
  });

  it('the Training panel explains the loss, the optimizer, each of its options and each batch mode', async () => {
    const w = mount(TrainingSetup, { attachTo: document.body, global: { stubs: { LrPreview: true } } });
    const labels = w.findAll('[data-testid="explain"]').map((b) => b.attributes('aria-label'));
    expect(labels).toEqual(expect.arrayContaining(['Explain Binary cross-entropy (logits)', 'Explain Adam', 'Explain Learning rate, default 0.001', 'Explain Full batch (vanilla GD)', 'Explain SGD (one row)', 'Explain Mini-batch']));
    expect(labels.some((l) => /^Explain Betas.*default 0.9, 0.999$/.test(l!))).toBe(true);
    w.unmount();
  });
});
