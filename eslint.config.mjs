// Flat ESLint config. The one rule that matters most: dependencies point downward only,
// enforced with Nx module boundaries over the tags set in each package.json ("nx.tags").
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/out/**', '**/node_modules/**', '**/*.generated.ts', '**/.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.vue'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:tensor', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'layer:autodiff', onlyDependOnLibsWithTags: ['layer:tensor'] },
            { sourceTag: 'layer:nn', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:autodiff'] },
            { sourceTag: 'layer:optim', onlyDependOnLibsWithTags: ['layer:tensor'] },
            { sourceTag: 'layer:data', onlyDependOnLibsWithTags: ['layer:tensor'] },
            { sourceTag: 'layer:train', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:autodiff', 'layer:nn', 'layer:optim', 'layer:data'] },
            { sourceTag: 'layer:export', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:autodiff', 'layer:nn', 'layer:optim', 'layer:data', 'layer:train'] },
            { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:autodiff', 'layer:nn', 'layer:optim', 'layer:data', 'layer:train', 'layer:export'] },
            { sourceTag: 'layer:tool', onlyDependOnLibsWithTags: ['layer:tensor', 'layer:autodiff', 'layer:nn', 'layer:optim', 'layer:data', 'layer:train', 'layer:export'] },
          ],
        },
      ],
    },
  },
  {
    // Shipped examples are consumer code: they import @descent packages by name, their own included, as a
    // user would. An example that closed a cycle (importing a package that depends on its own) is still
    // reported, at the library import on the other side of the cycle.
    files: ['libs/*/examples/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The layers' backprop-by-the-equations test checks its loss gradients against @descent/losses' autodiff
    // losses, a sibling of the same tier; only that test file may reach sideways, the library never does.
    files: ['libs/layers/src/backprop.test.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
