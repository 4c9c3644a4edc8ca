import {
  OPTIMIZERS as LIB_OPTIMIZERS,
  isOptimizerName,
  optimizerDefaults as libDefaults,
  resolveOptions,
  type OptimizerName,
} from '@descent/optimizers';
import type { OptionValue } from '@shared/model-spec.js';
import { optionLabel } from './labels.js';
import { validateAll, type OptionMeta } from './options.js';

// The optimizer registry of @descent/optimizers (PyTorch defaults and bounds) as form metadata for the studio.

export interface OptimizerInfo {
  name: OptimizerName;
  label: string;
  description: string;
  options: OptionMeta[];
}

export const OPTIMIZERS: OptimizerInfo[] = LIB_OPTIMIZERS.map((o) => ({
  name: o.name,
  label: o.label,
  description: o.description,
  options: o.options.map(
    (m): OptionMeta => ({
      key: m.name,
      label: optionLabel(m.name),
      kind: m.type === 'betas' ? 'pair' : m.type === 'boolean' ? 'boolean' : 'number',
      default: Array.isArray(m.default) ? [...(m.default as number[])] : (m.default as OptionValue),
      min: m.min,
      max: m.max,
      maxExclusive: m.maxExclusive,
      help: m.description,
    }),
  ),
}));

export function optimizerInfo(name: string): OptimizerInfo {
  const o = OPTIMIZERS.find((q) => q.name === name);
  if (!o) throw new Error(`Unknown optimizer "${name}" (known: ${OPTIMIZERS.map((q) => q.name).join(', ')})`);
  return o;
}

export function optimizerDefaults(name: string): Record<string, OptionValue> {
  if (!isOptimizerName(name)) optimizerInfo(name);
  return JSON.parse(JSON.stringify(libDefaults(name as OptimizerName)));
}

/** Per-option messages (empty when valid); cross-option rules come from the library's own check. */
export function validateOptimizer(name: string, options: Record<string, OptionValue>): Record<string, string> {
  const info = optimizerInfo(name);
  const errors = validateAll(info.options, options);
  if (Object.keys(errors).length) return errors;
  try {
    resolveOptions(info.name, options as never);
    return {};
  } catch (e) {
    const msg = (e as Error).message.replace(/^[a-z]+: /, '');
    const key = info.options.find((m) => msg.includes(m.key))?.key ?? info.options[0].key;
    return { [key]: msg.charAt(0).toUpperCase() + msg.slice(1) };
  }
}
