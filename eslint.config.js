// `npm run lint` (also in .ci/run): typescript-eslint's recommended rules, and no import
// cycles (import-x/no-cycle over src/, bench/, test/). Unused variables prefixed _ are intended.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'results/', 'reports/', 'certs/', '.tmp/', '.stryker-tmp/', 'examples/clients/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The few .js files (bin/, scripts/, this config) run on Node; TypeScript checks the .ts globals itself.
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    extends: [importX.flatConfigs.typescript],
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A timer a closure clears is declared before the closure and assigned later.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests match terminal output, ANSI escapes included.
    files: ['**/*.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
