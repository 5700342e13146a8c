/**
 * vitest globalSetup: build dist/ once before any test file runs. The CLI tests spawn
 * bin/muxbench.js (which runs dist/cli.js), strategy files that import 'muxbench' resolve
 * it to dist/, and test/package.test.ts packs it. Skipped when dist/ is newer than every
 * source and build file: even an up-to-date incremental tsc reads the whole project
 * (~10 s on 2 busy cores).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return newest(full);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? statSync(full).mtimeMs : 0;
    }),
  );
}

function mtime(file: string): number {
  try {
    return statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const inputs = Math.max(newest(path.join(root, 'src')), ...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.cjs.json', 'scripts/build.js'].map(mtime));
  const built = Math.min(mtime('dist/.tsbuildinfo'), mtime('dist/cjs/.tsbuildinfo'), mtime('dist/cjs/package.json'));
  if (built > inputs) return;
  const result = spawnSync(process.execPath, ['scripts/build.js'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}
