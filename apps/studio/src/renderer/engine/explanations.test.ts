import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { OPTIMIZERS } from '@descent/optimizers';
import { SCHEDULES } from '@descent/schedulers';
import { LOSSES } from '@descent/losses';
import { ACTIVATION_INFO } from '@descent/layers';
import { BATCH_MODES } from '@descent/data';
import { allExplanations, optionExplanation, optimizerContext } from './explanations.js';

const all = allExplanations();

describe('explanation layer', () => {
  it('every optimizer, schedule, loss, activation, batch mode and every one of their options has an explanation', () => {
    const keys = [
      ...OPTIMIZERS.flatMap((o) => [`optimizer:${o.name}`, ...o.options.map((m) => `optimizer:${o.name}.${m.name}`)]),
      ...SCHEDULES.flatMap((s) => [`schedule:${s.name}`, ...s.options.map((m) => `schedule:${s.name}.${m.name}`)]),
      ...Object.values(LOSSES).flatMap((l) => [`loss:${l.name}`, ...l.options.map((m) => `loss:${l.name}.${m.name}`)]),
      ...Object.values(ACTIVATION_INFO).flatMap((a) => [`activation:${a.name}`, ...a.options.map((m) => `activation:${a.name}.${m.name}`)]),
      ...BATCH_MODES.map((b) => `batch:${b.mode}`),
      'data:features', // computed input features (Data panel)
      'training:regularization', // L1/L2 and its relation to weightDecay
    ];
    expect(Object.keys(all).sort()).toEqual([...new Set(keys)].sort());
    for (const k of keys) {
      expect(all[k].text.length, k).toBeGreaterThan(10);
      expect(all[k].title.length, k).toBeGreaterThan(0);
    }
    // Terms carry maths: every optimizer, schedule, loss, activation and batch mode has a formula.
    for (const k of keys.filter((k) => !k.includes('.'))) expect(all[k].tex.length, k).toBeGreaterThan(0);
  });

  it('every formula renders with KaTeX', () => {
    for (const [k, e] of Object.entries(all)) for (const t of e.tex) expect(() => katex.renderToString(t, { throwOnError: true, displayMode: true }), `${k}: ${t}`).not.toThrow();
  });

  it('every numeric optimizer option has a symbol, and each symbol appears in its optimizer\'s formula', () => {
    for (const o of OPTIMIZERS) {
      const formula = o.formula.join(' ');
      for (const m of o.options) {
        if (m.kind === 'boolean') continue;
        expect(m.symbol, `${o.name}.${m.name}`).toBeTruthy();
        for (const part of m.symbol!.split(', ')) expect(formula, `${o.name}.${m.name}: ${part}`).toContain(part);
      }
      // The switches are named in the formula (Nesterov, AMSGrad, centered) or by ± (maximize).
      const names = o.options.filter((m) => m.kind === 'boolean').map((m) => m.name);
      if (names.includes('nesterov')) expect(formula).toContain('Nesterov');
      if (names.includes('amsgrad')) expect(formula).toContain('AMSGrad');
      if (names.includes('centered')) expect(formula).toContain('centered');
      if (names.includes('maximize')) expect(formula).toContain('\\pm');
      // Weight decay appears as λ in every rule.
      expect(formula).toContain('\\lambda');
    }
  });

  it('schedule, loss and activation option symbols appear in their formulas', () => {
    const owners = [
      ...SCHEDULES.map((s) => ({ name: s.name, formula: s.formula.join(' '), options: s.options })),
      ...Object.values(LOSSES).map((l) => ({ name: l.name, formula: l.formula, options: l.options })),
      ...Object.values(ACTIVATION_INFO).map((a) => ({ name: a.name, formula: a.formula, options: a.options })),
    ];
    for (const o of owners) for (const m of o.options) if (m.symbol) expect(o.formula, `${o.name}.${m.name}`).toContain(m.symbol);
  });

  it('the SGD momentum rule is PyTorch\'s: b ← μb + (1 − τ)g, θ ← θ − ηb', () => {
    const f = OPTIMIZERS.find((o) => o.name === 'sgd')!.formula.join(' ');
    expect(f).toContain('b_t = \\mu\\, b_{t-1} + (1 - \\tau)\\, g_t');
    expect(f).toContain('\\theta_t = \\theta_{t-1} - \\eta\\, d_t');
    const lr = optionExplanation(OPTIMIZERS[0].options[0], optimizerContext('sgd'));
    expect(lr.tex[0]).toBe('\\eta\\ \\text{(lr)}');
    expect(lr.title).toBe('Learning rate, default 0.01');
  });

  it('the sigmoid explains the vanishing-gradient bound', () => {
    expect(all['activation:sigmoid'].tex[1]).toContain('\\le \\tfrac14');
    expect(all['activation:sigmoid'].text).toContain('σ′ ≤ 1/4');
  });
});
