/**
 * `--node` entries → Node binaries: a major (`26`) or exact version (`24.21.0`) from the
 * npm registry's `node` package (a real binary, installed once into the cache),
 * `current` (the Node running muxbench), `lts` (the newest LTS line) or a path.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { cacheRoot, installOnce, type Progress } from './cache.js';
import { parseEngineEntry, resolveEngine, type RuntimeEngine } from './engine-runtime.js';

export interface NodeRuntime {
  /** The column header and the --a/--b key of compare: node26, current, node24.21.0. */
  id: string;
  bin: string;
  /** Without the v: 26.10.0; for Bun and Deno the engine's own version (1.4.5). */
  version: string;
  /** Set for Bun and Deno (engine-runtime.ts); absent = Node. */
  engine?: RuntimeEngine;
}

/**
 * The newest LTS major on `date`: even majors are released in April and become Active
 * LTS in October (Node's release schedule; Node 20 in October 2023). In December 2026
 * that is 26.
 */
export function ltsMajor(date: Date = new Date()): number {
  const year = date.getUTCFullYear();
  const lastLtsYear = date.getUTCMonth() >= 9 ? year : year - 1;
  return 20 + 2 * (lastLtsYear - 2023);
}

const VERSION = /^\d+(\.\d+){0,2}$/;

/** Validates one --node entry (no installing): throws a UsageError naming what is accepted. */
export function checkNodeEntry(entry: string): void {
  if (entry === 'current' || entry === 'lts' || VERSION.test(entry) || parseEngineEntry(entry) !== undefined) return;
  if (entry.includes('/') || entry.includes(path.sep)) {
    try {
      accessSync(entry, constants.X_OK);
      return;
    } catch {
      throw new UsageError(`--node ${entry}: no executable file there; give a Node binary, a major like 24, 'current' or 'lts'`);
    }
  }
  throw new UsageError(`--node '${entry}' is not a Node version: use majors (20,22,24,26), an exact version (24.21.0), 'current', 'lts', bun, deno (bun@1.4.5) or a path to a node binary`);
}

function binaryVersion(bin: string): string {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  return out.replace(/^v/, '');
}

export async function resolveNode(entry: string, progress: Progress): Promise<NodeRuntime> {
  checkNodeEntry(entry);
  if (parseEngineEntry(entry) !== undefined) return resolveEngine(entry, progress);
  if (entry === 'current') return { id: 'current', bin: process.execPath, version: process.versions.node };
  if (entry.includes('/') || entry.includes(path.sep)) {
    const bin = path.resolve(entry);
    const version = binaryVersion(bin);
    return { id: `node${version}`, bin, version };
  }
  const spec = entry === 'lts' ? String(ltsMajor()) : entry;
  const dir = path.join(cacheRoot(), 'node', spec);
  await installOnce(
    dir,
    [`node@${spec}`],
    `Node ${spec}`,
    progress,
    `install it yourself and pass its binary instead: --node /path/to/node (e.g. npm install --prefix /tmp/n node@${spec}, then --node /tmp/n/node_modules/node/bin/node)`,
  );
  const bin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  const pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules', 'node', 'package.json'), 'utf8')) as { version: string };
  return { id: `node${spec}`, bin, version: pkg.version };
}
