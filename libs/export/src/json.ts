// JSON laid out for people: an object or array that fits on its line stays on it (`{ "type": "dense", "units": 16 }`),
// a longer one is broken over lines, the way the spec files in tools/train-cli/examples are written.

/** `value` as indented JSON, with objects and arrays that fit in `width` characters kept on one line. */
export function readableJson(value: unknown, width = 110): string {
  return layout(value, '', 0, width);
}

/** `lead`: characters already on the line before the value (indent and key). */
function layout(value: unknown, indent: string, lead: number, width: number): string {
  const flat = inline(value);
  if (value === null || typeof value !== 'object' || indent.length + lead + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + layout(v, inner, 0, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner, JSON.stringify(k).length + 2, width)}`).join(',\n')}\n${indent}}`;
}

function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
}
