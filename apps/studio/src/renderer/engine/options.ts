import type { OptionValue } from '@shared/model-spec.js';

// Option metadata shared by the optimizer and scheduler adapters: enough to render a form field, pre-fill the
// PyTorch default and refuse an invalid value with a message that names the option.

export interface OptionMeta {
  key: string;
  label: string;
  kind: 'number' | 'int' | 'boolean' | 'pair' | 'intList' | 'select';
  default: OptionValue;
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  choices?: string[];
  help?: string;
}

function checkNumber(m: OptionMeta, v: number, what = m.label): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${what} must be a finite number`;
  if (m.kind === 'int' || m.kind === 'intList') if (!Number.isInteger(v)) return `${what} must be a whole number`;
  if (m.min !== undefined && (m.minExclusive ? v <= m.min : v < m.min))
    return `${what} must be ${m.minExclusive ? '>' : '≥'} ${m.min}`;
  if (m.max !== undefined && (m.maxExclusive ? v >= m.max : v > m.max))
    return `${what} must be ${m.maxExclusive ? '<' : '≤'} ${m.max}`;
  return null;
}

/** null when valid, otherwise a message naming the option and the rule it breaks. */
export function validateOption(m: OptionMeta, v: OptionValue): string | null {
  switch (m.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? null : `${m.label} must be on or off`;
    case 'select':
      return typeof v === 'string' && m.choices!.includes(v) ? null : `${m.label} must be one of ${m.choices!.join(', ')}`;
    case 'pair': {
      if (!Array.isArray(v) || v.length !== 2) return `${m.label} needs two numbers`;
      return checkNumber(m, v[0], `${m.label}[0]`) ?? checkNumber(m, v[1], `${m.label}[1]`);
    }
    case 'intList': {
      if (!Array.isArray(v)) return `${m.label} must be a list of whole numbers`;
      for (let i = 0; i < v.length; i++) {
        const e = checkNumber(m, v[i], `${m.label} entry ${i + 1}`);
        if (e) return e;
        if (i > 0 && v[i] < v[i - 1]) return `${m.label} must not decrease`;
      }
      return null;
    }
    default:
      return checkNumber(m, v as number);
  }
}

export function defaultsOf(metas: OptionMeta[]): Record<string, OptionValue> {
  return Object.fromEntries(metas.map((m) => [m.key, Array.isArray(m.default) ? [...m.default] : m.default]));
}

export function validateAll(metas: OptionMeta[], options: Record<string, OptionValue>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const m of metas) {
    const e = validateOption(m, options[m.key] ?? m.default);
    if (e) errors[m.key] = e;
  }
  return errors;
}
