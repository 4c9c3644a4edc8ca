import { describe, expect, it } from 'vitest';
import { pyComment, pyFloat, pyString, pyTuple, pyValue, pythonRepr } from './python.js';

describe('pythonRepr', () => {
  // Each pair is [value, what Python 3 prints for repr(value)].
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-5, '1.5e-05'],
    [1e-8, '1e-08'],
    [123456789.125, '123456789.125'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.2345e20, '1.2345e+20'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s → %s', (v, want) => {
    expect(pythonRepr(v)).toBe(want);
  });

  it('round-trips: the text parses back to the same double', () => {
    for (const v of [Math.PI, 2 / 3, 1e-300, 6.02214076e23, 0.69314718055994531, 3.0000000000000004]) expect(Number(pythonRepr(v))).toBe(v);
  });
});

describe('Python literals', () => {
  it('writes floats, non-finite floats, integers where asked, booleans, None, strings, lists and tuples', () => {
    expect(pyFloat(2)).toBe('2.0');
    expect(pyFloat(Infinity)).toBe("float('inf')");
    expect(pyValue(10, true)).toBe('10');
    expect(pyValue(10)).toBe('10.0');
    expect(pyValue(true)).toBe('True');
    expect(pyValue(null)).toBe('None');
    expect(pyValue([30, 80], true)).toBe('[30, 80]');
    expect(pyTuple([0.9, 0.999])).toBe('(0.9, 0.999)');
    expect(pyString("it's a \\ test\n")).toBe("'it\\'s a \\\\ test\\n'");
    expect(pyString('é')).toBe("'\\u00e9'");
    expect(pyComment('a\n\nb', '  ')).toBe('  # a\n  #\n  # b');
  });
});
