import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ActivationName, LayerSpec } from '@descent/layers';
import { newLayerId, useSetupStore } from './setup.js';

// Edits of the model's layers (the RunSpec's model.layers, one library layer per card), with undo/redo. Every
// change goes through commit() so it can be undone; ids travel with their layers.

interface Snapshot {
  layers: LayerSpec[];
  ids: string[];
}

const HISTORY_LIMIT = 200;
const clone = (s: Snapshot): Snapshot => ({ layers: JSON.parse(JSON.stringify(s.layers)), ids: [...s.ids] });

export const dense = (units: number): LayerSpec => ({ type: 'dense', units });
export const activation = (fn: ActivationName): LayerSpec => ({ type: 'activation', fn });
export const dropout = (p = 0.2): LayerSpec => ({ type: 'dropout', p });

export const defaultLayers = (): LayerSpec[] => [dense(8), activation('tanh'), dense(8), activation('tanh'), dense(1)];

export const useModelStore = defineStore('model', () => {
  const setup = useSetupStore();
  const past = ref<Snapshot[]>([]);
  const future = ref<Snapshot[]>([]);

  const layers = computed(() => setup.spec.model.layers as LayerSpec[]);
  const ids = computed(() => setup.layerIds);
  const current = (): Snapshot => clone({ layers: layers.value, ids: ids.value });
  const apply = (s: Snapshot) => setup.setLayers(s.layers, s.ids);

  function commit(next: Snapshot) {
    past.value.push(current());
    if (past.value.length > HISTORY_LIMIT) past.value.shift();
    future.value = [];
    apply(next);
  }

  const canUndo = computed(() => past.value.length > 0);
  const canRedo = computed(() => future.value.length > 0);

  function undo() {
    const prev = past.value.pop();
    if (!prev) return;
    future.value.push(current());
    apply(prev);
  }
  function redo() {
    const next = future.value.pop();
    if (!next) return;
    past.value.push(current());
    apply(next);
  }

  /** Insert layers (a Dense and its activation come as two) at `index`; returns their ids. */
  function insert(add: LayerSpec[], index = layers.value.length): string[] {
    const s = current();
    const at = Math.max(0, Math.min(index, s.layers.length));
    const newIds = add.map(() => newLayerId());
    s.layers.splice(at, 0, ...JSON.parse(JSON.stringify(add)));
    s.ids.splice(at, 0, ...newIds);
    commit(s);
    return newIds;
  }
  function remove(id: string) {
    const i = ids.value.indexOf(id);
    if (i < 0) return;
    const s = current();
    s.layers.splice(i, 1);
    s.ids.splice(i, 1);
    commit(s);
  }
  function move(id: string, to: number) {
    const from = ids.value.indexOf(id);
    if (from < 0 || to < 0 || to >= layers.value.length || to === from) return;
    const s = current();
    const [l] = s.layers.splice(from, 1);
    const [d] = s.ids.splice(from, 1);
    s.layers.splice(to, 0, l);
    s.ids.splice(to, 0, d);
    commit(s);
  }
  /** Change fields of one layer (units, fn, p…); a no-op edit is not recorded. */
  function update(id: string, patch: Record<string, unknown>) {
    const i = ids.value.indexOf(id);
    if (i < 0) return;
    const cur = layers.value[i] as unknown as Record<string, unknown>;
    if (Object.entries(patch).every(([k, v]) => JSON.stringify(cur[k]) === JSON.stringify(v))) return;
    const s = current();
    s.layers[i] = { ...s.layers[i], ...patch } as LayerSpec;
    commit(s);
  }
  /** Replace the whole stack (drag and drop results); unchanged stacks are not recorded. */
  function setStack(next: { layer: LayerSpec; id: string }[]) {
    const s = { layers: next.map((x) => x.layer), ids: next.map((x) => x.id) };
    if (JSON.stringify(s) === JSON.stringify({ layers: layers.value, ids: ids.value })) return;
    commit(clone(s));
  }
  function clear() {
    if (layers.value.length) commit({ layers: [], ids: [] });
  }
  function reset(next: LayerSpec[] = defaultLayers()) {
    commit({ layers: JSON.parse(JSON.stringify(next)), ids: next.map(() => newLayerId()) });
  }

  return { layers, ids, canUndo, canRedo, undo, redo, insert, remove, move, update, setStack, clear, reset };
});
