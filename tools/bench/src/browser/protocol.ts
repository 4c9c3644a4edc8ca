import type { MeasureOptions } from '../measure.js';

/** The implementations the browser bench runs in a Web Worker. */
export const BROWSER_IMPLS = ['descent', 'descent-default', 'tfjs-wasm', 'tfjs-webgl'] as const;
export type BrowserImplId = (typeof BROWSER_IMPLS)[number];

export interface BrowserJob extends MeasureOptions {
  impl: BrowserImplId;
  workload: string;
  /** Descent's threads (default: the browser's hardwareConcurrency). */
  threads?: number;
}

export type BrowserResult = { ok: true; threads: number; backend: string; samples: number[] } | { ok: false; reason: string };
