// @vitest-environment node
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternal, isAppUrl, isTrustedIpcSender, resolveAppRequest, responseHeaders } from './security.js';

const root = '/app/renderer';
const resolve = (url: string) => resolveAppRequest(url, root, join, normalize);

describe('app:// protocol handler', () => {
  it('serves files inside the renderer directory', () => {
    expect(resolve('app://studio/index.html')).toEqual({ status: 200, path: '/app/renderer/index.html' });
    expect(resolve('app://studio/')).toEqual({ status: 200, path: '/app/renderer/index.html' });
    expect(resolve('app://studio/assets/a%20b.js')).toEqual({ status: 200, path: '/app/renderer/assets/a b.js' });
  });
  it('answers a malformed URL with 400 instead of throwing', () => {
    expect(resolve('app://studio/%E0%A4%A').status).toBe(400);
    expect(resolve('app://studio/%').status).toBe(400);
    expect(resolve('app://studio/a%00b').status).toBe(400);
    expect(resolve('not a url').status).toBe(400);
  });
  it('serves only the host studio', () => {
    expect(resolve('app://other/index.html').status).toBe(404);
    expect(resolve('app://studio.evil/index.html').status).toBe(404);
    expect(resolve('app://STUDIO/index.html').status).toBe(200); // hosts are case-insensitive in standard schemes
  });
  it('refuses paths that escape the renderer directory', () => {
    expect(resolve('app://studio/..%2F..%2Fetc%2Fpasswd').status).toBe(403);
    // The URL parser folds %2e%2e segments itself: what is left stays inside the directory.
    const dots = resolve('app://studio/%2e%2e/%2e%2e/etc/passwd');
    expect(dots.status === 403 || (dots.status === 200 && dots.path.startsWith('/app/renderer/'))).toBe(true);
  });
});

describe('IPC sender check', () => {
  it('accepts only the top-level frame of the app origin', () => {
    expect(isTrustedIpcSender({ url: 'app://studio/index.html', parent: null })).toBe(true);
    expect(isTrustedIpcSender({ url: 'app://studio/index.html', parent: {} })).toBe(false); // an iframe
    expect(isTrustedIpcSender({ url: 'https://example.com/', parent: null })).toBe(false);
    expect(isTrustedIpcSender({ url: 'app://other/index.html', parent: null })).toBe(false);
    expect(isTrustedIpcSender(null)).toBe(false);
    expect(isTrustedIpcSender({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173/')).toBe(true);
  });
});

describe('shell.openExternal allowlist', () => {
  it('allows https links to the project documentation only', () => {
    expect(isAllowedExternal('https://github.com/descent-ml/descent/blob/main/README.md')).toBe(true);
    expect(isAllowedExternal('https://github.com/descent-ml/descent/tree/main/docs#x')).toBe(true);
  });
  it('refuses everything else window.open could pass', () => {
    for (const url of [
      'http://github.com/descent-ml/descent/',
      'https://github.com/someone-else/descent/',
      'https://github.com.evil.com/descent-ml/descent/',
      'https://user:pw@github.com/descent-ml/descent/',
      'https://github.com:8443/descent-ml/descent/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'https://example.com/',
      'not a url',
    ])
      expect(isAllowedExternal(url), url).toBe(false);
  });
});

describe('navigation and headers', () => {
  it('allows navigation only to the app origin (and the dev server)', () => {
    expect(isAppUrl('app://studio/index.html')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
  });
  it('sends CSP and cross-origin isolation headers', () => {
    const h = responseHeaders();
    expect(h['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(h['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(h['Content-Security-Policy']).toContain("script-src 'self'");
    expect(h['Content-Security-Policy']).not.toContain("'unsafe-eval'"); // 'wasm-unsafe-eval' (WebAssembly only) is allowed
  });
});
