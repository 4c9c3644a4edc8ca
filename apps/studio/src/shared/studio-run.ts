import { z } from 'zod';
import { RUN_RECORD_FORMAT, RUN_RECORD_SCHEMA_VERSION, assessHealth, parseRunRecord, type RecordStatus, type RunRecord, type RunSpec } from '@descent/train';
import { LEGACY_RUN_FORMAT, parseLegacyRun, type LegacyRun } from './legacy-run.js';
import { legacySpec } from './legacy-spec.js';

// What the Studio stores for a run: @descent/train's own run record, in a small wrapper holding what only the
// Studio needs (its id, the name shown in the list, when it was created). Runs saved by the Studio's first
// format ('descent-run' version 1) are migrated on read, so nothing saved before is lost.

export const STUDIO_RUN_FORMAT = 'descent-studio-run';
export const STUDIO_RUN_VERSION = 2;

export const runIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'run id must be 1-64 letters, digits, _ or -');
export const runNameSchema = z.string().trim().min(1, 'name must not be empty').max(120, 'name is longer than 120 characters');

const wrapperSchema = z.object({
  format: z.literal(STUDIO_RUN_FORMAT),
  version: z.literal(STUDIO_RUN_VERSION),
  id: runIdSchema,
  name: runNameSchema,
  createdAt: z.string().min(1),
  record: z.unknown(),
});

export interface StoredRun {
  format: typeof STUDIO_RUN_FORMAT;
  version: typeof STUDIO_RUN_VERSION;
  id: string;
  name: string;
  createdAt: string;
  record: RunRecord;
}

/** Shape check of a stored run for IPC (the record itself is checked by parseStoredRun). */
export const storedRunSchema = wrapperSchema;

export interface RunSummary {
  id: string;
  name: string;
  createdAt: string;
  status: RecordStatus;
  optimizer: string;
  epochs: number;
  final: RunRecord['final'];
  health: NonNullable<RunRecord['health']>['verdict'] | null;
}

export function summarize(run: StoredRun): RunSummary {
  const r = run.record;
  return {
    id: run.id,
    name: run.name,
    createdAt: run.createdAt,
    status: r.status,
    optimizer: r.config.optimizer.name,
    epochs: r.epochs.length,
    final: { ...r.final },
    health: r.health?.verdict ?? null,
  };
}

export function storedRun(id: string, name: string, createdAt: string, record: RunRecord): StoredRun {
  return { format: STUDIO_RUN_FORMAT, version: STUDIO_RUN_VERSION, id, name, createdAt, record };
}

/** Thrown when a stored run cannot be read; `reason` says what is wrong with it. */
export class StoredRunError extends Error {
  constructor(readonly reason: string) {
    super(`not a Descent Studio run: ${reason}`);
    this.name = 'StoredRunError';
  }
}

/** A stored run of either format, validated (and migrated when it is the first format). */
export function parseStoredRun(value: unknown): StoredRun {
  if (value !== null && typeof value === 'object' && (value as { format?: unknown }).format === LEGACY_RUN_FORMAT) {
    let old: LegacyRun;
    try {
      old = parseLegacyRun(value);
    } catch (e) {
      throw new StoredRunError((e as Error).message);
    }
    return migrateLegacyRun(old);
  }
  const w = wrapperSchema.safeParse(value);
  if (!w.success) {
    const i = w.error.issues[0];
    throw new StoredRunError(`${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  let record: RunRecord;
  try {
    record = parseRunRecord(w.data.record);
  } catch (e) {
    throw new StoredRunError(`record: ${(e as Error).message}`);
  }
  return { ...w.data, format: STUDIO_RUN_FORMAT, version: STUDIO_RUN_VERSION, record };
}

/**
 * A first-format run as a stored run of today. When it finished, it already held @descent/train's record
 * (read and migrated by the library); a run saved while it was running (or one that failed) did not, so its
 * record is rebuilt from the metrics the Studio saved. Either way the run's setup becomes a RunSpec.
 */
export function migrateLegacyRun(old: LegacyRun): StoredRun {
  const spec = legacySpec(old.config);
  let record: RunRecord;
  if (old.trainRecord !== undefined) {
    record = parseRunRecord(old.trainRecord);
    // The first format renamed early-stopped to completed and kept 'running' for a zombie; the library
    // record has the truth, except for a run that was still going.
    if (old.status === 'running' || old.status === 'failed') record = { ...record, status: old.status };
  } else record = rebuildRecord(old, spec);
  if (old.error && record.status === 'failed') record = { ...record, error: { name: 'Error', owner: null, option: null, message: old.error } };
  record.spec = JSON.parse(JSON.stringify(spec));
  return storedRun(old.id, old.name, old.createdAt, record);
}

function rebuildRecord(old: LegacyRun, spec: RunSpec): RunRecord {
  const m = old.metrics;
  const layers = spec.model.layers;
  const denseAt = layers.map((l, i) => (l.type === 'dense' ? i : -1)).filter((i) => i >= 0);
  const n = old.config.data.samples;
  const testSamples = old.config.data.source === 'csv' || n < 2 ? Math.max(1, Math.round(n * old.config.data.testFraction)) : Math.min(n - 1, Math.max(1, Math.round(n * old.config.data.testFraction)));
  const trainSamples = Math.max(1, n - testSamples);
  const b = spec.batch ?? { mode: 'minibatch', batchSize: 32 };
  const batchSize = b.mode === 'full' ? trainSamples : b.mode === 'sgd' ? 1 : Math.min(b.batchSize, trainSamples);
  const epochs = m.epoch.map((epoch, i) => {
    const norms = m.gradNorms?.[i] ?? denseAt.map(() => null);
    return {
      epoch,
      trainLoss: m.trainLoss[i] ?? null,
      testLoss: m.testLoss[i] ?? null,
      trainAccuracy: m.trainAcc[i] ?? null,
      testAccuracy: m.testAcc[i] ?? null,
      lr: m.lr[i] ?? 0,
      // The first format kept one norm per dense layer (weight and bias together).
      gradNorms: norms.map((g, k) => ({ layer: denseAt[k] ?? k, name: `Dense ${k + 1}`, weight: g, bias: null })),
      layers: { gradNorm: [...norms], updateRatio: norms.map(() => null) },
      wallMs: 0,
    };
  });
  const last = epochs[epochs.length - 1];
  const status: RecordStatus = old.status;
  const raw = {
    format: RUN_RECORD_FORMAT,
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    name: old.name,
    status,
    seed: spec.seed ?? 0,
    config: {
      model: { input: old.inputDim, layers: JSON.parse(JSON.stringify(layers)), parameterCount: old.paramCount },
      data: {
        name: old.config.data.source === 'csv' ? (old.config.data.csv?.fileName ?? 'data.csv') : old.config.data.preset,
        task: old.task,
        features: old.inputDim,
        outputs: old.outputDim,
        trainSamples,
        testSamples,
        source: JSON.parse(JSON.stringify({ ...spec.data, ...('csv' in spec.data ? { csv: { ...spec.data.csv, text: undefined } } : {}) })),
      },
      loss: { name: typeof spec.loss === 'string' ? spec.loss : spec.loss.name, options: {} },
      optimizer: { name: spec.optimizer.name, options: { ...(spec.optimizer.options ?? {}) } },
      scheduler: spec.scheduler ? { name: spec.scheduler.name, options: { ...(spec.scheduler.options ?? {}) }, stepEvery: spec.scheduler.stepEvery ?? 'epoch', metric: spec.scheduler.name === 'plateau' ? 'trainLoss' : null } : null,
      epochs: spec.epochs,
      batch: { mode: b.mode, batchSize },
      shuffle: true,
      dtype: spec.dtype ?? 'float32',
      earlyStopping: null,
    },
    libraries: {},
    timings: { startedAt: old.createdAt, finishedAt: old.finishedAt ?? old.createdAt, wallMs: 0 },
    epochs,
    batches: { epoch: [], batch: [], loss: [], lr: [] },
    divergence: old.diverged ? { epoch: Math.max(1, old.diverged.epoch), batch: Math.max(1, old.diverged.batch), step: 1, loss: old.diverged.loss, value: null } : null,
    health:
      status === 'running'
        ? null
        : assessHealth({ firstBatchLoss: null, epochLosses: epochs.map((e) => e.trainLoss), diverged: old.diverged ? { epoch: Math.max(1, old.diverged.epoch), loss: old.diverged.loss } : null }),
    error: null,
    earlyStopping: null,
    final: {
      epochs: epochs.length,
      steps: epochs.length * Math.ceil(trainSamples / batchSize),
      trainLoss: last?.trainLoss ?? null,
      testLoss: last?.testLoss ?? null,
      trainAccuracy: last?.trainAccuracy ?? null,
      testAccuracy: last?.testAccuracy ?? null,
    },
  };
  return parseRunRecord(raw);
}
