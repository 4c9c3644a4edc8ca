import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createGraphState, readNumber } from './state.js';
import { GRAPH_PRESETS } from './presets.js';

describe('graph state', () => {
  afterEach(() => vi.useRealTimers());

  it('reads typed numbers, with a real minus sign, and says what is wrong otherwise', () => {
    expect(readNumber('−2')).toBe(-2);
    expect(readNumber(' 1e-3 ')).toBe(0.001);
    expect(readNumber('.5')).toBe(0.5);
    expect(readNumber('3a')).toMatch(/not a number/);
    expect(readNumber('')).toBe('enter a number');
  });

  it('starts on the lecture graph, fully worked; a syntax error keeps the last good graph', async () => {
    vi.useFakeTimers();
    const s = createGraphState();
    expect(s.model.value!.output.value).toBe(-12);
    expect(s.step.value).toBe(s.steps.value.length);
    s.setSource('f = x * * y');
    await nextTick();
    expect(s.parsed.value.error?.position).toBe(8);
    expect(s.stale.value).toBe(true);
    expect(s.model.value!.output.value).toBe(-12);
    s.setSource('f = x * w');
    await nextTick();
    expect(s.inputs.value).toEqual(['x', 'w']);
    expect(s.typed.w).toBe('1'); // a new variable gets a field holding 1
    vi.advanceTimersByTime(200); // typing rebuilds after a pause
    expect(s.model.value!.output.value).toBe(-2);
    expect(s.preset.value).toBeNull();
  });

  it('a bad value is a field error; new values keep the step reached', async () => {
    vi.useFakeTimers();
    const s = createGraphState();
    s.go(3);
    s.typed.x = 'abc';
    await nextTick();
    expect(s.valueErrors.value.x).toMatch(/not a number/);
    expect(s.stale.value).toBe(true);
    s.typed.x = '1';
    await nextTick();
    vi.advanceTimersByTime(200);
    expect(s.model.value!.output.value).toBe((1 + 5) * -4);
    expect(s.step.value).toBe(3);
    s.loadPreset(GRAPH_PRESETS.find((p) => p.id === 'chain')!);
    expect(s.model.value!.output.name).toBe('h');
    expect(s.model.value!.inputs[0].grad).toBeCloseTo(4 * 1.5 ** 3, 12);
  });
});
