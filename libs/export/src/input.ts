import { OptionError, describeValue, isDType, type DType } from '@descent/core-tensor';
import { RUN_RECORD_FORMAT, type RunRecord, type RunSpec, type SpecContext } from '@descent/train';

// What an export starts from: a run spec (the JSON document the Studio saves and the CLI trains), or a run
// record that carries its spec (startRun, the CLI and the Studio keep it). Every exporter takes either.

/** A run spec, or a run record with its spec. */
export type RunInput = RunSpec | RunRecord;

/** Where the data of a spec comes from when it is not inline (`readText` reads a CSV `path`). */
export type ExportContext = SpecContext;

export interface ResolvedInput {
  spec: RunSpec;
  /** The record when the input was one (its losses let a script check itself against the run). */
  record: RunRecord | null;
  /** A name for files and comments: the spec's or record's name, else the data set's. */
  name: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function isRunRecord(v: unknown): v is RunRecord {
  return isObject(v) && v.format === RUN_RECORD_FORMAT;
}

/** The spec to export (with `dtype` overriding the run's), from a spec or a record; OptionErrors name what is missing. */
export function resolveInput(owner: string, input: unknown, dtype?: unknown): ResolvedInput {
  if (!isObject(input)) throw new OptionError(owner, 'input', `must be a run spec { data, model, loss, optimizer, epochs, ... } or a run record with its spec, got ${describeValue(input)}`, { value: input });
  let spec: RunSpec;
  let record: RunRecord | null = null;
  if (isRunRecord(input)) {
    if (!isObject(input.spec)) {
      throw new OptionError(owner, 'spec', 'the run record has no spec: it was not started from a run spec (startRun, the training CLI and the Studio keep it in the record)', { path: ['spec'] });
    }
    record = input;
    spec = input.spec as unknown as RunSpec;
  } else spec = input as unknown as RunSpec;
  if (dtype !== undefined) {
    if (!isDType(dtype)) throw new OptionError(owner, 'dtype', `must be 'float32' or 'float64', got ${describeValue(dtype)}`, { value: dtype });
    spec = { ...spec, dtype: dtype as DType };
  }
  const fromData = isObject(spec.data) && typeof spec.data.preset === 'string' ? spec.data.preset : 'descent-run';
  const name = typeof spec.name === 'string' && spec.name ? spec.name : (record?.name ?? fromData);
  return { spec, record, name };
}

/** A name usable as a file name and as a Python/TS identifier-free string: letters, digits, '.', '_', '-'. */
export function safeFileName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '');
  return s || 'descent-run';
}
