import { z } from 'zod';
import { ACTIVATIONS } from './model-spec.js';

// Versioned run record: everything needed to show, compare and re-open a run. Validated on every save
// (in the main process for desktop, in the web host before IndexedDB) and on import.

export const RUN_FORMAT = 'descent-run';
export const RUN_VERSION = 1;
export const RUN_STATUSES = ['running', 'completed', 'stopped', 'diverged', 'failed'] as const;

export const MAX_CSV_CHARS = 8 * 1024 * 1024;

export const runIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'run id must be 1-64 letters, digits, _ or -');
export const runNameSchema = z.string().trim().min(1, 'name must not be empty').max(120, 'name is longer than 120 characters');

const optionValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.number())]);
const finite = z.number().finite();
const nullableNum = z.number().nullable(); // NaN/Infinity are stored as null in JSON

const layerSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('dense'), units: z.number().int().min(1).max(4096), activation: z.enum(ACTIVATIONS) }),
  z.object({ id: z.string(), kind: z.literal('dropout'), rate: z.number().min(0).lt(1) }),
]);

const dataSchema = z.object({
  source: z.enum(['preset', 'csv']),
  preset: z.string(),
  samples: z.number().int().min(1),
  noise: finite.min(0),
  testFraction: finite.gt(0).lt(1),
  seed: z.number().int(),
  csv: z
    .object({
      fileName: z.string().max(260),
      text: z.string().max(MAX_CSV_CHARS, `CSV text is longer than ${MAX_CSV_CHARS} characters`),
      features: z.array(z.string()).min(1),
      target: z.string(),
      task: z.enum(['binary', 'multiclass', 'regression']),
    })
    .optional(),
});

const trainingSchema = z.object({
  loss: z.string(),
  optimizer: z.object({ name: z.string(), options: z.record(z.string(), optionValue) }),
  batch: z.object({ mode: z.enum(['full', 'sgd', 'mini']), size: z.number().int().min(1) }),
  epochs: z.number().int().min(1).max(100_000),
  seed: z.number().int(),
  schedule: z.object({ name: z.string(), options: z.record(z.string(), optionValue), stepEvery: z.enum(['epoch', 'batch']) }),
});

export const runConfigSchema = z.object({ model: z.array(layerSchema).max(64), data: dataSchema, training: trainingSchema });

export const runMetricsSchema = z.object({
  epoch: z.array(z.number().int()),
  trainLoss: z.array(nullableNum),
  testLoss: z.array(nullableNum),
  trainAcc: z.array(nullableNum),
  testAcc: z.array(nullableNum),
  lr: z.array(nullableNum),
  /** L2 norm of each Dense layer's gradient at the end of each epoch */
  gradNorms: z.array(z.array(nullableNum)).optional(),
});

export const runRecordSchema = z.object({
  format: z.literal(RUN_FORMAT),
  version: z.literal(RUN_VERSION),
  id: runIdSchema,
  name: runNameSchema,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(RUN_STATUSES),
  task: z.enum(['binary', 'multiclass', 'regression']),
  inputDim: z.number().int().min(1),
  outputDim: z.number().int().min(1),
  paramCount: z.number().int().min(0),
  config: runConfigSchema,
  metrics: runMetricsSchema,
  diverged: z.object({ epoch: z.number().int(), batch: z.number().int(), loss: nullableNum }).nullable(),
  error: z.string().nullable(),
  /** The versioned record written by @descent/train's fit() for this run (config, metrics, parameters). */
  trainRecord: z.unknown().optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunMetrics = z.infer<typeof runMetricsSchema>;

export interface RunSummary {
  id: string;
  name: string;
  createdAt: string;
  status: RunStatus;
  optimizer: string;
  epochs: number;
  final: { trainLoss: number | null; testLoss: number | null; trainAcc: number | null; testAcc: number | null };
}

export function summarize(run: RunRecord): RunSummary {
  const last = (a: (number | null)[]) => (a.length ? a[a.length - 1] : null);
  return {
    id: run.id,
    name: run.name,
    createdAt: run.createdAt,
    status: run.status,
    optimizer: run.config.training.optimizer.name,
    epochs: run.metrics.epoch.length,
    final: {
      trainLoss: last(run.metrics.trainLoss),
      testLoss: last(run.metrics.testLoss),
      trainAcc: last(run.metrics.trainAcc),
      testAcc: last(run.metrics.testAcc),
    },
  };
}

/** Parse JSON text into a run record, with a message that says what is wrong. */
export function parseRunRecord(value: unknown): RunRecord {
  const r = runRecordSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`Not a valid Descent run record: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}
