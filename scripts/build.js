// `npm run build` (and `prepare`, so `npm install` / `npm ci` / `npm pack` build too):
// src/ -> dist/ as ES modules with .d.ts (tsconfig.build.json), the strategy helpers once more
// as CommonJS -> dist/cjs/ (tsconfig.cjs.json) for require('muxbench'). See docs/architecture.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`muxbench build: tsc -p ${project} failed`);
    process.exit(result.status ?? 1);
  }
}
mkdirSync(new URL('../dist/cjs/', import.meta.url), { recursive: true });
// dist/cjs holds CommonJS .js files inside a "type": "module" package.
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), '{ "type": "commonjs" }\n');
