import { describe, expect, it } from 'vitest';
import { OptionError } from '@descent/core-tensor';
import { LOSSES as LIB } from '@descent/losses';
import { resolveScheduleOptions } from '@descent/schedulers';
import { byPath, fieldMessage, fieldsOf, under } from './fields.js';
import { LOSSES, defaultLoss, lossesFor } from './losses.js';
import { lrPreview } from './lr-preview.js';
import { modelReport } from './model-report.js';
import { OFFERED_SCHEDULES, suggestedScheduleOptions } from './schedule-suggestions.js';
import { optimizerInfo } from '@descent/optimizers';

describe('fields: one mapping from library metadata and errors to form fields', () => {
  it('every optimizer option becomes a labelled field at its spec path', () => {
    const f = fieldsOf(optimizerInfo('adam').options, 'optimizer.options');
    expect(f.map((x) => x.path)).toEqual(['optimizer.options.lr', 'optimizer.options.betas', 'optimizer.options.eps', 'optimizer.options.weightDecay', 'optimizer.options.amsgrad', 'optimizer.options.maximize']);
    expect(f[0].label).toBe('Learning rate');
    expect(f[0].help).toMatch(/Learning rate/);
  });
  it('messages come from the error fields, not its text: β₁ for betas[0]', () => {
    const e = new OptionError('adam', 'betas', 'must be below 1, got 1.2', { element: 0, path: ['optimizer', 'options', 'betas'] });
    expect(fieldMessage(e)).toBe('β₁ must be below 1, got 1.2');
    const lr = new OptionError('adam', 'lr', 'must be at least 0, got -3', { path: ['optimizer', 'options', 'lr'] });
    // "lr" must not match inside "lrDecay": keys are whole paths.
    expect(byPath([lr])).toEqual({ 'optimizer.options.lr': 'Learning rate must be at least 0, got -3' });
    expect(byPath([lr])['optimizer.options.lrDecay']).toBeUndefined();
    expect(under({ 'model.layers[1].units': 'a', 'model.layers[10].units': 'b', 'model.layers[1]': 'c' }, 'model.layers[1]')).toEqual(['a', 'c']);
  });
});

describe('LR preview', () => {
  it('per-epoch step decay holds over each epoch’s batches', () => {
    const p = lrPreview({ epochs: 5, scheduler: { name: 'step', options: { stepSize: 2, gamma: 0.5 }, stepEvery: 'epoch' } }, 0.1, 3);
    const at = (step: number) => p.filter((x) => x.step <= step).pop()!.lr;
    expect([at(1), at(6), at(7), at(13), at(15)]).toEqual([0.1, 0.1, 0.05, 0.025, 0.025]);
  });
  it('a per-batch cycle far shorter than a pixel keeps its whole range (no aliasing)', () => {
    // 100 epochs × 1000 batches, a triangle of period 10 steps: every window must reach both bounds.
    const p = lrPreview({ epochs: 100, scheduler: { name: 'cyclic', options: { baseLr: 0.001, maxLr: 0.01, stepSizeUp: 5, cycleMomentum: false }, stepEvery: 'batch' } }, 0.01, 1000, 400);
    expect(p.length).toBeLessThanOrEqual(402);
    expect(Math.min(...p.map((x) => x.lr))).toBeCloseTo(0.001, 12);
    expect(Math.max(...p.map((x) => x.lr))).toBeCloseTo(0.01, 12);
    const mid = p.slice(100, 300);
    expect(mid.filter((x) => x.lr > 0.009).length).toBeGreaterThan(50);
    expect(mid.filter((x) => x.lr < 0.002).length).toBeGreaterThan(50);
    expect(p[p.length - 1].step).toBe(100_000);
  });
  it('no schedule: flat at the optimizer lr', () => {
    expect(lrPreview({ epochs: 2, scheduler: null }, 0.3, 2)).toEqual([{ step: 1, lr: 0.3 }, { step: 4, lr: 0.3 }]);
  });
});

describe('form suggestions and offers', () => {
  it('suggested options of every offered schedule are valid for the library', () => {
    for (const s of OFFERED_SCHEDULES) expect(() => resolveScheduleOptions(s.name, suggestedScheduleOptions(s.name, 60, 0.01) as never), s.name).not.toThrow();
  });
  it('every offered loss exists in @descent/losses, one default per task', () => {
    for (const l of LOSSES) expect(LIB[l.name]).toBeDefined();
    for (const t of ['binary', 'multiclass', 'regression'] as const) expect(lossesFor(t).map((l) => l.name)).toContain(defaultLoss(t));
  });
  it('model report: widths and parameter counts per layer', () => {
    const r = modelReport([{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }], 2);
    expect(r.layers.map((l) => [l.outputSize, l.params])).toEqual([[8, 24], [8, 0], [1, 9]]);
    expect(r.params).toBe(33);
  });
});

describe('backendLabel', () => {
  it('says what the backend means, with the technical name in the detail', async () => {
    const { backendLabel } = await import('./labels.js');
    expect(backendLabel('wasm-relaxed-simd(2)')).toEqual({ short: 'fast (2 threads)', detail: 'WebAssembly relaxed-SIMD matrix kernels on 2 threads (wasm-relaxed-simd(2)); everything else in JavaScript' });
    expect(backendLabel('wasm-simd(1)').short).toBe('fast (1 thread)');
    expect(backendLabel('threads(4)').short).toBe('JavaScript (4 threads)');
    expect(backendLabel('cpu').short).toBe('JavaScript (1 thread)');
    expect(backendLabel(undefined).short).toBe('—');
  });
});
