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
export const APP_ORIGIN = `${APP_SCHEME}://studio`;

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

/** Map an app:// URL to a file inside the renderer directory, refusing anything that escapes it. */
export function resolveAppPath(url: string, root: string, join: (...p: string[]) => string, normalize: (p: string) => string): string | null {
  const u = new URL(url);
  let p = decodeURIComponent(u.pathname);
  if (p === '/' || p === '') p = '/index.html';
  const full = normalize(join(root, p));
  const base = normalize(root.endsWith('/') ? root : `${root}/`);
  return full.startsWith(base) ? full : null;
}
