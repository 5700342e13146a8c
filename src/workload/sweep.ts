/**
 * Bounds of the concurrency sweep. Some (strategy, C) pairs would measure the machine,
 * not the client: a new TLS connection per request at C = 1000 is 1000 full handshakes
 * per round on two cores. Those cases are skipped with a reason that the reports show,
 * never dropped silently.
 */
import { execFileSync } from 'node:child_process';
import type { ScenarioInfo } from '../results.js';
import type { StrategyInfo } from '../results.js';
import { SWEEP_GROUP } from './scenarios.js';

/** Highest sweep concurrency for strategies that open a connection per request. */
export const CONNECTION_PER_REQUEST_CAP = 300;
/** File descriptors a process keeps for itself besides one per connection. */
const FD_HEADROOM = 256;

/** The soft open-file limit of this process (`ulimit -n`), or undefined when unknown or unlimited. */
export function openFileLimit(): number | undefined {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 }).trim();
    const n = Number(out);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export function sweepSkipReason(scenario: ScenarioInfo, strategy: StrategyInfo, fdLimit: number | undefined): string | undefined {
  if (scenario.group !== SWEEP_GROUP) return undefined;
  const c = scenario.concurrency;
  if (strategy.intent === 'connection-per-request' && c > CONNECTION_PER_REQUEST_CAP) {
    return `sweep caps connection-per-request strategies at C = ${CONNECTION_PER_REQUEST_CAP}: C = ${c} would open ${c} new TLS connections every round and measure this machine's handshake CPU, not the client`;
  }
  // Client and server each hold one descriptor per connection (plus sockets in TIME_WAIT do not count).
  if (fdLimit !== undefined && c + FD_HEADROOM > fdLimit) {
    return `open-file limit ${fdLimit} (ulimit -n) is too low for ${c} connections; raise it with 'ulimit -n ${c + FD_HEADROOM}'`;
  }
  return undefined;
}
