import { OptionError } from '@descent/core-tensor';

// Reading a run spec file: JSON (a UTF-8 BOM is accepted, as Windows editors write one), and files in the
// training CLI's first, flat format converted on read. The Studio's "Open setup…" and the CLI share this.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The CLI's first spec format (flat optimizer and schedule blocks, `dataset`, `layers`, batch shorthands) as
 * a RunSpec. Detected by its `dataset` or `layers` field; everything else is passed through for validation.
 */
export function fromLegacySpec(old: Record<string, unknown>): Record<string, unknown> {
  const { dataset, layers, optimizer, schedule, batch, ...rest } = old;
  const out: Record<string, unknown> = { ...rest };
  if (isObject(dataset)) {
    const { csv, target, features, task, delimiter, preset, options, ...split } = dataset;
    out.data = csv !== undefined ? { ...split, csv: { path: csv, target, features, task, delimiter } } : { ...split, preset, options };
  } else if (dataset !== undefined) out.data = dataset;
  if (layers !== undefined) out.model = { layers };
  if (isObject(optimizer)) {
    const { name, clipNorm, clipValue, ...options } = optimizer;
    out.optimizer = { name, options, clipNorm, clipValue };
  } else if (optimizer !== undefined) out.optimizer = optimizer;
  if (isObject(schedule)) {
    const { name, stepEvery, metric, ...options } = schedule;
    out.scheduler = { name, options, stepEvery, metric };
  }
  if (batch === 'full' || batch === 'sgd') out.batch = { mode: batch };
  else if (typeof batch === 'number') out.batch = { mode: 'minibatch', batchSize: batch };
  else if (batch !== undefined) out.batch = batch;
  return JSON.parse(JSON.stringify(out)); // drops the undefined fields
}

/** The spec in a file's text (not validated yet: see runSpecProblems); `legacy` when it was converted from the flat format. */
export function parseRunSpecJson(text: string): { spec: unknown; legacy: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new OptionError('spec', null, `not valid JSON: ${(e as Error).message}`);
  }
  const legacy = isObject(raw) && ('dataset' in raw || 'layers' in raw);
  return { spec: legacy ? fromLegacySpec(raw as Record<string, unknown>) : raw, legacy };
}
