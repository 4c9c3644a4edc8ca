// Numbers and names as the graph shows them: 4 significant digits, a real minus sign, and names in TeX
// (w1 → w_{1}) for KaTeX.

/** 4 significant digits, trailing zeros dropped, "−" for minus; tiny and huge numbers in e-notation. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '·';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e6 ? String(Number(v.toPrecision(digits))) : v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return s.replace(/^-/, '−');
}

/** A number for an equation: negative numbers in parentheses when they are multiplied, as on paper. */
export function fmtFactor(v: number | null): string {
  const s = fmt(v);
  return s.startsWith('−') ? `(${s})` : s;
}

/** TeX for a number (KaTeX typesets its own minus; e-notation as × 10^k). */
export function texNum(v: number | null, factor = false): string {
  const s = fmt(v).replace('−', '-');
  const m = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s);
  const t = m ? `${m[1]}\\times10^{${Number(m[2])}}` : s === '∞' ? '\\infty' : s === 'NaN' ? '\\text{NaN}' : s;
  return factor && t.startsWith('-') ? `\\left(${t}\\right)` : t;
}

/** TeX for a name: w1 → w_{1}, w_out → \mathit{w\_out}, x → x; numbers (constant nodes) as they are. */
export function texName(n: string): string {
  if (/^[\d.−-]/.test(n)) return n.replace('−', '-');
  const m = /^([A-Za-z])(\d+)$/.exec(n);
  if (m) return `${m[1]}_{${m[2]}}`;
  if (n.length === 1) return n;
  return `\\mathit{${n.replace(/_/g, '\\_')}}`;
}
