import { type CaseResult, unsupported } from './compare.js';
import { kinds } from './kinds/index.js';

/** Run one fixture case; anything thrown becomes a failure with its message, never a crash or a skip. */
export function runCase(c: { name?: string; kind?: string }): CaseResult {
  const handler = c.kind ? kinds[c.kind] : undefined;
  if (!handler) return unsupported(`case kind "${c.kind}"`);
  try {
    return handler(c);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { pass: false, worst: Infinity, worstAbs: Infinity, reason: msg.startsWith('unsupported') ? msg : `error: ${msg}` };
  }
}
