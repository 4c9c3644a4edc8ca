import type { OptionMeta } from '@descent/core-tensor';
import { BATCH_MODES, type BatchMode } from '@descent/data';
import { ACTIVATION_INFO, type ActivationName } from '@descent/layers';
import { LOSSES, type LossName } from '@descent/losses';
import { OPTIMIZERS, optimizerInfo, type OptimizerName } from '@descent/optimizers';
import { SCHEDULES, scheduleInfo, type ScheduleName } from '@descent/schedulers';
import { optionLabel } from './labels.js';

// The explanation layer: what a term means and, as maths, what the code does with it. Everything comes from
// the libraries' metadata (each optimizer's, schedule's, loss's and activation's `formula`, each option's
// `description` and `symbol`), so a new optimizer explains itself from its own options.ts entry.

export interface Explanation {
  title: string;
  text: string;
  /** TeX lines, rendered with KaTeX. */
  tex: readonly string[];
}

/** Where an option's symbol appears: the formula of the optimizer, schedule, loss or activation it belongs to. */
export interface ExplainContext {
  label: string;
  formula: readonly string[];
}

export function optimizerExplanation(name: OptimizerName): Explanation {
  const o = optimizerInfo(name);
  const text = name === 'sgd' ? `${o.description} ± is − when maximizing.` : o.description;
  return { title: o.label, text, tex: o.formula };
}

export const optimizerContext = (name: OptimizerName): ExplainContext => ({ label: optimizerInfo(name).label, formula: optimizerInfo(name).formula });

export function scheduleExplanation(name: ScheduleName): Explanation {
  const s = scheduleInfo(name);
  return { title: s.label, text: s.description, tex: s.formula };
}

export const scheduleContext = (name: ScheduleName): ExplainContext => ({ label: scheduleInfo(name).label, formula: scheduleInfo(name).formula });

export function lossExplanation(name: LossName): Explanation {
  const l = LOSSES[name];
  return { title: l.label, text: `${l.description} With reduction 'sum' the 1/N goes.`, tex: [l.formula] };
}

export function activationExplanation(name: ActivationName): Explanation {
  const a = ACTIVATION_INFO[name];
  const vanishing =
    name === 'sigmoid'
      ? ' Because σ′ ≤ 1/4, each sigmoid layer multiplies the backpropagated error by at most |w|/4: through many layers the gradient of the first ones vanishes.'
      : name === 'tanh'
        ? ' tanh′ ≤ 1, and is small wherever the unit saturates (|z| large).'
        : '';
  return { title: a.label, text: a.description + vanishing, tex: [a.formula, a.derivative] };
}

export function batchExplanation(mode: BatchMode): Explanation {
  const b = BATCH_MODES.find((m) => m.mode === mode)!;
  return { title: b.label, text: b.description, tex: [b.formula] };
}

/** An option: its description, its symbol (and PyTorch's default), and the owner's formula it appears in. */
export function optionExplanation(meta: OptionMeta, context?: ExplainContext): Explanation {
  const def = 'default' in meta && meta.default !== null && meta.default !== undefined ? `, default ${Array.isArray(meta.default) ? meta.default.join(', ') : String(meta.default)}` : '';
  const title = `${optionLabel(meta.name)}${def}`;
  const tex = [...(meta.symbol ? [`${meta.symbol}\\ \\text{(${meta.name})}`] : []), ...(context && meta.symbol ? context.formula : [])];
  return { title, text: context && meta.symbol ? `${meta.description} In ${context.label}:` : meta.description, tex };
}

/** Computed input features (the Data panel's toggles and typed features). */
export function featuresExplanation(): Explanation {
  return {
    title: 'Input features',
    text: 'The model takes these columns, computed from each point, instead of the raw inputs. With x₁² and x₂² even a model without hidden layers separates the circles: its boundary w₁x₁² + w₂x₂² + b = 0 is an ellipse around the centre. The same features are computed for the test points and for every cell of the decision boundary; the run records them.',
    tex: ['z = w_1 x_1^2 + w_2 x_2^2 + b', 'p = \\sigma(z)'],
  };
}

/** The Training panel's regularization, and how it relates to the optimizer's weightDecay. */
export function regularizationExplanation(optimizer?: OptimizerName): Explanation {
  const adamw = optimizer === 'adamw';
  return {
    title: 'Regularization',
    text:
      'A penalty on the dense layers’ weights (not the biases) added to the data loss, so large weights cost something: L1 pushes weights to exactly 0, L2 shrinks them all. ' +
      'PyTorch’s weight_decay is the same L2 idea applied to the gradient: g + wd·p, for every parameter, biases included, i.e. L2 with λ = wd/2. ' +
      'AdamW’s weight decay is decoupled: it shrinks p by lr·wd·p outside the adaptive step, which no loss term reproduces. ' +
      `Use one or the other: L2 here together with a weightDecay above 0 is refused${adamw ? ' (AdamW’s default weightDecay is 0.01)' : ''}. The loss chart shows the data loss and the penalty apart.`,
    tex: ['L = L_{\\text{data}} + \\lambda \\sum_i |w_i| \\quad \\text{(L1)}', 'L = L_{\\text{data}} + \\lambda \\sum_i w_i^2 \\quad \\text{(L2)}', 'g \\leftarrow g + \\text{wd}\\,p \\quad \\text{(weight\\_decay)}', 'p \\leftarrow p - \\eta\\,\\text{wd}\\,p \\quad \\text{(AdamW)}'],
  };
}

/** Every explanation the Studio can show, keyed for tests (every option of every metadata entry has one). */
export function allExplanations(): Record<string, Explanation> {
  const out: Record<string, Explanation> = {};
  for (const o of OPTIMIZERS) {
    out[`optimizer:${o.name}`] = optimizerExplanation(o.name);
    for (const m of o.options) out[`optimizer:${o.name}.${m.name}`] = optionExplanation(m, optimizerContext(o.name));
  }
  for (const s of SCHEDULES) {
    out[`schedule:${s.name}`] = scheduleExplanation(s.name);
    for (const m of s.options) out[`schedule:${s.name}.${m.name}`] = optionExplanation(m, scheduleContext(s.name));
  }
  for (const name of Object.keys(LOSSES) as LossName[]) {
    out[`loss:${name}`] = lossExplanation(name);
    for (const m of LOSSES[name].options) out[`loss:${name}.${m.name}`] = optionExplanation(m, { label: LOSSES[name].label, formula: [LOSSES[name].formula] });
  }
  for (const name of Object.keys(ACTIVATION_INFO) as ActivationName[]) {
    out[`activation:${name}`] = activationExplanation(name);
    for (const m of ACTIVATION_INFO[name].options) out[`activation:${name}.${m.name}`] = optionExplanation(m, { label: ACTIVATION_INFO[name].label, formula: [ACTIVATION_INFO[name].formula] });
  }
  for (const b of BATCH_MODES) out[`batch:${b.mode}`] = batchExplanation(b.mode);
  out['data:features'] = featuresExplanation();
  out['training:regularization'] = regularizationExplanation();
  return out;
}
