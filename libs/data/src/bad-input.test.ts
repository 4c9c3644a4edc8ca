// Refusals of @descent/data are DescentErrors naming the function and the option (found by the fuzz suite).
import { describe, expect, it } from 'vitest';
import { DataError, OptionError } from '@descent/core-tensor';
import { loadDataset, makeDataset, parseCsv, trainTestSplit } from './index.js';

describe('data refusals are DescentErrors', () => {
  it('trainTestSplit and the generators refuse with OptionErrors (they were plain Errors)', () => {
    const ds = makeDataset('xor', { n: 10 });
    expect(() => trainTestSplit(ds, { testFraction: 2 })).toThrow(OptionError);
    expect(() => trainTestSplit(ds, { testFraction: 2 })).toThrow(/^trainTestSplit: testFraction must be a number in \(0, 1\), got 2$/);
    expect(() => trainTestSplit(ds, { testFraction: 0.5, seed: 2 ** 53 })).toThrow(/^trainTestSplit: seed must be an integer, got 9007199254740992$/);
    expect(() => trainTestSplit(makeDataset('xor', { n: 1 }), { testFraction: 0.5 })).toThrow(DataError);
    expect(() => trainTestSplit(makeDataset('linear', { n: 10 }), { testFraction: 0.5, stratify: true })).toThrow(/^trainTestSplit: stratify needs a classification dataset/);
  });

  it('parseCsv options are OptionErrors naming the option', () => {
    for (const [options, message] of [
      [{ targetColumn: '' }, /^parseCsv: targetColumn must be a column name/],
      [{ targetColumn: 'y', featureColumns: 'x' }, /^parseCsv: featureColumns must be an array of column names/],
      [{ targetColumn: 'y', task: 'ranking' }, /^parseCsv: task must be one of binary, multiclass, regression/],
      [{ targetColumn: 'y', delimiter: '""' }, /^parseCsv: delimiter must be one character/],
      [{ targetColumn: 'y', maxErrors: 0 }, /^parseCsv: maxErrors must be a positive integer/],
      [{ targetColumn: 'y', featureColumns: [] }, /^parseCsv: featureColumns is empty/],
    ] as const) {
      expect(() => parseCsv('x,y\n1,0\n2,1\n', options as never)).toThrow(OptionError);
      expect(() => parseCsv('x,y\n1,0\n2,1\n', options as never)).toThrow(message);
    }
  });

  it("a reader's own failure is an OptionError at data.csv.path", () => {
    const read = () => {
      throw new Error('ENOENT: no such file or directory');
    };
    let err: unknown;
    try {
      loadDataset({ csv: { path: 'gone.csv', target: 'y' } }, { readText: read });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).path).toEqual(['data', 'csv', 'path']);
    expect((err as OptionError).message).toBe('data: csv path "gone.csv" cannot be read: ENOENT: no such file or directory');
    expect(() => loadDataset({ csv: { path: 'x.csv', target: 'y' } }, { readText: () => 42 as never })).toThrow(/the reader returned 42, not text/);
  });
});
