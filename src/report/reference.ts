/** The lines writers add for real targets: the reference ratios under a table, and what served the target. */
import type { Results } from '../results.js';
import { REFERENCE_STRATEGY } from '../stats/reference.js';
import { aggregatesOf } from './rows.js';

/** "throughput vs h2load (native reference, = 1): http2-single-session 0.31×, undici-h2 0.12×" */
export function referenceLine(results: Results, scenarioId: string): string | undefined {
  const aggs = aggregatesOf(results, scenarioId);
  const reference = aggs.find((a) => a.strategy === REFERENCE_STRATEGY);
  if (!reference) return undefined;
  const ratios = aggs.filter((a) => a.vsReference !== undefined).map((a) => `${a.strategy} ${fmtReferenceRatio(a.vsReference ?? 0)}`);
  if (ratios.length === 0) return undefined;
  return `throughput vs h2load (native reference = 1×): ${ratios.join(', ')}`;
}

/** A bare ratio to the reference, "0.31×" (compare's ratios with uncertainty are format.ts fmtRatio). */
export function fmtReferenceRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toPrecision(2)}×`;
}

/** "nginx 1.22.1 (worker_processes 1, http2_max_concurrent_streams 128, …)"; undefined for servers we did not start. */
export function serverLine(results: Results): string | undefined {
  const server = results.target.server;
  if (!server) return undefined;
  const settings = Object.entries(server.settings).map(([k, v]) => `${k} ${v}`);
  return `${server.software} ${server.version}${settings.length > 0 ? ` (${settings.join(', ')})` : ''}`;
}
