/**
 * What the cases were measured on, as opposed to what muxbench itself ran on. Since
 * runtime variants exist (--node, default: the newest LTS), a worker's Node and its
 * undici/got are usually not muxbench's own: a default run measures Node 26 with undici 8
 * while muxbench runs on Node 20 with undici 7. `results.environment` is muxbench's own
 * process; the measured runtimes are in `runs[].runtime` (what each worker saw) and
 * `variants` (what was planned). Every writer names the measured runtimes first and
 * labels the environment as muxbench's, through the helpers here.
 */
import { NATIVE_RUNTIME_ID, type Environment, type MeasuredOn, type Results } from '../results.js';
import { MEASURED_LIBRARIES } from '../runtimes/types.js';
import { definedOnly } from '../defined.js';

/**
 * A measured runtime. `fromEnvironment` marks a results file from before per-case
 * runtime records: its workers ran on muxbench's own Node and libraries, so those are
 * what was measured.
 */
export type MeasuredRuntime = MeasuredOn;

const BUNDLED_UNDICI = 'undici (bundled, fetch)';

/**
 * One entry per runtime the cases ran on, in the variants' order, then any other runtime
 * the runs name. A worker's own record wins over the planned variant (it is what really
 * loaded); the native reference (h2load) runs on no Node and is left out.
 */
export function measuredRuntimes(results: Pick<Results, 'runs' | 'variants' | 'environment'>): MeasuredRuntime[] {
  const out = new Map<string, MeasuredRuntime>();
  for (const v of results.variants ?? []) {
    out.set(v.id, {
      id: v.id,
      node: v.node,
      packages: { ...v.packages },
      ...definedOnly({ skipReason: v.skipReason }),
      ...(v.engine !== undefined ? { engine: v.engine, ...definedOnly({ engineVersion: v.engineVersion }) } : {}),
    });
  }
  const reported = new Set<string>();
  for (const run of results.runs) {
    const rt = run.runtime;
    if (rt === undefined || rt.id === NATIVE_RUNTIME_ID || reported.has(rt.id)) continue;
    // A measured case's record comes from its worker; a skipped or failed one's is the plan.
    const fromWorker = run.status === 'ok';
    const known = out.get(rt.id);
    if (known !== undefined && !fromWorker) continue;
    out.set(rt.id, { ...rt, packages: { ...rt.packages }, ...(known?.skipReason !== undefined ? { skipReason: known.skipReason } : {}) });
    if (fromWorker) reported.add(rt.id);
  }
  if (out.size > 0 || results.runs.some((r) => r.runtime !== undefined)) return [...out.values()];
  // Older files: every worker ran on the Node running muxbench, with its libraries.
  const env = results.environment;
  const packages: Record<string, string> = {};
  for (const name of [...MEASURED_LIBRARIES, BUNDLED_UNDICI]) {
    const version = env.dependencies[name];
    if (version !== undefined && version !== 'not installed') packages[name] = version;
  }
  return [{ id: 'current', node: env.node.replace(/^v/, ''), openssl: env.openssl, nghttp2: env.nghttp2, packages, fromEnvironment: true }];
}

/** "undici 8.14.0, got 16.1.0, undici (bundled, fetch) 8.10.2" */
export const librariesText = (packages: Record<string, string>): string =>
  Object.entries(packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');

/**
 * "node26: Node 26.10.0, undici 8.14.0, got 16.1.0, undici (bundled, fetch) 8.10.2; OpenSSL 3.5.4, nghttp2 1.66.0"
 * (the id is the matrix column and the `@ node26` of a row).
 */
export function measuredLine(rt: MeasuredRuntime): string {
  if (rt.engine !== undefined) return `${rt.id}: ${engineLine(rt, rt.engine)}`;
  const libs = librariesText(rt.packages);
  const native = [rt.openssl !== undefined ? `OpenSSL ${rt.openssl}` : '', rt.nghttp2 !== undefined ? `nghttp2 ${rt.nghttp2}` : ''].filter((s) => s !== '');
  const head = rt.fromEnvironment ? `Node ${rt.node}` : `${rt.id}: Node ${rt.node}`;
  const tail = rt.fromEnvironment ? ' (the Node running muxbench: this file predates per-case runtime records)' : '';
  return `${head}${libs ? `, ${libs}` : ''}${native.length > 0 ? `; ${native.join(', ')}` : ''}${rt.skipReason !== undefined ? ` — skipped: ${rt.skipReason}` : ''}${tail}`;
}

/** The measured runtimes, one line each. */
export const measuredLines = (results: Pick<Results, 'runs' | 'variants' | 'environment'>): string[] => measuredRuntimes(results).map(measuredLine);

/** "muxbench itself ran on Node 20.20.2 (OpenSSL 3.0.19, nghttp2 1.61.0) with undici 7.30.2, got 14.6.6, …" */
export function muxbenchLine(env: Environment): string {
  const deps = librariesText(env.dependencies);
  return `muxbench itself ran on Node ${env.node.replace(/^v/, '')} (OpenSSL ${env.openssl}, nghttp2 ${env.nghttp2})${deps ? ` with ${deps}` : ''}`;
}

/** "Linux 6.18.44 x64 · 2 × AMD EPYC" */
export const machineLine = (env: Environment): string => `${env.os} · ${env.cpus} × ${env.cpuModel}`;

/**
 * The runtime one run or aggregate was measured on: its variant's entry, or for a file
 * without runtime records, the Node running muxbench. Undefined for the native reference.
 */
export function runtimeOf(results: Pick<Results, 'runs' | 'variants' | 'environment'>, id: string | undefined, all = measuredRuntimes(results)): MeasuredRuntime | undefined {
  if (id === NATIVE_RUNTIME_ID) return undefined;
  if (id === undefined) return all.length === 1 ? all[0] : undefined;
  return all.find((rt) => rt.id === id);
}

/**
 * "Bun 1.4.5 (reports Node 24.3.0), its own fetch, node:http2 and node:https run by a
 * harness: connections counted by the server, latency by Bun's clock": Bun and Deno run
 * no worker and no tap (docs/runtimes.md), and the line says where each figure comes from.
 */
function engineLine(rt: MeasuredRuntime, engine: 'bun' | 'deno'): string {
  const name = engine === 'bun' ? 'Bun' : 'Deno';
  // The Node compatibility level the runtime reports, as its harness saw it ('none' in the plan).
  const compat = rt.node !== 'none' && rt.node !== 'unknown' ? ` (reports Node ${rt.node})` : '';
  const skipped = rt.skipReason !== undefined ? ` — skipped: ${rt.skipReason}` : '';
  return `${name} ${rt.engineVersion ?? ''}${compat}, its own fetch, node:http2 and node:https run by a harness: connections counted by the server, latency by ${name}'s clock${skipped}`;
}

/** "Node 26.10.0, undici 8.14.0, got 16.1.0": a runtime without its id, for exports that name it per row. */
export function runtimeText(rt: MeasuredRuntime): string {
  if (rt.engine !== undefined) return `${rt.engine === 'bun' ? 'Bun' : 'Deno'} ${rt.engineVersion ?? ''}`;
  const libs = librariesText(rt.packages);
  return `Node ${rt.node}${libs ? `, ${libs}` : ''}`;
}
