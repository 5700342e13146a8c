/** What a result was measured on: stamped into every results file. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Environment } from '../results.js';

const projectRoot = new URL('../../', import.meta.url);
const DEPENDENCIES = ['undici', 'got', 'http2-wrapper', 'tinybench', 'hdr-histogram-js', 'cli-table3'];

function installedVersion(name: string): string {
  // The installed version, not the range in our package.json. Read the file directly:
  // ESM-only packages (got, tinybench) do not export './package.json'. Look where Node
  // would: muxbench's own node_modules, then each parent's (an installed muxbench's
  // dependencies are usually hoisted next to it).
  for (let dir = projectRoot; ; ) {
    try {
      return (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, dir), 'utf8')) as { version: string }).version;
    } catch {
      const parent = new URL('../', dir);
      if (parent.href === dir.href) return 'not installed';
      dir = parent;
    }
  }
}

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function captureEnvironment(): Environment {
  const cpus = os.cpus();
  const dependencies: Record<string, string> = {};
  for (const name of DEPENDENCIES) dependencies[name] = installedVersion(name);
  // The undici inside Node that global fetch uses is not the undici package.
  dependencies['undici (bundled, fetch)'] = process.versions.undici ?? 'unknown';
  return {
    node: process.versions.node,
    openssl: process.versions.openssl,
    nghttp2: process.versions.nghttp2 ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    dependencies,
  };
}
