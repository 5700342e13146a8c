// `npm run lint` (also in .ci/run): typescript-eslint's recommended rules, no import
// cycles (import-x/no-cycle over src/, bench/, test/), and layers in src/ that import only
// downwards (import-x/no-restricted-paths, LAYERS below). Unused variables prefixed _ are intended.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * src/ from the bottom up (docs/architecture.md, "Layers"): a module may import its own
 * layer and the ones below, never one above. The top layer (options, the run's pipeline,
 * the commands, the public API) may import anything.
 */
export const LAYERS = [
  // The results contract (results.ts and results/: the comparison and threshold outcomes it holds);
  // src/options: the option table and what is made from it (parse configuration, help lines), plain data.
  ['src/results.ts', 'src/results', 'src/errors.ts', 'src/gate-rows.ts', 'src/find-executable.ts', 'src/child-entry.ts', 'src/check-out-dir.ts', 'src/defined.ts', 'src/options'],
  ['src/stats', 'src/ledger', 'src/process', 'src/runtimes', 'src/trace'],
  ['src/targets'],
  ['src/strategies'],
  ['src/workload', 'src/diagnose'],
  // What runs a case (the runner kinds) and the reply each hands back: read by run/ and by the plug-ins alike.
  ['src/runner-kinds'],
  // The runner kinds other than the worker, which run/case-runners.ts dispatches to.
  ['src/client-cmd', 'src/reference', 'src/harness'],
  ['src/run'],
  ['src/compare'],
  ['src/report'],
  ['src/thresholds'],
];

/** One zone per layer and each path above it: that layer's files may not import from there. */
function layerZones() {
  const zones = [];
  LAYERS.forEach((layer, index) => {
    for (const from of LAYERS.slice(index + 1).flat()) {
      zones.push({
        target: layer,
        from,
        message: `Layers import downwards only: ${from} is above ${layer.join(', ')} (LAYERS in eslint.config.js, docs/architecture.md).`,
      });
    }
  });
  return zones;
}

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
    // Tests may reach into any layer to check it.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: fileURLToPath(new URL('.', import.meta.url)), zones: layerZones() }],
    },
  },
  {
    // Tests match terminal output, ANSI escapes included.
    files: ['**/*.test.ts'],
    rules: { 'no-control-regex': 'off' },
  },
);
