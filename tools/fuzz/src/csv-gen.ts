import fc from 'fast-check';

// CSV text for the data, fit and CLI areas: a well-formed table, then mutations (random bytes, wrong
// delimiters, quotes, BOM, huge cells, NaN cells, ragged rows, blank lines, CRLF) that say whether the
// result must be refused.

export type CsvTarget = 'binary' | 'classes' | 'regression';

export interface GeneratedCsv {
  text: string;
  target: string;
  features: string[];
  /** true: a clean table, must parse; false: must be refused; undefined: either (text mutations that may survive). */
  valid: boolean | undefined;
  /** The clean table's values (rows × features), when valid is true. */
  values: number[][];
  kind: CsvTarget;
  rows: number;
  delimiter: string;
  mutations: string[];
}

const MUTATIONS = ['nan', 'inf', 'empty', 'text', 'ragged', 'quote', 'bom', 'crlf', 'blank', 'huge', 'binary', 'random', 'wrongDelimiter', 'quoted', 'dupHeader', 'noRows'] as const;
type Mutation = (typeof MUTATIONS)[number];

/** Which mutations make a file unreadable (refused), which keep it readable, which may go either way. */
const VERDICT: Record<Mutation, boolean | undefined> = {
  nan: false, inf: false, empty: false, text: false, ragged: false, quote: undefined, huge: false, dupHeader: false, noRows: false,
  bom: true, crlf: true, blank: true, quoted: true,
  binary: undefined, random: undefined, wrongDelimiter: undefined,
};

export const csvArb: fc.Arbitrary<GeneratedCsv> = fc
  .record({
    k: fc.integer({ min: 1, max: 4 }),
    rows: fc.integer({ min: 2, max: 12 }),
    kind: fc.constantFrom<CsvTarget>('binary', 'classes', 'regression'),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.uniqueArray(fc.constantFrom(...MUTATIONS), { minLength: 1, maxLength: 2 }) }),
    seedCells: fc.array(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 1000) / 1000), { minLength: 60, maxLength: 60 }),
    at: fc.nat(1000),
    hugeSize: fc.integer({ min: 100_000, max: 1_000_000 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 400 }),
    random: fc.string({ unit: 'binary', maxLength: 300 }),
  })
  .map(({ k, rows, kind, delimiter, mutations, seedCells, at, hugeSize, bytes, random }) => {
    const features = Array.from({ length: k }, (_, j) => `x${j}`);
    const values = Array.from({ length: rows }, (_, r) => features.map((_, j) => seedCells[(r * k + j) % seedCells.length]));
    const classes = ['cat', 'dog', 'emu'];
    const targets = values.map((row, r) => (kind === 'binary' ? String(r % 2) : kind === 'classes' ? classes[r % 3] : String(row[0] * 2 + 1)));
    let header = [...features, 'y'];
    let lines = values.map((row, r) => [...row.map(String), targets[r]]);
    const cell = (r: number, j: number) => [(r + at) % rows, j % (k + 1)] as const;
    let text: string;
    // Bytes in front of the header (or random text instead of the table) can undo any other mutation: either outcome.
    const valid: boolean | undefined = mutations.includes('binary') || mutations.includes('random') ? undefined
      : mutations.reduce<boolean | undefined>((v, m) => (v === false || VERDICT[m] === false ? false : v === undefined || VERDICT[m] === undefined ? undefined : true), true);
    let useDelimiter = delimiter;
    // Row mutations first; 'noRows' (which empties the table) last.
    for (const m of [...mutations.filter((x) => x !== 'noRows'), ...mutations.filter((x) => x === 'noRows')]) {
      const [r, j] = cell(at, at);
      if (m === 'nan') lines[r][j] = 'NaN';
      if (m === 'inf') lines[r][j] = '-Infinity';
      if (m === 'empty') lines[r][j] = '';
      if (m === 'text') lines[r][Math.min(j, k - 1)] = 'abc';
      if (m === 'ragged') lines[r] = r % 2 ? lines[r].slice(1) : [...lines[r], '9'];
      if (m === 'huge') lines[r][Math.min(j, k - 1)] = `${'7'.repeat(hugeSize)}${at % 2 ? 'x' : 'e9999'}`;
      if (m === 'quoted') lines = lines.map((l) => l.map((c) => `"${c}"`));
      if (m === 'quote') lines[r][j] = `"${lines[r][j]}`;
      if (m === 'dupHeader') header = header.map((h, i) => (i === 1 % header.length ? header[0] : h));
      if (m === 'noRows') lines = [];
      if (m === 'wrongDelimiter') useDelimiter = delimiter === ',' ? ';' : ',';
    }
    text = [header, ...lines].map((l) => l.join(delimiter)).join('\n') + '\n';
    if (mutations.includes('blank')) text = text.replace('\n', '\n\n   \n');
    if (mutations.includes('crlf')) text = text.replace(/\n/g, '\r\n');
    if (mutations.includes('bom')) text = `\uFEFF${text}`;
    if (mutations.includes('binary')) text = Array.from(bytes, (b) => String.fromCharCode(b)).join('') + text;
    if (mutations.includes('random')) text = random;
    return { text, target: 'y', features, valid, values, kind, rows: mutations.includes('noRows') ? 0 : rows, delimiter: useDelimiter, mutations };
  });
