import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OptionError, formatPath, isDescentError } from '@descent/core-tensor';
import { parseRunSpecJson, runSpecProblems, type RunSpec } from '@descent/train';

// A spec file is a @descent/train RunSpec as JSON, the same document the Studio saves ("Save setup…").
// The library validates it; this file reads it (BOM, CSV paths relative to the spec) and turns the first
// problem into one line naming the field. Files in the CLI's earlier flat format are converted on read
// (by @descent/train's parseRunSpecJson).

/** A spec problem: `field` is the dotted path of the field in the spec ("optimizer.options.lr", "model.layers[2].units"). */
export class SpecError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'SpecError';
  }
}

/** Values in messages are cut short: a 1 MB CSV cell must not become a 1 MB error line. */
export const clip = (s: string, max = 300): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export interface LoadedSpec {
  spec: RunSpec;
  /** Reads the spec's CSV path relative to the spec file. */
  readText: (path: string) => string;
  /** The file used the earlier flat format. */
  legacy: boolean;
}

/** Parse and validate a spec file's text; throws ONE SpecError naming the field. */
export function parseSpec(text: string, specPath: string): LoadedSpec {
  let parsed: ReturnType<typeof parseRunSpecJson>;
  try {
    parsed = parseRunSpecJson(text);
  } catch (e) {
    throw new SpecError('(spec)', clip((e as OptionError).reason));
  }
  const { spec, legacy } = parsed;
  const dir = dirname(specPath);
  const readText = (p: string): string => {
    const full = resolve(dir, p);
    try {
      if (!statSync(full).isFile()) throw new Error('not a file');
      return readFileSync(full, 'utf8');
    } catch {
      // An OptionError at data.csv.path: runSpecProblems reports it as that field's problem.
      throw new OptionError('data', 'csv', `file not found: ${full}`, { path: ['data', 'csv', 'path'], value: p });
    }
  };
  const problems = runSpecProblems(spec, { readText }); // a missing CSV file is a problem at data.csv.path
  if (problems.length) {
    const p = problems[0];
    throw new SpecError(formatPath(p.path) || '(spec)', clip(p.reason));
  }
  return { spec: spec as RunSpec, readText, legacy };
}

/** A library error met after validation (while loading the data), as a SpecError. */
export function asSpecError(e: unknown): SpecError | null {
  if (e instanceof SpecError) return e;
  if (isDescentError(e)) return new SpecError(formatPath(e.path) || e.owner, clip(e.reason));
  return null;
}
