// Python source text from JS values. Floats are written the way Python's repr() writes them, so a number in a
// generated script reads exactly as Python would print it back (`eps=1e-08`, `lr=1.0`), and it round-trips: the
// digits are the shortest that give back the same double, in Python as in JavaScript.

/** Python's repr() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16 on. */
export function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exponent);
  if (e < -4 || e >= 16) {
    const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${rest}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, '0');
  return `${sign}${whole}.${digits.slice(e + 1) || '0'}`;
}

/** A float literal: repr() text, with non-finite values as float('inf') / float('nan'). */
export function pyFloat(x: number): string {
  return Number.isFinite(x) ? pythonRepr(x) : `float('${pythonRepr(x)}')`;
}

/** A Python string literal (single quotes; only ASCII printable characters left as they are). */
export function pyString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

/** An option value as Python: numbers as floats unless `int` says the option is an integer, booleans, None, lists, tuples. */
export function pyValue(v: unknown, int = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return int && Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map((e) => pyValue(e, int)).join(', ')}]`;
  throw new TypeError(`pyValue: cannot write ${typeof v} as Python`);
}

/** A pair such as Adam's betas, as a Python tuple. */
export function pyTuple(values: readonly number[]): string {
  return `(${values.map((v) => pyFloat(v)).join(', ')}${values.length === 1 ? ',' : ''})`;
}

/** A comment block: each line prefixed with `# ` (empty lines stay `#`). */
export function pyComment(text: string, indent = ''): string {
  return text
    .split('\n')
    .map((l) => (l ? `${indent}# ${l}` : `${indent}#`))
    .join('\n');
}
