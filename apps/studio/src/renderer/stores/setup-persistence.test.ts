import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { parseRunSpecJson, type RunSpec } from '@descent/train';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { useDataStore } from './data.js';
import { useModelStore } from './model.js';
import { SETUP_STORAGE_KEY, useSetupStore } from './setup.js';

// Issue "Studio you can trust", nothing lost: the Build setup (data, model, optimizer, schedule) is kept
// across reloads. The store writes it to localStorage; at start main.ts reads it back through the library's
// spec parser and loads it (the same two calls are made here, on a fresh store as after a reload).

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
  localStorage.clear();
});

const settle = () => new Promise((r) => setTimeout(r, 350)); // the store writes 300 ms after the last change
function reload() {
  setActivePinia(createPinia());
  const saved = localStorage.getItem(SETUP_STORAGE_KEY);
  expect(saved).toBeTruthy();
  const s = useSetupStore();
  s.load(parseRunSpecJson(saved!).spec as RunSpec);
  return s;
}

describe('the setup survives a reload', () => {
  it('data preset, model, optimizer with its options, schedule and epochs come back (not Circles/Adam)', async () => {
    const s = useSetupStore();
    useDataStore().setPreset('moons');
    const m = useModelStore();
    m.insert([{ type: 'dense', units: 5 }, { type: 'activation', fn: 'relu' }], 0);
    s.setOptimizer('rmsprop');
    s.setOptimizerOption('lr', 0.003);
    s.setSchedule('cosine');
    s.spec.epochs = 37;
    await settle();
    const want = s.snapshot();
    const after = reload();
    expect(after.snapshot()).toEqual(want);
    expect(after.spec.data).toMatchObject({ preset: 'moons' });
    expect(after.spec.optimizer).toMatchObject({ name: 'rmsprop', options: { lr: 0.003 } });
    expect(useModelStore().layers.slice(0, 2)).toEqual([{ type: 'dense', units: 5 }, { type: 'activation', fn: 'relu' }]);
    expect(after.valid).toBe(true);
  });
  it('an imported CSV (semicolon-separated) comes back with its columns and delimiter', async () => {
    const d = useDataStore();
    expect(d.importCsv('semi.csv', 'a;b;y\n1;2;0\n3;4;1\n5;6;0\n7;8;1\n')).toBe(true);
    expect(d.applyCsv()).toBe(true);
    await settle();
    const after = reload();
    expect(after.spec.data).toMatchObject({ csv: { fileName: 'semi.csv', target: 'y', features: ['a', 'b'], delimiter: ';' } });
    expect(after.data?.features).toBe(2);
  });
  it('an edit made just before the page goes away is written at once, not lost with the 300 ms timer', async () => {
    const s = useSetupStore();
    s.spec.epochs = 37;
    await Promise.resolve(); // the watcher has seen the edit; its timer has not fired
    await new Promise((r) => setTimeout(r, 0));
    expect(localStorage.getItem(SETUP_STORAGE_KEY) ?? '').not.toContain('"epochs":37');
    window.dispatchEvent(new Event('pagehide'));
    expect(reload().spec.epochs).toBe(37);
  });
});
