/**
 * Source checkouts only (dist/ has the compiled worker): the worker, bundled once per run into one plain ESM file, so each case's process
 * starts on bare `node` instead of paying for the TypeScript loader (~0.35 s a case).
 * Packages stay external (resolved from node_modules), so the measured libraries are
 * byte-for-byte the installed ones. The file name is a content hash: concurrent runs
 * write identical files, and a stale bundle is never used.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./worker.ts', import.meta.url));
// Inside node_modules so that bare imports ('undici', 'got') resolve from the bundle.
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/muxbench/', import.meta.url));

let built: Promise<string> | undefined;

async function bundle(): Promise<string> {
  // A dev dependency: imported only here, so an installed muxbench never needs it.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    absWorkingDir: projectRoot,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no worker bundle');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = `${cacheDir}worker-${hash}.mjs`;
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) {
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return file;
}

/** Path of the bundled worker (built on first use in this process). */
export function workerBundle(): Promise<string> {
  built ??= bundle().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}
