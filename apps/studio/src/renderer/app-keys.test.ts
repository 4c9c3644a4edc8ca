import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shallowMount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from './host/host.js';
import { memoryHost } from './test-utils.js';
import { useModelStore } from './stores/model.js';
import App from './App.vue';

// Issue "Studio you can trust", defect 3: Ctrl+Z inside a number field undid the model instead of the typing.
// The app's shortcut handler must leave keys typed into a field to the field (its own text undo).

let w: VueWrapper | null = null;
beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
});
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const ctrl = (key: string, shiftKey = false) => new KeyboardEvent('keydown', { key, ctrlKey: true, shiftKey, bubbles: true, cancelable: true });

describe('Ctrl+Z: a field keeps its own undo; elsewhere it undoes the model', () => {
  it.each(['input', 'textarea', 'select'])('pressed in a %s, the model is left alone and the key is not swallowed', (tag) => {
    w = shallowMount(App, { attachTo: document.body });
    const m = useModelStore();
    m.update(m.ids[0], { units: 5 });
    const field = document.createElement(tag);
    if (tag === 'input') (field as HTMLInputElement).type = 'number';
    document.body.appendChild(field);
    field.focus();
    const z = ctrl('z');
    field.dispatchEvent(z);
    expect(z.defaultPrevented).toBe(false); // the browser's text undo runs
    expect(m.layers[0]).toEqual({ type: 'dense', units: 5 });
    field.dispatchEvent(ctrl('Z', true));
    field.dispatchEvent(ctrl('y'));
    expect(m.canRedo).toBe(false);
  });
  it('pressed outside a field, it undoes and redoes the model', () => {
    w = shallowMount(App, { attachTo: document.body });
    const m = useModelStore();
    m.update(m.ids[0], { units: 5 });
    const z = ctrl('z');
    document.body.dispatchEvent(z);
    expect(z.defaultPrevented).toBe(true);
    expect(m.layers[0]).toEqual({ type: 'dense', units: 8 });
    document.body.dispatchEvent(ctrl('Z', true));
    expect(m.layers[0]).toEqual({ type: 'dense', units: 5 });
  });
});
