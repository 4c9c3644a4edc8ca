import { z } from 'zod';
import { ACTIVATIONS } from './legacy-config.js';

// The Studio's first saved-run format ('descent-run' version 1), kept only to read runs saved by that version:
// studio-run.ts migrates them on read. Nothing writes this format any more.

export const LEGACY_RUN_FORMAT = 'descent-run';
export const LEGACY_RUN_VERSION = 1;
const RUN_STATUSES = ['running', 'completed', 'stopped', 'diverged', 'failed'] as const;

const MAX_CSV_CHARS = 8 * 1024 * 1024;

export const legacyRunIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'run id must be 1-64 letters, digits, _ or -');
export const legacyRunNameSchema = z.string().trim().min(1, 'name must not be empty').max(120, 'name is longer than 120 characters');

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

const runConfigSchema = z.object({ model: z.array(layerSchema).max(64), data: dataSchema, training: trainingSchema });

const runMetricsSchema = z.object({
  epoch: z.array(z.number().int()),
  trainLoss: z.array(nullableNum),
  testLoss: z.array(nullableNum),
  trainAcc: z.array(nullableNum),
  testAcc: z.array(nullableNum),
  lr: z.array(nullableNum),
  /** L2 norm of each Dense layer's gradient at the end of each epoch */
  gradNorms: z.array(z.array(nullableNum)).optional(),
});

const runRecordSchema = z.object({
  format: z.literal(LEGACY_RUN_FORMAT),
  version: z.literal(LEGACY_RUN_VERSION),
  id: legacyRunIdSchema,
  name: legacyRunNameSchema,
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

export type LegacyRun = z.infer<typeof runRecordSchema>;

/** Validate a version 1 record (the zod error names the first bad field). */
export function parseLegacyRun(value: unknown): LegacyRun {
  const r = runRecordSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`not a valid Descent run record (version 1): ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}
