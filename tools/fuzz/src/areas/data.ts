import fc from 'fast-check';
import { isDescentError } from '@descent/core-tensor';
import { CsvError, DATASET_IDS, getPreset, inspectCsv, makeDataset, parseCsv, presetOptions, type Dataset } from '@descent/data';
import { draw, type Area } from '../area.js';
import { check, type FuzzCase } from '../outcome.js';
import { csvArb } from '../csv-gen.js';
import { expectFinite, show } from '../gen.js';
import { nameArb, optionsArb, optionsVerdict, verdict } from '../options-gen.js';

// @descent/data: preset options, and CSV content (random bytes, wrong delimiters, quotes, BOM, huge cells,
// NaN cells, ragged rows).

/** What every dataset must satisfy: finite x and y of matching rows, labels within the classes. */
function checkDataset(ds: Dataset, rows: number | null, features: number | null, what: string): void {
  check(ds.x.rank === 2 && ds.y.rank === 2, `${what}: x [${ds.x.shape}], y [${ds.y.shape}]`);
  if (rows !== null) check(ds.x.shape[0] === rows, `${what}: ${ds.x.shape[0]} rows, expected ${rows}`);
  if (features !== null) check(ds.x.shape[1] === features, `${what}: ${ds.x.shape[1]} features, expected ${features}`);
  check(ds.y.shape[0] === ds.x.shape[0], `${what}: x has ${ds.x.shape[0]} rows, y ${ds.y.shape[0]}`);
  expectFinite(ds.x, `${what} x`);
  expectFinite(ds.y, `${what} y`);
  if (ds.task !== 'regression') {
    const k = ds.numClasses ?? 0;
    check(k >= 2 && ds.labels !== undefined && ds.labels.length === ds.x.shape[0], `${what}: ${k} classes, labels ${ds.labels?.length}`);
    for (const l of ds.labels!) check(l >= 0 && l < k, `${what}: label ${l} outside 0..${k - 1}`);
  }
}

/** A refused CSV must say so briefly: one problem per line, no cell quoted at length. */
function checkCsvMessage(e: unknown): void {
  if (!(e instanceof CsvError)) return;
  check(e.message.length < 3000, `CsvError message of ${e.message.length} characters`);
  for (const p of e.problems) check(p.message.length < 400, `a CSV problem of ${p.message.length} characters: ${p.message.slice(0, 120)}…`);
}

function presetCase(): fc.Arbitrary<FuzzCase> {
  return nameArb(DATASET_IDS).chain((id) => {
    const known = typeof id === 'string' && (DATASET_IDS as readonly string[]).includes(id);
    const metas = known ? presetOptions(getPreset(id as string)) : [];
    return optionsArb(metas).map((opts): FuzzCase => ({
      what: `makeDataset(${show(id)}, ${show(opts.options, 160)})`,
      valid: verdict(known, optionsVerdict(opts)),
      names: [String(id), 'dataset', 'preset'],
      run() {
        const ds = makeDataset(id as string, opts.options as never);
        const p = getPreset(id as string);
        const n = opts.options.n as number | undefined;
        checkDataset(ds, p.synthetic ? (n ?? p.defaultN) : null, p.inputDim, String(id));
        check(ds.task === p.task, `${String(id)}: task ${ds.task}, expected ${p.task}`);
      },
    }));
  });
}

function csvCase(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(csvArb, fc.boolean(), fc.constantFrom('none', 'none', 'features', 'task', 'badOption')).map(([csv, giveDelimiter, extra]): FuzzCase => {
    const options: Record<string, unknown> = { targetColumn: csv.target };
    if (giveDelimiter || csv.mutations.includes('wrongDelimiter')) options.delimiter = csv.delimiter;
    if (extra === 'features') options.featureColumns = [...csv.features].reverse();
    if (extra === 'task') options.task = csv.kind === 'regression' ? 'regression' : 'multiclass';
    if (extra === 'badOption') options[['maxErrors', 'labels', 'delimiter', 'featureColumns'][csv.rows % 4]] = [0, 'dense', '""', ['y']][csv.rows % 4];
    return {
      what: `parseCsv(${show(csv.text, 80)} [${csv.kind}, ${csv.rows} rows, ${csv.mutations.join('+') || 'clean'}], ${show(options)})`,
      valid: verdict(csv.valid, extra === 'badOption' ? false : true),
      names: ['csv', 'parseCsv', 'line'],
      run() {
        try {
          // The lenient look first: it may refuse only a missing or broken header, or a non-text file.
          inspectCsv(csv.text);
        } catch (e) {
          checkCsvMessage(e);
          if (!isDescentError(e)) throw e;
        }
        let ds: Dataset;
        try {
          ds = parseCsv(csv.text, options as never);
        } catch (e) {
          checkCsvMessage(e);
          if (e instanceof CsvError) check(e.problems.length > 0 && e.problems.every((p) => p.message.includes(`line ${p.line}`) || p.line === 0), 'a CSV problem without its line');
          throw e;
        }
        checkDataset(ds, csv.valid === true ? csv.rows : null, csv.features.length, 'parseCsv');
        if (csv.valid === true) {
          const cols = (options.featureColumns as string[] | undefined) ?? csv.features;
          (ds.x.toArray() as number[][]).forEach((row, r) =>
            row.forEach((v, j) => check(v === csv.values[r][csv.features.indexOf(cols[j])], `parseCsv: x[${r}][${j}] = ${v}, expected ${csv.values[r][csv.features.indexOf(cols[j])]}`)),
          );
          const classes = csv.kind === 'binary' ? 2 : Math.min(3, csv.rows);
          if (extra !== 'task') check(ds.task === (csv.kind === 'regression' ? 'regression' : classes === 2 ? 'binary' : 'multiclass'), `parseCsv: task ${ds.task} for a ${csv.kind} target`);
          if (ds.task !== 'regression') check(ds.numClasses === classes, `parseCsv: ${ds.numClasses} classes, expected ${classes}`);
        }
      },
    };
  });
}

const area = (name: string, count: number, arb: () => fc.Arbitrary<FuzzCase>): Area => {
  let cached: fc.Arbitrary<FuzzCase> | null = null;
  return { name, count, timeoutMs: 3000, make: (seed) => draw((cached ??= arb()), seed) };
};

export const DATA_AREAS: readonly Area[] = [area('data-presets', 300, presetCase), area('data-csv', 500, csvCase)];
