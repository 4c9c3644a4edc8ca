import { describe, it, expect } from 'vitest';
import { packAndRun, readmeExamples } from '../src/pack.js';
import { PACKED_LIBS } from '../src/libs.js';

describe('README example extraction', () => {
  it('takes only ```js example blocks, in order, with their full code', () => {
    const md = [
      '# x', '```js', 'not an example', '```', '```js example', 'console.log(1);', '', 'console.log(2);', '```',
      '```ts example', 'typescript is not run', '```', '```js example threads', 'console.log(3);', '```',
    ].join('\n');
    const ex = readmeExamples('lib', md);
    expect(ex.map((e) => e.code)).toEqual(['console.log(1);\n\nconsole.log(2);\n', 'console.log(3);\n']);
    expect(ex.map((e) => e.index)).toEqual([1, 2]);
  });

  it.each(PACKED_LIBS)('libs/%s/README.md has at least one example', (lib) => {
    const ex = readmeExamples(lib);
    expect(ex.length).toBeGreaterThan(0);
    for (const e of ex) expect(e.code).toMatch(/from '@descent\//);
  });
});

describe('npm pack → install → run', () => {
  it(`packs ${PACKED_LIBS.join(', ')}, installs the tarballs together and runs every README example`, () => {
    const r = packAndRun({ libs: PACKED_LIBS });
    const expected = PACKED_LIBS.flatMap((l) => readmeExamples(l).map((e) => `${l}#${e.index}`));
    expect(Object.keys(r.outputs).sort()).toEqual(expected.sort());
    for (const lib of PACKED_LIBS) expect(r.tarballs[lib]).toMatch(/\.tgz$/);
  }, 120_000);

  it('fails, naming the command and the error, when an example throws', () => {
    const bad = { lib: 'core-tensor', index: 1, code: "import { tensor } from '@descent/core-tensor';\nif (tensor([1, 2]).size !== 3) throw new Error('wrong size on purpose');\n" };
    expect(() => packAndRun({ libs: ['core-tensor'], examples: [bad] })).toThrow(/pack-test: `\S*node \S*example-core-tensor-1\.mjs` failed[\s\S]*wrong size on purpose/);
  }, 120_000);

  it('rejects unknown libraries', () => {
    expect(() => packAndRun({ libs: ['no-such-lib'] })).toThrow(/unknown library "no-such-lib"/);
  });
});
