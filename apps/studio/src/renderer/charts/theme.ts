// Chart colours for the dark theme. The chart options are written once, in light colours (charts/options.ts
// and every view); for dark they are mapped here, colour by colour, when a panel applies them. Data arrays
// are not walked: only style objects.

const DARK: Readonly<Record<string, string>> = {
  '#334155': '#cbd5e1', // legend and label text
  '#64748b': '#94a3b8', // axis labels and names
  '#0f172a': '#e5e7eb',
  '#cbd5e1': '#475569', // axis lines
  '#eef2f7': '#1f2a3c', // split lines
  '#e3e8f0': '#243045',
  '#fff': '#111827', // marker borders and fills on the panel
  '#ffffff': '#111827',
  'rgba(255,255,255,0.9)': 'rgba(17,24,39,0.9)',
  '#4f46e5': '#818cf8', // the accent series, brighter on dark
  '#7c3aed': '#a78bfa',
};

const isData = (v: unknown[]): boolean => v.length > 0 && (typeof v[0] === 'number' || Array.isArray(v[0]) || v[0] === null);

export function darkColor(c: string): string {
  return DARK[c.toLowerCase().replace(/\s+/g, '')] ?? c;
}

/** The option with its colours mapped for the dark theme (a copy; the light option is untouched). */
export function recolor<T>(option: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith('#') || v.startsWith('rgba') ? darkColor(v) : v;
    if (Array.isArray(v)) return isData(v) ? v : v.map(walk);
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'data' && Array.isArray(x) && isData(x) ? x : walk(x);
    return out;
  };
  return walk(option) as T;
}
