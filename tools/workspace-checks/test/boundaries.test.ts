import { describe, it, expect } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// The dependency direction (core-tensor ← autodiff ← layers/losses; optimizers, schedulers and
// data never reach up) is a lint rule; this proves the rule fires, so a green lint means something.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return r.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each([
    ['libs/core-tensor/src/probe.ts', '@descent/autodiff'],
    ['libs/schedulers/src/probe.ts', '@descent/data'],
    ['libs/optimizers/src/probe.ts', '@descent/layers'],
    ['libs/autodiff/src/probe.ts', '@descent/losses'],
    ['libs/layers/src/probe.ts', '@descent/train'],
    ['libs/train/src/probe.ts', '@descent/export'],
  ])('%s may not import %s', async (file, dep) => {
    const msgs = await lint(file, `import * as X from '${dep}';\nexport const y = X;\n`);
    expect(msgs.length).toBeGreaterThan(0);
  }, 60_000);

  it('allows downward imports', async () => {
    expect(await lint('libs/layers/src/probe.ts', `import * as X from '@descent/autodiff';\nexport const y = X;\n`)).toEqual([]);
    expect(await lint('libs/optimizers/src/probe.ts', `import * as X from '@descent/core-tensor';\nexport const y = X;\n`)).toEqual([]);
    expect(await lint('libs/export/src/probe.ts', `import * as X from '@descent/train';\nexport const y = X;\n`)).toEqual([]);
    expect(await lint('tools/train-cli/src/probe.ts', `import * as X from '@descent/export';\nexport const y = X;\n`)).toEqual([]);
  }, 60_000);
});
