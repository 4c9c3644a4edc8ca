import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { ROOT, libExamples, packAndRun, readmeExamples, syncReadme } from '../src/pack.js';
import { PACKED_LIBS } from '../src/libs.js';

const readme = (lib: string) => readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8');

describe('README examples', () => {
  it('takes only ```ts example <file> blocks, in order, with their full code', () => {
    const md = [
      '# x', '```ts', 'not an example', '```', '```ts example a.ts', 'console.log(1);', '', 'console.log(2);', '```',
      '```js example', 'old form, not taken', '```', '```ts example examples/b.ts more words', 'console.log(3);', '```',
    ].join('\n');
    const ex = readmeExamples('lib', md);
    expect(ex.map((e) => [e.file, e.code])).toEqual([['a.ts', 'console.log(1);\n\nconsole.log(2);\n'], ['b.ts', 'console.log(3);\n']]);
  });

  it('syncReadme puts the files in the blocks and refuses a block naming no file', () => {
    const md = 'intro\n```ts example a.ts\nstale\n```\nend\n';
    expect(syncReadme('lib', md, [{ lib: 'lib', file: 'a.ts', code: 'fresh();\n' }])).toBe('intro\n```ts example a.ts\nfresh();\n```\nend\n');
    expect(() => syncReadme('lib', md, [])).toThrow('pack-test: libs/lib/README.md shows examples/a.ts, which does not exist');
  });

  it.each(PACKED_LIBS)('libs/%s: the README shows examples that are the shipped files, verbatim, and names every example', (lib) => {
    const shown = readmeExamples(lib);
    expect(shown.length).toBeGreaterThan(0);
    for (const e of shown) expect(e.code).toMatch(/from '@descent\//);
    // Run `npm run examples:sync` after editing an example.
    expect(syncReadme(lib, readme(lib)), `libs/${lib}/README.md is out of date: npm run examples:sync`).toBe(readme(lib));
    for (const f of libExamples(lib)) expect(readme(lib), `libs/${lib}/README.md names examples/${f.file}`).toContain(f.file);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'libs', lib, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('examples');
  });

  it.each(PACKED_LIBS)('libs/%s/README.md links absolutely (a relative link breaks on the registry page)', (lib) => {
    const links = [...readme(lib).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    for (const l of links) expect(l, `link ${l}`).toMatch(/^(https:\/\/|#)/);
  });
});

describe('npm pack → install → type-check → run', () => {
  it(`packs ${PACKED_LIBS.join(', ')}, installs the tarballs together, type-checks every shipped example strictly and runs it`, () => {
    const r = packAndRun({ libs: PACKED_LIBS });
    const expected = PACKED_LIBS.flatMap((l) => libExamples(l).map((e) => `${l}/${e.file}`));
    expect(Object.keys(r.outputs).sort()).toEqual(expected.sort());
    expect(r.outputs['train/digits.ts']).toMatch(/test accuracy (8[5-9]|9\d)\.\d%/);
    for (const lib of PACKED_LIBS) expect(r.tarballs[lib]).toMatch(/\.tgz$/);
  }, 300_000);

  it('fails, naming the file and the error, when an example does not type-check or throws', () => {
    const typo = { lib: 'core-tensor', file: 'typo.ts', code: "import { tensor } from '@descent/core-tensor';\nconst n: string = tensor([1, 2]).size;\nconsole.log(n);\n" };
    expect(() => packAndRun({ libs: ['core-tensor'], examples: [typo] })).toThrow(/typo\.ts\(2,7\): error TS2322: Type 'number' is not assignable to type 'string'/);
    const bad = { lib: 'core-tensor', file: 'bad.ts', code: "import { tensor } from '@descent/core-tensor';\nif (tensor([1, 2]).size !== 3) throw new Error('wrong size on purpose');\n" };
    expect(() => packAndRun({ libs: ['core-tensor'], examples: [bad] })).toThrow(/pack-test: `\S*node examples\/core-tensor\/bad\.ts` failed[\s\S]*wrong size on purpose/);
  }, 240_000);

  it('rejects unknown libraries', () => {
    expect(() => packAndRun({ libs: ['no-such-lib'] })).toThrow(/unknown library "no-such-lib"/);
  });
});
