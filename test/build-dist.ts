/**
 * vitest globalSetup: build dist/ once before any test file runs. The CLI tests spawn
 * bin/muxbench.js (which runs dist/cli.js), strategy files that import 'muxbench' resolve
 * it to dist/, and test/package.test.ts packs it. tsc is incremental, so an up-to-date
 * dist/ costs a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}
