/**
 * Inside the worker: which Node and which library versions this process really runs,
 * resolved the way the strategies import them (through the variant's resolve hook).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeInfo } from '../results.js';
import { MEASURED_LIBRARIES } from './types.js';

/** The version of `name` this process imports, or undefined when it cannot import it. */
export function libraryVersion(name: string): string | undefined {
  let file: string;
  try {
    file = fileURLToPath(import.meta.resolve(name));
  } catch {
    return undefined;
  }
  // Walk up from the entry point to the package's own package.json.
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level
    }
  }
  return undefined;
}

export function captureRuntime(id: string): RuntimeInfo {
  const packages: Record<string, string> = {};
  for (const name of MEASURED_LIBRARIES) {
    const version = libraryVersion(name);
    if (version !== undefined) packages[name] = version;
  }
  // The undici inside Node that global fetch uses is not the undici package.
  packages['undici (bundled, fetch)'] = process.versions.undici ?? 'unknown';
  // TLS and HTTP/2 are the runtime's own OpenSSL and nghttp2, which differ between Node
  // majors (muxbench's own process may run another Node): record the worker's.
  return { id, node: process.versions.node, openssl: process.versions.openssl, nghttp2: process.versions.nghttp2 ?? 'unknown', packages };
}
