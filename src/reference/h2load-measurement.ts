/**
 * An h2load run as a CaseMeasurement, so it becomes a CaseResult like any strategy's.
 * Latency percentiles come from the per-request log; the first C requests (the first
 * "round", which pays for the connection) are kept apart like a cold round.
 */
import type { CaseMeasurement } from '../runner-kinds/protocol.js';
import type { ScenarioInfo } from '../results.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { parseH2loadLog, type H2loadSummary } from './h2load-output.js';

export function measurementFromH2load(
  summary: H2loadSummary,
  logText: string,
  scenario: ScenarioInfo,
  durationMs: number,
  /** A timed run (-D): its log holds only the measured requests; the cold ones went in the warm-up. */
  timed = false,
): CaseMeasurement {
  const entries = parseH2loadLog(logText);
  const coldCount = timed ? 0 : scenario.concurrency;
  const cold = new LatencyRecorder();
  const warm = new LatencyRecorder();
  entries.forEach((e, i) => {
    if (e.status < 200 || e.status > 299) return;
    (i < coldCount ? cold : warm).record(e.durationUs / 1000);
  });
  const firstStart = entries[0]?.startUs ?? 0;
  const coldEnd = Math.max(0, ...entries.slice(0, coldCount).map((e) => e.startUs + e.durationUs));
  const errors: Record<string, number> = {};
  for (const [cls, n] of Object.entries(summary.statusClasses)) if (cls !== '2xx' && n > 0) errors[`HTTP_${cls}`] = n;
  if (summary.errored > 0) errors.H2LOAD_ERRORED = summary.errored;
  if (summary.timeout > 0) errors.H2LOAD_TIMEOUT = summary.timeout;
  const notStarted = summary.total - summary.started;
  const protocol = summary.protocol ?? 'none';
  // -c 1: one connection; h2load fails leftover requests rather than reconnecting.
  const one = { opened: 1, tlsFull: protocol === 'h2c' ? 0 : 1, tlsResumed: 0, alpn: { [protocol]: 1 } };
  return {
    requests: {
      total: summary.total,
      ok: summary.succeeded,
      failed: summary.total - summary.succeeded,
      errors: notStarted > 0 && summary.errored === 0 ? { ...errors, H2LOAD_NOT_STARTED: notStarted } : errors,
    },
    ledger: {
      ...one,
      maxConcurrentStreams: scenario.concurrency,
      requestsPerConnection: [summary.done],
      unused: 0,
      // h2load reports none of these; its -c 1 run has one connection and no GOAWAY handling.
      goaways: 0,
      goawayCodes: {},
      refusedStreams: 0,
      remoteMaxConcurrentStreams: null,
      failuresAfterGoaway: 0,
      failuresOnReused: 0,
      failuresOnReusedCodes: {},
      failuresOnReusedIdleMs: [],
      cold: one,
      warm: { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} },
    },
    latencyMs: warm.summary(),
    coldLatencyMs: cold.summary(),
    coldRoundMs: entries.length > 0 && coldCount > 0 ? (coldEnd - firstStart) / 1000 : 0,
    throughputRps: summary.reqPerSec,
    rounds: { samples: 1, warmupRounds: 0, meanMs: summary.finishedMs, rmePercent: 0 },
    durationMs,
    histograms: { latency: warm.encode(), coldLatency: cold.encode() },
  };
}
