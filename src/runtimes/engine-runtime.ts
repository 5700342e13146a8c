/**
 * Bun and Deno as runtimes of the matrix (`--runtime bun,deno,node26`): each installed
 * once from the npm registry into the runtime cache, as Node majors are. npm's `bun`
 * package links a real binary at node_modules/.bin/bun; `@deno/linux-x64-glibc` ships
 * the `deno` binary in its package directory. Neither runs muxbench's worker (its
 * client-side tap wraps Node's socket factories, which their fetch never calls): a case
 * on them runs the harness (harness/harness-case.ts), counted from the server's ledger.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, installOnce, type Progress } from './cache.js';

export type RuntimeEngine = 'bun' | 'deno';

interface EngineInstall {
  /** The npm package and the binary inside its install, relative to node_modules. */
  pkg: (platform: string, arch: string) => string | undefined;
  bin: (pkg: string) => string;
  label: string;
}

const ENGINES: Record<RuntimeEngine, EngineInstall> = {
  bun: { pkg: () => 'bun', bin: () => path.join('.bin', 'bun'), label: 'Bun' },
  deno: {
    // Deno publishes one package per platform; glibc Linux is what these builds run on.
    pkg: (platform, arch) => (platform === 'linux' && (arch === 'x64' || arch === 'arm64') ? `@deno/linux-${arch}-glibc` : platform === 'darwin' ? `@deno/darwin-${arch}` : undefined),
    bin: (pkg) => path.join(pkg, 'deno'),
    label: 'Deno',
  },
};

const ENTRY = /^(bun|deno)(?:@(\d+(?:\.\d+){0,2}|latest))?$/;

/** `bun`, `deno`, `bun@1.4.5`, `deno@2` → engine and npm version spec; anything else undefined. */
export function parseEngineEntry(entry: string): { engine: RuntimeEngine; spec: string } | undefined {
  const m = ENTRY.exec(entry);
  if (!m) return undefined;
  return { engine: m[1] as RuntimeEngine, spec: m[2] ?? 'latest' };
}

export interface EngineRuntime {
  /** Column header: bun, deno, bun1.4.5. */
  id: string;
  bin: string;
  /** The engine's own version (1.4.5), not a Node version. */
  version: string;
  engine: RuntimeEngine;
}

export async function resolveEngine(entry: string, progress: Progress): Promise<EngineRuntime> {
  const parsed = parseEngineEntry(entry);
  if (!parsed) throw new Error(`not a Bun or Deno entry: ${entry}`);
  const { engine, spec } = parsed;
  const install = ENGINES[engine];
  const pkg = install.pkg(process.platform, process.arch);
  if (pkg === undefined) throw new Error(`${install.label} is not published on the npm registry for ${process.platform}-${process.arch}`);
  const dir = path.join(cacheRoot(), engine, spec);
  await installOnce(
    dir,
    [`${pkg}@${spec}`],
    `${install.label} ${spec}`,
    progress,
    `check the version (npm view ${pkg} versions), or measure it with --client-cmd and your own script`,
  );
  const { version } = JSON.parse(readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
  return { id: spec === 'latest' ? engine : `${engine}${spec}`, bin: path.join(dir, 'node_modules', install.bin(pkg)), version, engine };
}
