/**
 * Library sets per variant. Without --with each runtime gets the newest majors it can
 * run: undici 8 needs Node >= 22.19, got 15/16 need Node >= 22 (their `engines`), so
 * Node 20 measures undici 7 and got 14 (HTTP/2 through http2-wrapper 2).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { cacheRoot, installOnce, type Progress } from './cache.js';
import { satisfies } from './engines.js';
import type { NodeRuntime } from './node-runtime.js';
import { MEASURED_LIBRARIES } from './types.js';
import { definedOnly } from '../defined.js';

/** One --with value: a spec of a measured library, or `project` (the cwd's node_modules). */
export type LibraryChoice = { kind: 'spec'; name: string; spec: string } | { kind: 'project' };

export function parseWith(raw: string): LibraryChoice {
  const value = raw.trim();
  if (value === 'project') return { kind: 'project' };
  const m = /^((?:@[\w.-]+\/)?[\w.-]+)(?:@(.+))?$/.exec(value);
  const name = m?.[1];
  if (!m || name === undefined || !(MEASURED_LIBRARIES as readonly string[]).includes(name)) {
    throw new UsageError(`--with '${raw}': give an npm spec of ${MEASURED_LIBRARIES.join(', ')} (e.g. --with undici@7 --with got@14.6.6) or 'project'`);
  }
  return { kind: 'spec', name, spec: m[2] === undefined ? name : value };
}

export function defaultLibrarySpecs(nodeVersion: string): Record<string, string> {
  if (satisfies(nodeVersion, '>=22.19.0')) return { undici: 'undici@8', got: 'got@16' };
  if (satisfies(nodeVersion, '>=22')) return { undici: 'undici@7', got: 'got@16' };
  return { undici: 'undici@7', got: 'got@14', 'http2-wrapper': 'http2-wrapper@2' };
}

/** The installed version of each measured library under `dir`, and the first engines it misses. */
export function inspectLibraries(dir: string, node: NodeRuntime): { packages: Record<string, string>; skipReason?: string } {
  const packages: Record<string, string> = {};
  let skipReason: string | undefined;
  for (const name of MEASURED_LIBRARIES) {
    let pkg: { version?: string; engines?: { node?: string } };
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as typeof pkg;
    } catch {
      continue;
    }
    if (typeof pkg.version !== 'string') continue;
    packages[name] = pkg.version;
    const range = pkg.engines?.node;
    if (skipReason === undefined && range !== undefined && !satisfies(node.version, range)) {
      skipReason = `${name}@${pkg.version} needs Node ${range} (its engines); ${node.id} is v${node.version}`;
    }
  }
  return { packages, ...definedOnly({ skipReason }) };
}

/** Installs a library set once (cached by its exact specs); returns its directory. */
export async function installLibraries(specs: readonly string[], progress: Progress): Promise<string> {
  const sorted = [...specs].sort();
  const key = sorted.join('+');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const dir = path.join(cacheRoot(), 'libraries', `${key.replace(/[^\w.@+-]/g, '_')}-${hash}`);
  await installOnce(dir, sorted, sorted.join(', '), progress, 'check the spec (npm view <name> versions), or install them in your project and pass --with project');
  return dir;
}
