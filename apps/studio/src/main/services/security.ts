// Security policy for the desktop shell, as data (tested without Electron).

export const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets WebAssembly compile (the SIMD matmul kernels); it does not allow JS eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers for every page and script the app serves: CSP plus cross-origin isolation (SharedArrayBuffer). */
export function responseHeaders(devServer = false): Record<string, string> {
  return {
    // The dev server needs its HMR websocket and inline preamble; production is strict.
    'Content-Security-Policy': devServer ? CSP.replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*") : CSP,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  };
}

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only the app's own pages may be shown in the window. */
export function isAppUrl(url: string, devUrl?: string): boolean {
  try {
    const u = new URL(url);
    if (`${u.protocol}//${u.host}` === APP_ORIGIN) return true;
    if (devUrl) {
      const d = new URL(devUrl);
      return u.origin === d.origin;
    }
    return false;
  } catch {
    return false;
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
export function mimeFor(path: string): string {
  const m = /\.[a-z0-9]+$/i.exec(path);
  return (m && MIME[m[0].toLowerCase()]) || 'application/octet-stream';
}

export type AppResponse = { status: 200; path: string } | { status: 400 | 403 | 404; reason: string };

/**
 * Map an app:// request URL to a file inside the renderer directory. Only the host `studio` is served; a
 * URL that cannot be parsed or percent-decoded is a 400, and a path escaping the directory a 403.
 */
export function resolveAppRequest(url: string, root: string, join: (...p: string[]) => string, normalize: (p: string) => string): AppResponse {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { status: 400, reason: 'malformed URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host.toLowerCase() !== APP_HOST) return { status: 404, reason: `no such host: ${u.host}` };
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return { status: 400, reason: 'malformed percent-encoding in the path' };
  }
  if (p.includes('\0')) return { status: 400, reason: 'NUL in the path' };
  if (p === '/' || p === '') p = '/index.html';
  const full = normalize(join(root, p));
  const base = normalize(root.endsWith('/') ? root : `${root}/`);
  return full.startsWith(base) ? { status: 200, path: full } : { status: 403, reason: 'path outside the app' };
}

/** IPC is answered only for the top-level frame of the app's own origin (checklist item 17). */
export function isTrustedIpcSender(frame: { url: string; parent: unknown } | null | undefined, devUrl?: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, devUrl);
}

/**
 * The only addresses the app hands to the system browser (checklist item 15): https pages of the project's
 * own documentation. Anything else that `window.open` or a link asks for is dropped.
 */
export const EXTERNAL_ALLOWLIST: readonly { origin: string; pathPrefix: string }[] = [{ origin: 'https://github.com', pathPrefix: '/descent-ml/descent/' }];

export function isAllowedExternal(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  return EXTERNAL_ALLOWLIST.some((a) => u.origin === a.origin && u.pathname.startsWith(a.pathPrefix) && !u.pathname.includes('/../'));
}
