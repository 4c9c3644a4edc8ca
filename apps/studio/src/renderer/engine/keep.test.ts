import { describe, expect, it } from 'vitest';
import { computed, ref } from 'vue';
import { keep, sameRecord, sameSet } from './keep.js';

describe('keep', () => {
  it('returns the previous value while equal, the new one otherwise', () => {
    const a = { x: '1' };
    expect(keep(a, { x: '1' }, sameRecord)).toBe(a);
    expect(keep(a, { x: '2' }, sameRecord)).toEqual({ x: '2' });
    expect(keep(undefined, a, sameRecord)).toBe(a);
  });
  it('compares records by keys and values, sets by members', () => {
    expect(sameRecord({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameRecord({ a: '1', b: undefined }, { a: '1', c: undefined })).toBe(false);
    expect(sameSet(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(sameSet(new Set([1, 2]), new Set([1, 3]))).toBe(false);
  });
  it('stops a computed from triggering its dependents when its value is unchanged', () => {
    const src = ref(1);
    const errors = computed<Record<string, string>>((prev) => keep(prev, src.value > 5 ? { x: 'too big' } : {}, sameRecord));
    let runs = 0;
    const view = computed(() => (runs++, Object.keys(errors.value).length));
    expect(view.value).toBe(0);
    src.value = 2;
    expect(view.value).toBe(0);
    expect(runs).toBe(1);
    src.value = 9;
    expect(view.value).toBe(1);
    expect(runs).toBe(2);
  });
});
