// Base64 without Buffer or btoa on long strings, so it runs the same in Node, browsers and workers.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 of `bytes`, broken into lines of `lineLength` characters (0: one line). */
export function base64(bytes: Uint8Array, lineLength = 0): string {
  const parts: string[] = [];
  let line = '';
  const push = (s: string): void => {
    line += s;
    if (lineLength > 0 && line.length >= lineLength) {
      parts.push(line);
      line = '';
    }
  };
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i], b = i + 1 < n ? bytes[i + 1] : 0, c = i + 2 < n ? bytes[i + 2] : 0;
    const t = (a << 16) | (b << 8) | c;
    push(ALPHABET[t >> 18] + ALPHABET[(t >> 12) & 63] + (i + 1 < n ? ALPHABET[(t >> 6) & 63] : '=') + (i + 2 < n ? ALPHABET[t & 63] : '='));
  }
  if (line) parts.push(line);
  return parts.join('\n');
}
