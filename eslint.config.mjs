import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Dependencies point inward (contracts ← domain ← features ← apps); the Nx tags in each
// package.json say which layer a project is, and this rule fails CI when an import breaks that.
const layers = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:data', 'type:feature'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:data'] },
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:data', 'type:feature', 'type:infra', 'type:sdk'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:platform', 'type:data', 'type:feature', 'type:infra', 'type:sdk', 'type:testing'] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'apps/web/public/generated/**', '**/*.js', '**/*.mjs', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: layers }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.distributed-spec.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts', 'deploy/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
];
