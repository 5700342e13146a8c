/** Turn a worker's reply and the server's counters into one CaseResult (plain data). */
import { NATIVE_RUNTIME_ID, type CaseCpu, type CaseResult, type CpuPerRequest, type RuntimeInfo, type ServerCounts } from '../results.js';
import type { CaseMeasurement } from '../runner-kinds/protocol.js';
import type { PlannedCase } from './plan.js';
import type { WorkerReply } from '../runner-kinds/protocol.js';
import { definedOnly } from '../defined.js';

const ZERO_LATENCY = { min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
const ZERO_COUNTS = { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} };

/**
 * The runtime a case was planned on, for cases no worker reported on (skipped, or the
 * worker died): the variant as installed, or the Node running muxbench. The native
 * reference (h2load) runs on no Node at all.
 */
export function plannedRuntime(planned: PlannedCase): RuntimeInfo {
  if (planned.runner?.kind === 'h2load') return { id: NATIVE_RUNTIME_ID, node: 'none', packages: {} };
  const v = planned.variant;
  if (v?.node.engine !== undefined) return { id: v.id, node: 'unknown', packages: {}, engine: v.node.engine, engineVersion: v.node.version };
  return v ? { id: v.id, node: v.node.version, packages: { ...v.packages } } : { id: 'current', node: process.versions.node, packages: {} };
}

export function caseResult(
  planned: PlannedCase,
  reply: WorkerReply | { type: 'skipped'; reason: string },
  server: ServerCounts | null,
  durationMs: number,
  /** The server's CPU time over the case (ns), when the server is ours and it could be read. */
  serverCpuNs?: number,
): CaseResult {
  const base = {
    scenario: planned.scenario.id,
    strategy: planned.strategy.id,
    repetition: planned.repetition,
    concurrency: reply.type === 'result' && reply.concurrency !== undefined ? reply.concurrency : planned.scenario.concurrency,
    verdicts: [],
    runtime: reply.type === 'skipped' ? plannedRuntime(planned) : (reply.runtime ?? plannedRuntime(planned)),
  };
  switch (reply.type) {
    case 'result': {
      const m = reply.measurement;
      const { ledger } = m;
      return {
        ...base,
        status: 'ok',
        requests: m.requests,
        ...definedOnly({ errorDetails: m.errorDetails }),
        connections: {
          opened: ledger.opened,
          tlsFull: ledger.tlsFull,
          tlsResumed: ledger.tlsResumed,
          alpn: ledger.alpn,
          serverAccepted: server ? server.accepted : null,
          maxConcurrentStreams: ledger.maxConcurrentStreams,
          requestsPerConnection: ledger.requestsPerConnection,
          unused: ledger.unused,
          cold: ledger.cold,
          warm: ledger.warm,
          server,
          goaways: ledger.goaways,
          goawayCodes: ledger.goawayCodes,
          refusedStreams: ledger.refusedStreams,
          remoteMaxConcurrentStreams: ledger.remoteMaxConcurrentStreams,
          failuresAfterGoaway: ledger.failuresAfterGoaway,
          failuresOnReused: ledger.failuresOnReused,
          failuresOnReusedCodes: ledger.failuresOnReusedCodes,
          failuresOnReusedIdleMs: ledger.failuresOnReusedIdleMs,
        },
        ...(m.phases ? { phasesMs: m.phases } : {}),
        latencyMs: m.latencyMs,
        coldLatencyMs: m.coldLatencyMs,
        coldRoundMs: m.coldRoundMs,
        throughputRps: m.throughputRps,
        rounds: m.rounds,
        durationMs,
        ...definedOnly({ openLoop: m.openLoop }),
        cpu: caseCpu(m.measuredCpu, server, serverCpuNs),
        ...definedOnly({ clientMemory: m.clientMemory, histograms: m.histograms }),
      };
    }
    case 'error':
    case 'skipped':
      return {
        ...base,
        status: reply.type,
        ...(reply.type === 'error'
          ? { error: { code: reply.code, message: reply.message } }
          : { skipReason: reply.reason }),
        requests: { total: 0, ok: 0, failed: 0, errors: reply.type === 'error' ? { [reply.code]: 1 } : {} },
        connections: {
          ...ZERO_COUNTS,
          serverAccepted: server ? server.accepted : null,
          maxConcurrentStreams: 0,
          requestsPerConnection: [],
          unused: 0,
          cold: ZERO_COUNTS,
          warm: ZERO_COUNTS,
          server,
        },
        latencyMs: ZERO_LATENCY,
        coldLatencyMs: ZERO_LATENCY,
        coldRoundMs: 0,
        throughputRps: 0,
        rounds: { samples: 0, warmupRounds: 0, meanMs: 0, rmePercent: 0 },
        durationMs,
      };
    default: {
      const exhaustive: never = reply;
      throw new Error(`unknown reply ${JSON.stringify(exhaustive)}`);
    }
  }
}

/**
 * CPU per request of a measured case. The client's figure covers the measured window and
 * its requests; the server's the whole case (everything the server answered between the
 * counter reset and the settled read), divided by the requests it answered.
 */
export function caseCpu(client: CaseMeasurement['measuredCpu'], server: ServerCounts | null, serverCpuNs: number | undefined): CaseCpu {
  const answered = server ? Object.values(server.requestsByProtocol).reduce((n, x) => n + x, 0) : 0;
  return {
    client:
      client !== undefined && client.requests > 0
        ? perRequest(client.ms * 1000, client.requests, client.userUs !== undefined && client.systemUs !== undefined ? { userUs: client.userUs, systemUs: client.systemUs } : {})
        : null,
    server: serverCpuNs !== undefined && answered > 0 ? perRequest(serverCpuNs / 1000, answered, {}) : null,
  };
}

export function perRequest(totalUs: number, requests: number, parts: { userUs?: number; systemUs?: number }): CpuPerRequest {
  return { usPerRequest: totalUs / requests, totalUs, ...parts, requests };
}
