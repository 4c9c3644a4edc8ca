import { build } from 'esbuild';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type Row } from './report.js';
import { workloadById } from './workloads.js';
import { BROWSER_IMPLS, type BrowserImplId, type BrowserJob, type BrowserResult } from './browser/protocol.js';

// `npm run bench:browser`: the bench where the Studio runs, a Web Worker in headless Chromium on a
// cross-origin-isolated page (SharedArrayBuffer, so Descent's pool and TF.js's threaded WASM can start).

export interface BrowserRunOptions {
  workloads: string[];
  impls: BrowserImplId[];
  rounds: number;
  reps: number;
  repSec: number;
  warmupSec: number;
  threads?: number;
  log?: (line: string) => void;
}

export const BROWSER_WORKLOADS = ['mlp-T', 'mlp-M'];

export function browserOptions(smoke: boolean): BrowserRunOptions {
  return smoke
    ? { workloads: BROWSER_WORKLOADS, impls: [...BROWSER_IMPLS], rounds: 1, reps: 1, repSec: 0.05, warmupSec: 0.05 }
    : { workloads: BROWSER_WORKLOADS, impls: [...BROWSER_IMPLS], rounds: 2, reps: 3, repSec: 0.5, warmupSec: 1 };
}

/** Debian's chromium, or DESCENT_CHROMIUM; null (with the reason) when there is none. */
export function findChromium(): { path: string } | { path: null; reason: string } {
  const p = process.env.DESCENT_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p) ? { path: p } : { path: null, reason: `no Chromium at ${p} (install Debian's chromium or set DESCENT_CHROMIUM)` };
}

const HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** The page and its worker bundle in a temporary directory. */
async function buildPage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'descent-browser-bench-'));
  const here = dirname(fileURLToPath(import.meta.url));
  await build({
    entryPoints: [join(here, 'browser/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'bench.worker.js'),
    // Node-only branches of the libraries (worker_threads, fs) are never taken in a browser.
    external: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads'],
    logLevel: 'error',
  });
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) await copyFile(join(wasmDir, f), join(dir, f));
  await copyFile(join(here, 'browser/index.html'), join(dir, 'index.html'));
  return dir;
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'index.html';
    if (name.includes('..') || name.includes('/')) return void res.writeHead(404).end();
    try {
      const body = await readFile(join(dir, name));
      res.writeHead(200, { ...HEADERS, 'Content-Type': MIME[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, HEADERS).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

export interface BrowserRun {
  rows: Row[];
  /** Implementations the browser could not run, with the reason (e.g. no WebGL in headless Chromium). */
  absent: { impl: BrowserImplId; reason: string }[];
  browser: string;
}

export async function runBrowser(o: BrowserRunOptions): Promise<BrowserRun> {
  const chromium = findChromium();
  if (chromium.path === null) throw new Error(`bench:browser: ${chromium.reason}`);
  const log = o.log ?? (() => {});
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  const { chromium: pw } = await import('@playwright/test');
  const browser = await pw.launch({
    executablePath: chromium.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const info = (await page.evaluate('window.pageInfo')) as { crossOriginIsolated: boolean; cores: number };
    if (!info.crossOriginIsolated) throw new Error('bench:browser: the page is not cross-origin isolated (COOP/COEP headers missing)');
    const got = new Map<string, Extract<BrowserResult, { ok: true }>[]>();
    const absent = new Map<BrowserImplId, string>();
    for (const workload of o.workloads) {
      for (let round = 0; round < o.rounds; round++) {
        const order = o.impls.map((_, i) => o.impls[(i + round) % o.impls.length]).filter((id) => !absent.has(id));
        for (const impl of order) {
          const job: BrowserJob = { impl, workload, reps: o.reps, repSec: o.repSec, warmupSec: o.warmupSec, threads: o.threads };
          const r = (await page.evaluate((j) => (window as unknown as { runJob(j: BrowserJob): Promise<BrowserResult> }).runJob(j), job)) as BrowserResult;
          if (!r.ok) {
            absent.set(impl, r.reason);
            log(`  ${impl}: absent (${r.reason})`);
            continue;
          }
          got.set(`${workload}|${impl}`, [...(got.get(`${workload}|${impl}`) ?? []), r]);
          log(`  ${workload} ${impl} round ${round + 1}: ${r.samples.map((s) => s.toPrecision(4)).join(' ')} ${workloadById(workload).unit} (${r.backend}, ${r.threads} thr)`);
        }
      }
    }
    const rows: Row[] = [];
    for (const workload of o.workloads)
      for (const impl of o.impls) {
        const rs = got.get(`${workload}|${impl}`);
        if (!rs) continue;
        const samples = rs.flatMap((r) => r.samples);
        rows.push({ workload, impl, threads: rs[0].threads, backend: rs[0].backend, median: median(samples), min: Math.min(...samples), max: Math.max(...samples), unit: workloadById(workload).unit, peakMemoryMB: NaN, samples: samples.length });
      }
    return { rows, absent: [...absent].map(([impl, reason]) => ({ impl, reason })), browser: `Chromium ${browser.version()} (${info.cores} cores, headless, --disable-gpu)` };
  } finally {
    await browser.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
