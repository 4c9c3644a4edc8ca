import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BASE_SEED, areaSeeds, type Area } from './area.js';
import type { Outcome } from './outcome.js';
import type { FromWorker, ToWorker } from './worker.js';

// The vitest side: starts a worker thread running worker.ts from source (tsx, with the workspace's path
// mapping, so the libraries are their src/), sends it an area's seeds and watches it. A case that does not
// finish in time has its worker terminated and replaced; the run goes on with the next case.

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface CaseReport {
  area: string;
  seed: number;
  what: string;
  outcome: Outcome;
  detail?: string;
  ms: number;
}

export interface AreaReport {
  area: string;
  cases: CaseReport[];
  ms: number;
}

/** FUZZ_SEED (a base seed), FUZZ_CASES (cases per area), FUZZ_ONLY (area:seed[,area:seed…]) from the environment. */
export function runSettings(env: NodeJS.ProcessEnv = process.env): { base: number; scale: number | null; only: Map<string, number[]> | null } {
  const base = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : BASE_SEED;
  if (!Number.isInteger(base)) throw new Error(`FUZZ_SEED must be an integer, got ${env.FUZZ_SEED}`);
  const scale = env.FUZZ_CASES ? Number(env.FUZZ_CASES) : null;
  let only: Map<string, number[]> | null = null;
  if (env.FUZZ_ONLY) {
    only = new Map();
    for (const item of env.FUZZ_ONLY.split(',')) {
      const [area, seed] = item.split(':');
      only.set(area, [...(only.get(area) ?? []), Number(seed)]);
    }
  }
  return { base, scale, only };
}

/** The seeds an area runs with these settings (none when FUZZ_ONLY names other areas). */
export function seedsFor(area: Area, settings = runSettings()): number[] {
  if (settings.only) return settings.only.get(area.name) ?? [];
  return areaSeeds(area.name, settings.scale ?? area.count, settings.base);
}

function spawn(): Worker {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(pkg, 'utf8'));
  const api = pathToFileURL(join(dirname(pkg), exports['./esm/api'].import.default)).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const tsconfig = join(root, 'tsconfig.base.json');
  const boot = `import(${JSON.stringify(api)}).then((m) => m.register({ tsconfig: ${JSON.stringify(tsconfig)} })).then(() => import(${JSON.stringify(entry)}));`;
  return new Worker(boot, { eval: true, stdout: true, stderr: true });
}

export class FuzzPool {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;

  private start(): Promise<void> {
    const w = spawn();
    this.worker = w;
    // The libraries' own console output (e.g. a progress bar) is not the suite's.
    w.stdout.resume();
    w.stderr.resume();
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'ready') {
          w.off('message', onMessage);
          resolve();
        }
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
    return this.ready;
  }

  /** Run an area's seeds; a case still running `hardMs` after its start ends its worker (a hang) and the rest go on. */
  async run(area: Area, seeds: readonly number[], hardMs = area.timeoutMs * 3 + 5000): Promise<AreaReport> {
    const t0 = performance.now();
    const cases: CaseReport[] = [];
    let todo = [...seeds];
    while (todo.length) {
      if (!this.worker) await this.start();
      else await this.ready;
      const w = this.worker!;
      let hungWhat = '(see the seed)';
      const hung = await new Promise<number | null>((resolve, reject) => {
        let timer: NodeJS.Timeout | null = null;
        let current: number | null = null;
        const cleanup = () => {
          if (timer) clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
        };
        const onMessage = (m: FromWorker) => {
          if (m.type === 'start') {
            current = m.seed;
            hungWhat = m.what;
            timer = setTimeout(() => {
              cleanup();
              resolve(current);
            }, hardMs);
          } else if (m.type === 'result') {
            if (timer) clearTimeout(timer);
            timer = null;
            cases.push({ area: area.name, seed: m.seed, what: m.what, outcome: m.outcome, detail: m.detail, ms: m.ms });
            todo = todo.filter((s) => s !== m.seed);
          } else if (m.type === 'done') {
            cleanup();
            resolve(null);
          }
        };
        const onError = (e: Error) => {
          cleanup();
          if (current === null) reject(e);
          else resolve(current);
        };
        const onExit = () => {
          cleanup();
          resolve(current ?? todo[0] ?? null);
        };
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        w.postMessage({ type: 'run', area: area.name, seeds: todo } satisfies ToWorker);
      });
      if (hung === null) break;
      // A hang (or a worker that died): report the case, replace the worker, go on with the next one.
      cases.push({ area: area.name, seed: hung, what: hungWhat, outcome: 'failure', detail: `hang: no result ${hardMs} ms after it started (worker terminated)`, ms: hardMs });
      todo = todo.filter((s) => s !== hung);
      await this.close();
    }
    return { area: area.name, cases, ms: performance.now() - t0 };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }
}

/** The table printed at the end of a run: cases by area and outcome. */
export function summaryTable(reports: readonly AreaReport[], title: string): string {
  const rows = reports.map((r) => {
    const n = (o: Outcome) => r.cases.filter((c) => c.outcome === o).length;
    return { area: r.area, cases: r.cases.length, correct: n('correct'), clear: n('clear'), failures: n('failure'), seconds: (r.ms / 1000).toFixed(1) };
  });
  const total = rows.reduce((t, r) => ({ cases: t.cases + r.cases, correct: t.correct + r.correct, clear: t.clear + r.clear, failures: t.failures + r.failures }), { cases: 0, correct: 0, clear: 0, failures: 0 });
  const line = (a: string, c: number | string, ok: number | string, cl: number | string, f: number | string, s = '') =>
    `${a.padEnd(14)} ${String(c).padStart(6)} ${String(ok).padStart(8)} ${String(cl).padStart(12)} ${String(f).padStart(9)} ${s.padStart(8)}`;
  return [
    `${title}`,
    line('area', 'cases', 'correct', 'clear error', 'failures', 'seconds'),
    ...rows.map((r) => line(r.area, r.cases, r.correct, r.clear, r.failures, r.seconds)),
    line('total', total.cases, total.correct, total.clear, total.failures),
  ].join('\n');
}

/** How to rerun one failing case (a case's seed alone rebuilds it, whatever FUZZ_SEED the run had). */
export const reproduce = (c: CaseReport, file: string): string => `FUZZ_ONLY=${c.area}:${c.seed} npx vitest run ${file} -t '${c.area}'`;
