import { z } from 'zod';
import { assessHealth } from './health.js';

// The run record: a versioned JSON document holding everything a run did (config, seed, every metric,
// status, health, timings). Non-finite numbers (a diverged loss) are stored as null because JSON has no NaN;
// where it matters (the divergence) the record says which one it was.

export const RUN_RECORD_FORMAT = 'descent-train-run';
export const RUN_RECORD_SCHEMA_VERSION = 2;
/** How the trainer ends a run. */
export const FINAL_STATUSES = ['completed', 'stopped', 'diverged', 'early-stopped'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
/**
 * Every status a stored record can have: a run still going ('running', a checkpoint), one that ended,
 * one whose code threw ('failed'), and one whose process went away mid-run ('interrupted', set by whoever
 * finds a 'running' record its owner no longer drives).
 */
export const RECORD_STATUSES = ['running', ...FINAL_STATUSES, 'failed', 'interrupted'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

const int = z.number().int();
const count = z.number().int().min(0);
const num = z.number(); // zod 4 rejects NaN and ±Infinity here
const maybeNum = z.number().nullable(); // null = not available, or non-finite (NaN/Infinity)
// A union of literals, not z.enum: tsc declares z.enum's '-Infinity' key as a computed [-Infinity], which a
// consumer's type check (without skipLibCheck) rejects (TS1170).
const NON_FINITE = z.union([z.literal('NaN'), z.literal('Infinity'), z.literal('-Infinity')]);
const optionValue: z.ZodType<unknown> = z.lazy(() => z.union([z.number(), z.boolean(), z.string(), z.null(), z.array(optionValue), z.record(z.string(), optionValue)]));
const optionsRecord = z.record(z.string(), optionValue);

export const METRIC_NAMES = ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const layerGradNormSchema = z.object({
  /** Index of the layer in the model's layer list. */
  layer: count,
  name: z.string(),
  /** L2 norm of the weight gradient. */
  weight: maybeNum,
  /** L2 norm of the bias gradient (null for a layer without bias). */
  bias: maybeNum,
});

export const epochMetricsSchema = z.object({
  epoch: z.number().int().min(1),
  /** Unweighted mean of the epoch's batch losses. */
  trainLoss: maybeNum,
  testLoss: maybeNum,
  trainAccuracy: maybeNum,
  testAccuracy: maybeNum,
  /** Learning rate used by the epoch's last batch. */
  lr: num,
  /** Mean over the epoch's batches of each dense layer's gradient norms. */
  gradNorms: z.array(layerGradNormSchema),
  /** Per-layer metrics (see LAYER_METRICS): name → one value per dense layer. */
  layers: z.record(z.string(), z.array(maybeNum)),
  /** The regularization penalty after the epoch (runs with regularization only). */
  penalty: maybeNum.optional(),
  /** Wall time of this epoch, ms. */
  wallMs: num.min(0),
});

export const batchMetricsSchema = z
  .object({
    epoch: z.array(z.number().int().min(1)),
    batch: z.array(z.number().int().min(1)),
    loss: z.array(maybeNum),
    lr: z.array(num),
    /** Per-batch gradient norms, present when the run was asked to keep them (`recordBatchGradNorms`). */
    gradNorms: z.array(z.array(layerGradNormSchema)).optional(),
  })
  .superRefine((b, ctx) => {
    const n = b.epoch.length;
    for (const key of ['batch', 'loss', 'lr', 'gradNorms'] as const) {
      const arr = b[key];
      if (arr !== undefined && arr.length !== n) ctx.addIssue({ code: 'custom', path: [key], message: `has ${arr.length} entries but epoch has ${n}` });
    }
  });

export const runConfigSchema = z.object({
  model: z.object({
    /** Input features (null when a built module was trained). */
    input: z.number().int().min(1).nullable(),
    /** The model spec's layers, or a description of the built module. */
    layers: z.array(z.looseObject({ type: z.string() })),
    parameterCount: count,
  }),
  data: z.object({
    name: z.string(),
    task: z.enum(['binary', 'multiclass', 'regression']),
    features: count,
    outputs: count,
    trainSamples: count,
    testSamples: count,
    /** Where the data came from (preset id + options, CSV path...), as given by the caller. */
    source: optionValue.nullable(),
  }),
  loss: z.object({ name: z.string(), options: optionsRecord }),
  optimizer: z.object({ name: z.string(), options: optionsRecord }),
  scheduler: z
    .object({
      name: z.string(),
      options: optionsRecord,
      stepEvery: z.enum(['batch', 'epoch']),
      metric: z.enum(METRIC_NAMES).nullable(),
    })
    .nullable(),
  epochs: z.number().int().min(1),
  batch: z.object({ mode: z.enum(['full', 'sgd', 'minibatch']), batchSize: z.number().int().min(1) }),
  shuffle: z.boolean(),
  dtype: z.enum(['float32', 'float64']),
  earlyStopping: z
    .object({
      metric: z.enum(METRIC_NAMES),
      mode: z.enum(['min', 'max']),
      patience: count,
      minDelta: num.min(0),
      restoreBest: z.boolean(),
    })
    .nullable(),
  /** L1/L2 penalty on the weights (absent in records from before it existed). */
  regularization: z.object({ type: z.enum(['l1', 'l2']), rate: num.min(0) }).nullable().optional(),
});

export const healthSchema = z.object({
  verdict: z.enum(['ok', 'diverged', 'blew-up', 'no-progress', 'unknown']),
  reason: z.string().nullable(),
  epoch: z.number().int().min(1).nullable(),
});

export const runRecordSchema = z.object({
  format: z.literal(RUN_RECORD_FORMAT),
  schemaVersion: z.literal(RUN_RECORD_SCHEMA_VERSION),
  name: z.string(),
  status: z.enum(RECORD_STATUSES),
  seed: int,
  config: runConfigSchema,
  libraries: z.record(z.string(), z.string()),
  timings: z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    /** Wall time of the whole run (setup excluded), ms. */
    wallMs: num.min(0),
  }),
  epochs: z.array(epochMetricsSchema),
  batches: batchMetricsSchema,
  /** Where a non-finite loss stopped the run (status 'diverged'); `value` says which non-finite number it was. */
  divergence: z
    .object({ epoch: z.number().int().min(1), batch: z.number().int().min(1), step: z.number().int().min(1), loss: maybeNum, value: NON_FINITE.nullable() })
    .nullable(),
  /** Whether the run did what training should (see assessHealth); null while it runs. */
  health: healthSchema.nullable(),
  /** What stopped a 'failed' run. */
  error: z.object({ name: z.string(), owner: z.string().nullable(), option: z.string().nullable(), message: z.string() }).nullable(),
  /** The JSON spec the run was started from (startRun), so it can be opened and run again. */
  spec: z.record(z.string(), z.unknown()).optional(),
  /** Best epoch seen by early stopping (when configured). */
  earlyStopping: z.object({ bestEpoch: z.number().int().min(0), bestValue: maybeNum, restoredBest: z.boolean() }).nullable(),
  final: z.object({
    epochs: count,
    steps: count,
    trainLoss: maybeNum,
    testLoss: maybeNum,
    trainAccuracy: maybeNum,
    testAccuracy: maybeNum,
  }),
  /** Parameters of every dense layer at the end (after restoring the best epoch, if asked); null = non-finite. */
  parameters: z.array(z.object({ layer: count, weight: z.array(z.array(maybeNum)), bias: z.array(maybeNum).nullable() })).optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunConfig = z.infer<typeof runConfigSchema>;
export type EpochMetrics = z.infer<typeof epochMetricsSchema>;
export type BatchMetrics = z.infer<typeof batchMetricsSchema>;
export type LayerGradNorm = z.infer<typeof layerGradNormSchema>;

/** Thrown by parseRunRecord; `issues` lists every problem as "path: message". */
export class RunRecordError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid run record: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`);
    this.name = 'RunRecordError';
  }
}

function describePath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(root)';
}

/** Validate a run record given as JSON text or a parsed value; throws RunRecordError naming each bad field. */
export function parseRunRecord(json: string | unknown): RunRecord {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new RunRecordError([`(root): not valid JSON (${(e as Error).message})`]);
    }
  }
  if (value !== null && typeof value === 'object' && 'schemaVersion' in value) {
    const v = (value as { schemaVersion: unknown }).schemaVersion;
    if (typeof v === 'number' && v > RUN_RECORD_SCHEMA_VERSION) {
      throw new RunRecordError([`schemaVersion: ${v} is newer than this library understands (${RUN_RECORD_SCHEMA_VERSION})`]);
    }
    if (v === 1) value = migrateV1(value as Record<string, unknown>);
  }
  const r = runRecordSchema.safeParse(value);
  if (!r.success) throw new RunRecordError(r.error.issues.map((i) => `${describePath(i.path)}: ${i.message}`));
  return r.data;
}

/** JSON text of a record (validated first, so a broken record is never written). */
export function serializeRunRecord(record: RunRecord, space = 0): string {
  return JSON.stringify(parseRunRecord(record), null, space || undefined);
}

/** Finite number, or null for NaN/±Infinity/undefined: how the record stores numbers that may be missing. */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Version 1 records (before per-layer metrics, health and the extra statuses) read as version 2: each epoch's
 * gradient norm per layer is derived from its weight and bias norms, update ratios were not measured (null),
 * and the health verdict is computed from the losses the record holds.
 */
function migrateV1(v1: Record<string, unknown>): unknown {
  const r = JSON.parse(JSON.stringify(v1)) as Record<string, any>;
  r.schemaVersion = 2;
  if (Array.isArray(r.epochs)) {
    for (const e of r.epochs) {
      if (!e || typeof e !== 'object' || !Array.isArray(e.gradNorms)) continue;
      e.layers = {
        gradNorm: e.gradNorms.map((g: { weight: number | null; bias: number | null }) => (g?.weight === null || g?.weight === undefined ? null : Math.hypot(g.weight, g.bias ?? 0))),
        updateRatio: e.gradNorms.map(() => null),
      };
    }
  }
  // v1 stored any non-finite loss as null without saying which: unknown.
  if (r.divergence && typeof r.divergence === 'object') r.divergence.value = null;
  r.error = null;
  const epochs = Array.isArray(r.epochs) ? r.epochs : [];
  r.health = assessHealth({
    firstBatchLoss: Array.isArray(r.batches?.loss) && typeof r.batches.loss[0] === 'number' ? r.batches.loss[0] : null,
    epochLosses: epochs.map((e: { trainLoss?: number | null }) => e?.trainLoss ?? null),
    diverged: r.divergence ? { epoch: r.divergence.epoch, loss: r.divergence.loss } : null,
  });
  return r;
}
