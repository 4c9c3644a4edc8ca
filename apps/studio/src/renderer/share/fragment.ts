// Named, versioned, validated parts of the URL fragment, so a view's setup is a link: #lab=<payload>&train=<payload>.
// A payload is base64url of UTF-8 JSON {"v": version, "d": data}. Reading never throws: a part is absent, ok, or
// invalid with a reason a notice can show (a link from another version, a damaged copy-paste, a value the view's
// validator refuses). Writing replaces one part and keeps the others (and anything else in the fragment) as
// they are. The fragment never reaches a server.

export interface FragmentPart<T> {
  /** The key in the fragment, e.g. 'lab'. Letters, digits, '-' and '_'. */
  name: string;
  /** The shape's version: bump it when the shape changes; links made with another version are refused. */
  version: number;
  /** Check the decoded data and return it typed; throw an Error whose message says what is wrong. */
  parse: (data: unknown) => T;
}

export type FragmentRead<T> = { status: 'absent' } | { status: 'ok'; value: T } | { status: 'invalid'; reason: string };

/** A payload longer than this is refused unread (a fragment is no place for bulk data). */
export const MAX_PAYLOAD = 64 * 1024;

function checkName(name: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`fragment part name must be letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
}

/** The fragment's segments, in order ('k=v' or anything else, kept verbatim). */
function segments(hash: string): string[] {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  return h ? h.split('&') : [];
}

export function encodePayload(version: number, data: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: version, d: data }));
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decode a payload to { v, d }; throws an Error saying which layer is damaged. */
export function decodePayload(payload: string): { v: unknown; d: unknown } {
  if (payload.length > MAX_PAYLOAD) throw new Error(`it is ${payload.length} characters long, more than ${MAX_PAYLOAD}`);
  // Padding is optional in base64url; accept it when a tool added it.
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(payload)) throw new Error('it is not base64url text (it may have been cut or changed when copied)');
  const body = payload.replace(/=+$/, '');
  let bytes: Uint8Array;
  try {
    const bin = atob(body.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((body.length + 3) % 4));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    throw new Error('it is not base64url text (it may have been cut or changed when copied)');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('its content is not JSON (it may have been cut when copied)');
  }
  if (json === null || typeof json !== 'object' || !('v' in json) || !('d' in json)) throw new Error('it is not a versioned payload { v, d }');
  return json as { v: unknown; d: unknown };
}

export function readFragment<T>(part: FragmentPart<T>, hash: string = globalThis.location?.hash ?? ''): FragmentRead<T> {
  checkName(part.name);
  const seg = segments(hash).find((s) => s.startsWith(`${part.name}=`));
  if (seg === undefined) return { status: 'absent' };
  let raw: string;
  try {
    raw = decodeURIComponent(seg.slice(part.name.length + 1));
  } catch {
    return { status: 'invalid', reason: 'it is not valid URL text' };
  }
  try {
    const { v, d } = decodePayload(raw);
    if (v !== part.version) return { status: 'invalid', reason: `it was made by ${typeof v === 'number' ? `version ${v}` : 'an unknown version'} of this view; this one reads version ${part.version}` };
    return { status: 'ok', value: part.parse(d) };
  } catch (e) {
    return { status: 'invalid', reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The fragment with this part set to `value` (other parts kept, in place); starts with '#'. */
export function writeFragment<T>(part: FragmentPart<T>, value: T, hash: string = globalThis.location?.hash ?? ''): string {
  checkName(part.name);
  const seg = `${part.name}=${encodePayload(part.version, value)}`;
  const all = segments(hash);
  const i = all.findIndex((s) => s.startsWith(`${part.name}=`));
  if (i >= 0) all[i] = seg;
  else all.push(seg);
  return `#${all.join('&')}`;
}

/** The fragment without this part ('' when nothing is left). */
export function removeFragment(name: string, hash: string = globalThis.location?.hash ?? ''): string {
  checkName(name);
  const rest = segments(hash).filter((s) => !s.startsWith(`${name}=`));
  return rest.length ? `#${rest.join('&')}` : '';
}

/** Set the page's fragment without a history entry or a scroll (a setup being edited is not navigation). */
export function replaceHash(hash: string): void {
  if (hash === (location.hash || '')) return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}
