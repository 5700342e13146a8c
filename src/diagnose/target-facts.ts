/**
 * Whether the origin speaks h2. Our local server always offers it; for any other target
 * the run itself is the evidence: if any case negotiated h2 with it (client or server
 * side), it does. Without such evidence the downgrade rule stays silent rather than guess.
 */
import type { CaseResult, Results, TargetServer } from '../results.js';
import { keepAliveTimeoutOf } from '../target/server-options.js';
import type { TargetFacts } from './types.js';

export function targetFacts(kind: Results['target']['kind'], runs: readonly CaseResult[], server?: TargetServer): TargetFacts {
  // The idle timeout when muxbench set it (--server-keepalive-timeout).
  const keepAliveTimeoutMs = keepAliveTimeoutOf(server?.settings);
  const idle = keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs } : {};
  if (kind === 'local') return { speaksH2: true, ...idle };
  const sawH2 = runs.some((r) => (r.connections.alpn.h2 ?? 0) > 0 || (r.connections.server?.alpn.h2 ?? 0) > 0);
  return { speaksH2: sawH2 ? true : null, ...idle };
}
