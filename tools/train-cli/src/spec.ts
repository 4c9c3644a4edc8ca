import { z } from 'zod';
import { DATASET_IDS } from '@descent/data';
import { LAYER_TYPES } from '@descent/layers';
import { optimizerNames } from '@descent/optimizers';
import { scheduleNames } from '@descent/schedulers';
import { METRIC_NAMES } from '@descent/train';

// The training spec file (JSON), validated with zod: structure and types here; option values are then
// checked by the libraries themselves (see build.ts), so the CLI and the libraries agree on what is valid.

const metric = z.enum(METRIC_NAMES);
const positiveInt = z.number().int().min(1);
const numberRecord = z.record(z.string(), z.number());

const presetDataset = z.strictObject({
  /** A preset id of @descent/data: xor, circles, spirals, moons, blobs, linear, sine, iris. */
  preset: z.enum(DATASET_IDS as unknown as [string, ...string[]]),
  /** Generator options: n, noise, seed, and the preset's own (e.g. k for blobs). seed defaults to the spec's seed. */
  options: numberRecord.optional(),
  testFraction: z.number().min(0).lt(1).optional(),
  standardize: z.boolean().optional(),
});

const csvDataset = z.strictObject({
  /** Path of the CSV file, relative to the spec file. */
  csv: z.string().min(1),
  target: z.string().min(1),
  features: z.array(z.string().min(1)).min(1).optional(),
  task: z.enum(['binary', 'multiclass', 'regression']).optional(),
  delimiter: z.string().length(1).optional(),
  testFraction: z.number().min(0).lt(1).optional(),
  standardize: z.boolean().optional(),
});

const layer = z.looseObject({ type: z.enum(LAYER_TYPES) });

/** Flat optimizer block: { "name": "sgd", "lr": 0.1, "momentum": 0.9, "clipNorm": 1 }. */
const optimizer = z.looseObject({
  name: z.enum(optimizerNames as unknown as [string, ...string[]]),
  clipNorm: z.number().positive().optional(),
  clipValue: z.number().positive().optional(),
});

/** Flat schedule block: { "name": "step", "stepSize": 10, "gamma": 0.5, "stepEvery": "epoch" }. */
const schedule = z.looseObject({
  name: z.enum(scheduleNames.filter((n) => n !== 'lambda') as unknown as [string, ...string[]]),
  stepEvery: z.enum(['batch', 'epoch']).optional(),
  metric: metric.optional(),
});

const batch = z.union([
  z.enum(['full', 'sgd']).transform((mode) => ({ mode })),
  positiveInt.transform((batchSize) => ({ mode: 'minibatch' as const, batchSize })),
  z
    .strictObject({ mode: z.enum(['full', 'sgd', 'minibatch']), batchSize: positiveInt.optional() })
    .superRefine((b, ctx) => {
      if (b.mode === 'minibatch' && b.batchSize === undefined) ctx.addIssue({ code: 'custom', path: ['batchSize'], message: "required for mode 'minibatch'" });
      if (b.mode !== 'minibatch' && b.batchSize !== undefined) ctx.addIssue({ code: 'custom', path: ['batchSize'], message: `only used by mode 'minibatch', not '${b.mode}'` });
    })
    .transform((b) => (b.mode === 'minibatch' ? { mode: 'minibatch' as const, batchSize: b.batchSize as number } : { mode: b.mode })),
]);

export const trainSpecSchema = z.strictObject({
  /** Run name (default: the spec file's name). */
  name: z.string().min(1).optional(),
  /** Seeds init, dropout, shuffling, the data generator and the train/test split. */
  seed: z.number().int().min(0).optional(),
  dataset: z.union([presetDataset, csvDataset]),
  layers: z.array(layer).min(1),
  loss: z.union([z.string().min(1), z.strictObject({ name: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() })]),
  optimizer,
  schedule: schedule.optional(),
  /** "full" | "sgd" | a batch size | { mode, batchSize }. Default 32. */
  batch: batch.optional(),
  epochs: positiveInt.max(1_000_000),
  shuffle: z.boolean().optional(),
  dtype: z.enum(['float32', 'float64']).optional(),
  earlyStopping: z
    .strictObject({
      metric,
      patience: z.number().int().min(0),
      mode: z.enum(['min', 'max']).optional(),
      minDelta: z.number().min(0).optional(),
      restoreBest: z.boolean().optional(),
    })
    .optional(),
});

export type TrainSpec = z.infer<typeof trainSpecSchema>;

/** A spec problem: `field` is a dotted path into the spec ("optimizer.lr", "layers[2].units"). */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'SpecError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(spec)';
}

/** The most useful single issue: for a union (dataset, batch, loss), the branch that got furthest. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): { path: PropertyKey[]; message: string } {
  const issue = issues[0];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Prefer the branch whose first problem is deepest (it matched the most structure).
    const branches = issue.errors.map((errs) => firstIssue(errs)).sort((a, b) => b.path.length - a.path.length);
    const best = branches[0];
    if (best.path.length > 0) return { path: [...issue.path, ...best.path], message: best.message };
  }
  if (issue.code === 'unrecognized_keys') return { path: [...issue.path], message: `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
  return { path: [...issue.path], message: issue.message };
}

/** Parse JSON text into a spec, or throw ONE SpecError naming the field. */
export function parseSpec(text: string): TrainSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SpecError('(spec)', `not valid JSON: ${(e as Error).message}`);
  }
  const r = trainSpecSchema.safeParse(raw);
  if (!r.success) {
    const { path, message } = firstIssue(r.error.issues);
    throw new SpecError(pathOf(path), message);
  }
  return r.data;
}
