/**
 * Inside the worker: which Node and which library versions this process really runs,
 * resolved the way the strategies import them (through the variant's resolve hook).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeInfo } from '../results.js';
import { satisfies } from './engines.js';
import { MEASURED_LIBRARIES, PROJECT_LIBRARIES } from './types.js';

interface PackageFacts {
  version: string;
  engines?: { node?: string };
}

/** The package.json of `name` as this process imports it, or undefined when it cannot import it. */
function libraryPackage(name: string): PackageFacts | undefined {
  let file: string;
  try {
    file = fileURLToPath(import.meta.resolve(name));
  } catch {
    return undefined;
  }
  // Walk up from the entry point to the package's own package.json.
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; engines?: { node?: string } };
      if (pkg.name === name && typeof pkg.version === 'string') return { version: pkg.version, ...(pkg.engines ? { engines: pkg.engines } : {}) };
    } catch {
      // no package.json at this level
    }
  }
  return undefined;
}

/** The version of `name` this process imports, or undefined when it cannot import it. */
export function libraryVersion(name: string): string | undefined {
  return libraryPackage(name)?.version;
}

/**
 * Why a strategy of a project library (PROJECT_LIBRARIES: muxbench's own install on every
 * variant) cannot run on a Node version: the installed version's `engines` exclude it, as
 * a variant whose library set does is skipped (libraries.ts). Undefined when it can run,
 * or when the strategy measures something else.
 */
export function projectLibrarySkip(library: string, node: { id: string; version: string }): string | undefined {
  if (!(PROJECT_LIBRARIES as readonly string[]).includes(library)) return undefined;
  const pkg = libraryPackage(library);
  if (pkg === undefined) return `${library} is not installed next to muxbench (npm install ${library})`;
  const range = pkg.engines?.node;
  return range !== undefined && !satisfies(node.version, range) ? `${library}@${pkg.version} needs Node ${range} (its engines); ${node.id} is v${node.version}` : undefined;
}

export function captureRuntime(id: string): RuntimeInfo {
  const packages: Record<string, string> = {};
  for (const name of [...MEASURED_LIBRARIES, ...PROJECT_LIBRARIES]) {
    const version = libraryVersion(name);
    if (version !== undefined) packages[name] = version;
  }
  // The undici inside Node that global fetch uses is not the undici package.
  packages['undici (bundled, fetch)'] = process.versions.undici ?? 'unknown';
  // TLS and HTTP/2 are the runtime's own OpenSSL and nghttp2, which differ between Node
  // majors (muxbench's own process may run another Node): record the worker's.
  return { id, node: process.versions.node, openssl: process.versions.openssl, nghttp2: process.versions.nghttp2 ?? 'unknown', packages };
}
