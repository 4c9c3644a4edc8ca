import { describe, expect, it } from 'vitest';
import { DataError, DescentError, OptionError } from '@descent/core-tensor';
import { parseCsv, inspectCsv, inferTask, CsvError, type CsvProblem } from './index.js';

function problemsOf(fn: () => unknown): { err: CsvError; problems: readonly CsvProblem[] } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return { err: e as CsvError, problems: (e as CsvError).problems };
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv good path', () => {
  it('reads quoted fields, CRLF, BOM and selects features by name in the given order', () => {
    const text = '\uFEFFid,"x 1",x2,species\r\n1,0.5,"-2e1",setosa\r\n2,"1.25",3,"vir, ginica"\r\n3,.5,+4,setosa\r\n';
    const ds = parseCsv(text, { featureColumns: ['x2', 'x 1'], targetColumn: 'species', name: 'flowers' });
    expect(ds.name).toBe('flowers');
    expect(ds.featureNames).toEqual(['x2', 'x 1']);
    expect(ds.x.toArray()).toEqual([[-20, 0.5], [3, 1.25], [4, 0.5]]);
    expect(ds.task).toBe('binary');
    expect(ds.classNames).toEqual(['setosa', 'vir, ginica']);
    expect(Array.from(ds.labels!)).toEqual([0, 1, 0]);
    expect(ds.y.toArray()).toEqual([[0], [1], [0]]);
    expect(ds.x.dtype).toBe('float64');
  });

  it('maps class labels in sorted order, not first appearance; one-hot or index targets', () => {
    const text = 'a,b,label\n1,2,cherry\n3,4,apple\n5,6,banana\n7,8,apple\n';
    const onehot = parseCsv(text, { targetColumn: 'label' });
    expect(onehot.task).toBe('multiclass');
    expect(onehot.featureNames).toEqual(['a', 'b']);
    expect(onehot.classNames).toEqual(['apple', 'banana', 'cherry']);
    expect(Array.from(onehot.labels!)).toEqual([2, 0, 1, 0]);
    expect(onehot.targetEncoding).toBe('onehot');
    expect(onehot.targetNames).toEqual(['apple', 'banana', 'cherry']);
    expect(onehot.y.toArray()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]);
    const index = parseCsv(text, { targetColumn: 'label', labels: 'index' });
    expect(index.targetEncoding).toBe('index');
    expect(index.y.toArray()).toEqual([[2], [0], [1], [0]]);
    expect(Array.from(index.labels!)).toEqual([2, 0, 1, 0]);
  });

  it('sorts numeric class labels numerically and merges 1 / 1.0', () => {
    const ds = parseCsv('x,c\n1,10\n2,2\n3,1.0\n4,1\n', { targetColumn: 'c', task: 'multiclass' });
    expect(ds.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(ds.labels!)).toEqual([2, 1, 0, 0]);
  });

  it('infers the task: numeric → regression, 0/1 → binary, strings → classes; task can be forced', () => {
    expect(parseCsv('x,y\n1,0.5\n2,3\n3,0\n', { targetColumn: 'y' }).task).toBe('regression');
    const bin = parseCsv('x,y\n1,1\n2,0\n3,1\n', { targetColumn: 'y' });
    expect(bin.task).toBe('binary');
    expect(bin.y.toArray()).toEqual([[1], [0], [1]]);
    const reg = parseCsv('x,y\n1,1\n2,0\n3,2\n', { targetColumn: 'y' });
    expect(reg.task).toBe('regression');
    expect(reg.y.toArray()).toEqual([[1], [0], [2]]);
    expect(reg.targetNames).toEqual(['y']);
    expect(parseCsv('x,y\n1,1\n2,0\n3,2\n', { targetColumn: 'y', task: 'multiclass' }).numClasses).toBe(3);
  });

  it('skips blank lines but keeps counting them for line numbers', () => {
    const ds = parseCsv('\nx,y\n\n1,a\n\n2,b\n\n', { targetColumn: 'y' });
    expect(ds.x.toArray()).toEqual([[1], [2]]);
    const { problems } = problemsOf(() => parseCsv('\nx,y\n\n1,a\n\nq,b\n', { targetColumn: 'y' }));
    expect(problems[0].line).toBe(6);
  });

  it('supports another delimiter', () => {
    expect(parseCsv('x;y\n1,5;a\n2;b\n'.replace('1,5', '1.5'), { targetColumn: 'y', delimiter: ';' }).x.toArray()).toEqual([[1.5], [2]]);
  });
});

describe('parseCsv rejects junk rows with line numbers', () => {
  const head = 'x1,x2,label\n';

  it.each([
    ['wrong field count', '1,2,a\n1,2\n', { line: 3, reason: 'field-count' }, 'line 3: expected 3 fields, got 2'],
    ['too many fields', '1,2,a\n1,2,a,9\n', { line: 3, reason: 'field-count' }, 'line 3: expected 3 fields, got 4'],
    ['non-numeric', '1,2,a\n1,abc,b\n', { line: 3, reason: 'non-numeric', column: 'x2', value: 'abc' }, 'line 3: non-numeric value "abc" in column "x2"'],
    ['comma decimal', '1,"2,5",a\n', { line: 2, reason: 'non-numeric', column: 'x2' }, 'line 2: non-numeric value "2,5" in column "x2"'],
    ['hex', '0x1F,2,a\n', { line: 2, reason: 'non-numeric', column: 'x1' }, 'non-numeric value "0x1F" in column "x1"'],
    ['empty feature', '1,2,a\n,2,b\n', { line: 3, reason: 'empty-value', column: 'x1' }, 'line 3: empty value in column "x1"'],
    ['blank feature', '1, ,a\n', { line: 2, reason: 'empty-value', column: 'x2' }, 'line 2: empty value in column "x2"'],
    ['empty label', '1,2,a\n1,2,\n', { line: 3, reason: 'empty-value', column: 'label' }, 'line 3: empty value in column "label"'],
    ['NaN', '1,NaN,a\n', { line: 2, reason: 'non-finite', column: 'x2', value: 'NaN' }, 'line 2: non-finite value "NaN" in column "x2"'],
    ['Infinity', '1,2,a\n3,4,b\n-Infinity,2,a\n', { line: 4, reason: 'non-finite', column: 'x1' }, 'line 4: non-finite value "-Infinity" in column "x1"'],
    ['overflow', '1e999,2,a\n', { line: 2, reason: 'non-finite', column: 'x1' }, 'non-finite value "1e999" in column "x1"'],
    ['unterminated quote', '1,2,a\n1,2,"b\n', { line: 3, reason: 'quotes' }, 'line 3: quoted field unterminated'],
  ])('%s', (_name, body, expected, message) => {
    const { err, problems } = problemsOf(() => parseCsv(head + body, { targetColumn: 'label' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(expected);
    expect(problems[0].message).toContain(message);
    expect(err.message).toContain(message);
  });

  it('counts lines of multi-line quoted fields and CRLF', () => {
    const text = 'x1,x2,label\r\n1,2,"two\r\nlines"\r\n1,x,b\r\n';
    const { problems } = problemsOf(() => parseCsv(text, { targetColumn: 'label' }));
    expect(problems).toEqual([expect.objectContaining({ line: 4, reason: 'non-numeric', value: 'x' })]);
  });

  it('rejects a non-numeric regression target', () => {
    const { problems } = problemsOf(() => parseCsv('x,y\n1,2\n2,oops\n', { targetColumn: 'y', task: 'regression' }));
    expect(problems[0]).toMatchObject({ line: 3, reason: 'non-numeric', column: 'y', value: 'oops' });
  });

  it('collects problems in line order, at most maxErrors, and counts the rest', () => {
    const body = Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? `${i},x,a` : `${i},2`)).join('\n');
    const { err, problems } = problemsOf(() => parseCsv(head + body, { targetColumn: 'label' }));
    expect(problems).toHaveLength(10);
    expect(err.totalProblems).toBe(25);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(problems[0].reason).toBe('non-numeric');
    expect(problems[1].reason).toBe('field-count');
    expect(err.message).toMatch(/25 problems/);
    expect(err.message).toMatch(/and 15 more/);
    const few = problemsOf(() => parseCsv(head + body, { targetColumn: 'label', maxErrors: 3 }));
    expect(few.problems).toHaveLength(3);
  });

  it('reports two bad values of one row separately', () => {
    const { problems } = problemsOf(() => parseCsv(head + 'a,b,c\n', { targetColumn: 'label' }));
    expect(problems.map((p) => p.column)).toEqual(['x1', 'x2']);
  });
});

describe('parseCsv file-level errors', () => {
  it('empty file', () => {
    expect(() => parseCsv('', { targetColumn: 'y' })).toThrow(/the CSV file is empty/);
    expect(() => parseCsv(' \n\r\n', { targetColumn: 'y' })).toThrow(CsvError);
  });

  it('header only', () => {
    const { problems } = problemsOf(() => parseCsv('x,y\n', { targetColumn: 'y' }));
    expect(problems[0]).toMatchObject({ reason: 'no-data', line: 1 });
    expect(problems[0].message).toMatch(/header but no data rows/);
  });

  it('duplicate and empty column names', () => {
    expect(() => parseCsv('x,y,x\n1,2,3\n', { targetColumn: 'y' })).toThrow(/duplicate column names: "x"/);
    expect(() => parseCsv('x,,y\n1,2,3\n', { targetColumn: 'y' })).toThrow(/empty column name at position 2/);
  });

  it('missing columns are named, with the available ones listed', () => {
    const { problems } = problemsOf(() => parseCsv('a,b,c\n1,2,3\n', { targetColumn: 'c', featureColumns: ['a', 'zz'] }));
    expect(problems[0].reason).toBe('missing-column');
    expect(problems[0].message).toBe('line 1: no column named "zz"; available columns: "a", "b", "c"');
    expect(() => parseCsv('a,b\n1,2\n', { targetColumn: 'target' })).toThrow(/no column named "target"/);
  });

  it('class-count and option errors', () => {
    expect(() => parseCsv('x,y\n1,a\n2,b\n3,c\n', { targetColumn: 'y', task: 'binary' })).toThrow(/exactly 2 classes in column "y", found 3/);
    expect(() => parseCsv('x,y\n1,a\n2,a\n', { targetColumn: 'y', task: 'multiclass' })).toThrow(/needs 2 to 1000 classes/);
    expect(() => parseCsv('x,y\n1,2\n', { targetColumn: 'y', featureColumns: ['x', 'y'] })).toThrow(/both the target and a feature/);
    expect(() => parseCsv('x,y\n1,2\n', { targetColumn: 'y', labels: 'hot' as 'onehot' })).toThrow(/labels must be 'onehot' or 'index'/);
    expect(() => parseCsv('x,y\n1,2\n', { targetColumn: 'y', task: 'ranking' as 'binary' })).toThrow(/task must be one of/);
    expect(() => parseCsv('x,y\n1,2\n', undefined as never)).toThrow(/targetColumn/);
  });
});

describe('inspectCsv', () => {
  it('returns header, first rows and numeric-column guesses without rejecting junk', () => {
    const text = 'id,x1,x2,species\n1,0.5,2,setosa\n2,,3,versicolor\n3,abc,4,setosa\n4,1,2\n5,1,5,virginica\n';
    const info = inspectCsv(text, { maxRows: 2 });
    expect(info.header).toEqual(['id', 'x1', 'x2', 'species']);
    expect(info.rows).toEqual([['1', '0.5', '2', 'setosa'], ['2', '', '3', 'versicolor']]);
    expect(info.rowCount).toBe(5);
    expect(info.malformedRows).toBe(1);
    expect(info.numericColumns).toEqual(['id', 'x2']);
    expect(info.suggestedTarget).toBe('species');
    const species = info.columns.find((c) => c.name === 'species')!;
    expect(species).toMatchObject({ numeric: false, distinct: 3, suggestedTask: 'multiclass' });
    expect(info.columns.find((c) => c.name === 'x1')!.empty).toBe(1);
  });

  it('throws for an empty file or a bad header, not for a header-only file', () => {
    expect(() => inspectCsv('')).toThrow(CsvError);
    expect(() => inspectCsv('a,a\n1,2\n')).toThrow(/duplicate/);
    expect(inspectCsv('a,b\n').rowCount).toBe(0);
  });
});

describe('delimiters and non-text files', () => {
  it('detects ; tab and | separated files', () => {
    for (const d of [';', '\t', '|']) {
      const text = ['a', 'b', 'y'].join(d) + '\n' + ['1', '2', '0'].join(d) + '\n' + ['3', '4', '1'].join(d) + '\n';
      const ins = inspectCsv(text);
      expect(ins.delimiter).toBe(d);
      expect(ins.header).toEqual(['a', 'b', 'y']);
      expect(parseCsv(text, { targetColumn: 'y' }).x.shape).toEqual([2, 2]);
    }
    // Decimal commas inside quotes do not fool it.
    expect(inspectCsv('a;b;y\n"1,5";2;0\n3;"4,25";1\n').delimiter).toBe(';');
    expect(inspectCsv('a,b,y\n1,2,0\n').delimiter).toBe(',');
  });
  it('says a binary file is not a text CSV file', () => {
    const png = '\uFFFDPNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001\u0000';
    expect(() => inspectCsv(png)).toThrow(/this is not a text CSV file/);
    const bin = Array.from({ length: 400 }, (_, i) => String.fromCharCode(i % 32 === 10 ? 65 : (i * 7) % 31 || 1)).join('');
    let reason = '';
    try {
      inspectCsv(bin);
    } catch (e) {
      reason = (e as CsvError).problems[0].reason;
    }
    expect(reason).toBe('not-text');
  });
});

describe('bad target cells and long values', () => {
  it('a NaN, infinite or non-numeric target cell is reported with its line and column, not counted as a class', () => {
    const nan = problemsOf(() => parseCsv('x,y\n1,0\n2,1\n3,NaN\n4,1\n', { targetColumn: 'y' }));
    expect(nan.problems).toEqual([{ line: 4, reason: 'non-finite', column: 'y', value: 'NaN', message: 'line 4: non-finite value "NaN" in column "y"' }]);
    expect(problemsOf(() => parseCsv('x,y\n1,0\n2,inf\n3,1\n', { targetColumn: 'y' })).problems[0]).toMatchObject({ line: 3, reason: 'non-finite', column: 'y' });
    const text = problemsOf(() => parseCsv('x,y\n1,0\n2,1\n3,abc\n4,0\n', { targetColumn: 'y' }));
    expect(text.problems[0]).toMatchObject({ line: 4, reason: 'non-numeric', column: 'y', value: 'abc' });
    expect(text.problems[0].message).toBe('line 4: non-numeric value "abc" in column "y" (the other target values are numbers)');
    // A regression target with a NaN as well; and a forced multiclass task still refuses NaN.
    expect(problemsOf(() => parseCsv('x,y\n1,0.5\n2,nan\n3,2.5\n', { targetColumn: 'y' })).problems[0]).toMatchObject({ line: 3, reason: 'non-finite' });
    expect(problemsOf(() => parseCsv('x,y\n1,a\n2,NaN\n3,b\n', { targetColumn: 'y', task: 'multiclass' })).problems[0]).toMatchObject({ line: 3, reason: 'non-finite' });
    // The inferred task ignores the bad cells: 0/1 with a NaN is still binary.
    expect(inferTask(['0', '1', 'NaN', '1', ''])).toBe('binary');
    expect(inferTask(['1', '0', 'abc', '0'])).toBe('binary');
    // Text labels stay classes.
    expect(parseCsv('x,y\n1,cat\n2,dog\n3,1\n', { targetColumn: 'y' }).numClasses).toBe(3);
  });

  it('CsvError is a DataError with the first problem\'s line and column', () => {
    const { err } = problemsOf(() => parseCsv('x,y\n1,0\n2,NaN\n', { targetColumn: 'y' }));
    expect(err).toBeInstanceOf(DataError);
    expect(err).toBeInstanceOf(DescentError);
    expect([err.owner, err.line, err.column, err.value]).toEqual(['csv', 3, 'y', 'NaN']);
    expect(err.message).toBe('CSV rejected:\nline 3: non-finite value "NaN" in column "y"');
    expect(() => parseCsv('x,y\n1,0\n', { targetColumn: 'x', featureColumns: ['x'] })).toThrow(/^parseCsv: featureColumns lists "x", the target column: a column cannot be both the target and a feature$/);
    expect(() => parseCsv('x,y\n1,0\n', null as never)).toThrow(OptionError);
    expect(() => parseCsv(42 as never, { targetColumn: 'y' })).toThrow(/^csv: text must be a string/);
  });

  it('a megabyte of digits followed by a letter is rejected in linear time (no regex backtracking)', () => {
    const t0 = performance.now();
    const { problems } = problemsOf(() => parseCsv(`x,y\n${'7'.repeat(1_000_000)}x,0\n1,1\n`, { targetColumn: 'y' }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(problems[0]).toMatchObject({ line: 2, reason: 'non-numeric', column: 'x' });
  });

  it('values in messages are cut short: a 1 MB cell is not echoed in full', () => {
    const huge = 'z'.repeat(1_000_000);
    const { err, problems } = problemsOf(() => parseCsv(`x,y\n${huge},0\n1,1\n`, { targetColumn: 'y' }));
    expect(problems[0].message.length).toBeLessThan(150);
    expect(problems[0].message).toMatch(/^line 2: non-numeric value "z{50,}…" in column "x"$/);
    expect(problems[0].value).toBe(huge); // the value itself is kept for callers
    expect(err.message.length).toBeLessThan(200);
    const header = problemsOf(() => parseCsv(`x,${huge}\n1,2\n`, { targetColumn: 'nope' }));
    expect(header.problems[0].message.length).toBeLessThan(300);
    const dup = problemsOf(() => parseCsv(`${huge},${huge}\n1,2\n`, { targetColumn: 'y' }));
    expect(dup.problems[0].message.length).toBeLessThan(200);
    const classes = problemsOf(() => parseCsv(`x,y\n1,${huge}a\n2,${huge}b\n3,${huge}c\n`, { targetColumn: 'y', task: 'binary' }));
    expect(classes.problems[0].message.length).toBeLessThan(600);
  });
});
