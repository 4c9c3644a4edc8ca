import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { ExpressionError } from '@descent/autodiff';
import { compareRows } from './compare.js';
import { useDataStore } from './data.js';
import { useSetupStore } from './setup.js';
import { addFeature, featureLabel, removeFeature, toggleFeature } from '../engine/features.js';
import { fitRunSync } from '@descent/train';

beforeEach(() => {
  setActivePinia(createPinia());
  localStorage.clear();
});

describe('feature list edits', () => {
  it('toggles keep the Playground order, and the inputs as they are are stored as no features', () => {
    let f = toggleFeature(undefined, 'x1^2', 2);
    expect(f).toEqual(['x1', 'x2', 'x1^2']);
    f = toggleFeature(f, 'x1*x2', 2);
    f = toggleFeature(f, 'x2^2', 2);
    expect(f).toEqual(['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2']);
    for (const e of ['x1^2', 'x2^2', 'x1*x2']) f = toggleFeature(f, e, 2);
    expect(f).toBeNull();
    expect(toggleFeature(['x1^2'], 'x1^2', 2)).toEqual(['x1^2']); // the last input cannot be switched off
  });
  it('typed features are checked by the parser; the error keeps its position', () => {
    const bad = addFeature(null, 'x1 +* 2', ['x1', 'x2']);
    expect('error' in bad && bad.error instanceof ExpressionError && [bad.error.position, bad.error.length]).toEqual([4, 1]);
    expect(addFeature(null, '  ', ['x1', 'x2'])).toEqual({ error: expect.stringMatching(/Type an expression/) });
    expect(addFeature(['x1^2'], 'x1 ^ 2', ['x1', 'x2'])).toEqual({ error: 'repeats feature 1 (x1^2)' });
    expect(addFeature(null, 'sin(x1*x2)', ['x1', 'x2'])).toEqual({ list: ['x1', 'x2', 'sin(x1*x2)'] });
    expect(removeFeature(['x1', 'x2', 'sin(x1*x2)'], 2, 2)).toBeNull();
    expect(featureLabel('x1*x2')).toBe('x₁x₂');
  });
});

describe('setup store with features', () => {
  it('the model input follows the features and the spec stays valid', () => {
    const s = useSetupStore();
    s.setFeatures(['x1^2', 'x2^2', 'x1*x2']);
    expect(s.problems).toEqual([]);
    expect(s.inputs?.features).toBe(3);
    expect(s.data?.features).toBe(2); // the data itself is unchanged (previews)
    expect(s.snapshot().features).toEqual(['x1^2', 'x2^2', 'x1*x2']);
    s.setFeatures(null);
    expect('features' in s.snapshot()).toBe(false);
  });
  it('a bad feature is a problem at its path, and the data falls back to the inputs', () => {
    const s = useSetupStore();
    s.setFeatures(['x1^2', 'log(x1)']);
    expect(Object.keys(s.errors)).toEqual(['features[1]']);
    expect(s.inputs?.features).toBe(2);
  });
  it('another data set drops the features its inputs cannot compute', async () => {
    const s = useSetupStore();
    const d = useDataStore();
    s.setFeatures(['x1^2', 'x2^2']);
    await nextTick();
    d.setPreset('sine');
    await nextTick();
    expect(s.spec.features).toEqual(['x1^2']);
    d.setPreset('digits');
    await nextTick();
    expect(s.spec.features).toBeUndefined();
  });
  it('Compare shows each run\'s inputs', () => {
    const s = useSetupStore();
    const spec = { ...s.snapshot(), epochs: 2 };
    const a = fitRunSync({ ...spec, features: ['x1^2', 'x2^2'] });
    const b = fitRunSync(spec);
    const row = compareRows([{ record: a }, { record: b }] as never).find((r) => r.label === 'Model inputs')!;
    expect(row.values).toEqual(['x1^2, x2^2', '—']);
    expect(row.differs).toBe(true);
  });
});

describe('regularization in the setup', () => {
  it('none / L1 / L2 with a rate; L2 with the optimizer weightDecay is a problem at regularization.type', () => {
    const s = useSetupStore();
    s.setRegularization('l2', 0.01);
    expect(s.snapshot().regularization).toEqual({ type: 'l2', rate: 0.01 });
    expect(s.problems).toEqual([]);
    s.setRegularization('l1');
    expect(s.spec.regularization).toEqual({ type: 'l1', rate: 0.01 }); // the rate is kept
    s.setRegularization('l2');
    s.setOptimizerOption('weightDecay', 0.001);
    expect(Object.keys(s.errors)).toEqual(['regularization.type']);
    expect(s.errors['regularization.type']).toMatch(/weight decay/);
    s.setOptimizerOption('weightDecay', 0);
    expect(s.valid).toBe(true);
    s.setRegularization('none');
    expect(s.snapshot().regularization).toBeNull();
  });
  it('Compare shows the regularization of each run', () => {
    const s = useSetupStore();
    const spec = { ...s.snapshot(), epochs: 2 };
    const a = fitRunSync({ ...spec, regularization: { type: 'l2', rate: 0.01 } });
    const b = fitRunSync(spec);
    expect(compareRows([{ record: a }, { record: b }] as never).find((r) => r.label === 'Regularization')!.values).toEqual(['L2 · λ 0.01', 'none']);
  });
});
