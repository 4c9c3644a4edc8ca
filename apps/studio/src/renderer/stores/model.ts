import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Activation, LayerSpec } from '@shared/model-spec.js';

// The layer stack being built, with undo/redo. Every change goes through commit() so it can be undone.

let counter = 0;
export const newLayerId = () => `L${Date.now().toString(36)}${(counter++).toString(36)}`;

export function denseLayer(units: number, activation: Activation): LayerSpec {
  return { id: newLayerId(), kind: 'dense', units, activation };
}
export function dropoutLayer(rate = 0.2): LayerSpec {
  return { id: newLayerId(), kind: 'dropout', rate };
}

export const defaultModel = (): LayerSpec[] => [denseLayer(8, 'tanh'), denseLayer(8, 'tanh'), denseLayer(1, 'identity')];

const clone = (l: LayerSpec[]) => l.map((x) => ({ ...x }));
const HISTORY_LIMIT = 200;

export const useModelStore = defineStore('model', () => {
  const layers = ref<LayerSpec[]>(defaultModel());
  const past = ref<LayerSpec[][]>([]);
  const future = ref<LayerSpec[][]>([]);

  function commit(next: LayerSpec[]) {
    past.value.push(clone(layers.value));
    if (past.value.length > HISTORY_LIMIT) past.value.shift();
    future.value = [];
    layers.value = next;
  }

  const canUndo = computed(() => past.value.length > 0);
  const canRedo = computed(() => future.value.length > 0);

  function undo() {
    const prev = past.value.pop();
    if (!prev) return;
    future.value.push(clone(layers.value));
    layers.value = prev;
  }
  function redo() {
    const next = future.value.pop();
    if (!next) return;
    past.value.push(clone(layers.value));
    layers.value = next;
  }

  function insert(layer: LayerSpec, index = layers.value.length) {
    const next = clone(layers.value);
    next.splice(Math.max(0, Math.min(index, next.length)), 0, layer);
    commit(next);
  }
  function remove(id: string) {
    if (!layers.value.some((l) => l.id === id)) return;
    commit(clone(layers.value).filter((l) => l.id !== id));
  }
  function move(id: string, to: number) {
    const from = layers.value.findIndex((l) => l.id === id);
    if (from < 0 || to < 0 || to >= layers.value.length || to === from) return;
    const next = clone(layers.value);
    const [l] = next.splice(from, 1);
    next.splice(to, 0, l);
    commit(next);
  }
  function update(id: string, patch: Partial<{ units: number; activation: Activation; rate: number }>) {
    const i = layers.value.findIndex((l) => l.id === id);
    if (i < 0) return;
    const cur = layers.value[i] as any;
    if (Object.entries(patch).every(([k, v]) => cur[k] === v)) return;
    const next = clone(layers.value);
    next[i] = { ...next[i], ...patch } as LayerSpec;
    commit(next);
  }
  /** Replace the whole stack (drag and drop results, re-opened runs). */
  function setLayers(next: LayerSpec[]) {
    const same = next.length === layers.value.length && next.every((l, i) => JSON.stringify(l) === JSON.stringify(layers.value[i]));
    if (!same) commit(clone(next));
  }
  function clear() {
    if (layers.value.length) commit([]);
  }

  return { layers, canUndo, canRedo, undo, redo, insert, remove, move, update, setLayers, clear };
});
