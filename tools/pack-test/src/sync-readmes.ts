// Usage: npm run examples:sync — rewrites every ```ts example <file> block of libs/*/README.md from
// libs/<lib>/examples/<file>, so a README shows exactly the code the pack test type-checks and runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, syncReadme } from './pack.js';
import { PACKED_LIBS } from './libs.js';

for (const lib of PACKED_LIBS) {
  const path = join(ROOT, 'libs', lib, 'README.md');
  const before = readFileSync(path, 'utf8');
  const after = syncReadme(lib, before);
  if (after !== before) writeFileSync(path, after);
  console.log(`${after === before ? 'unchanged' : 'updated  '} libs/${lib}/README.md`);
}
