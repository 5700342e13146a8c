/** A case under open-loop load (inside the worker): runs it and shapes the measurement. */
import type { ConnectionLedger } from '../ledger/ledger.js';
import { LatencyRecorder } from '../stats/histogram.js';
import type { StrategyClient } from '../strategies/types.js';
import { runOpenLoop } from '../workload/open-loop.js';
import { pathFor, type CaseSpec, type WorkerReply } from '../runner-kinds/protocol.js';
import { definedOnly } from '../defined.js';

export async function openLoopMeasurement(
  spec: CaseSpec,
  load: { rateRps: number; durationMs: number },
  client: StrategyClient,
  ledger: ConnectionLedger,
  started: number,
): Promise<WorkerReply> {
  const maxInFlight = spec.scenario.concurrency;
  const outcome = await runOpenLoop({
    client,
    ledger,
    pathFor: (delay) => pathFor(spec.pathTemplate, delay),
    delaysMs: spec.scenario.delaysMs,
    rateRps: load.rateRps,
    durationMs: load.durationMs,
    maxInFlight,
    requestTimeoutMs: spec.requestTimeoutMs,
    keepStacks: spec.debug === true,
  });
  const errorDetails = outcome.errors.details();
  const corrected = outcome.corrected.summary();
  const noCold = new LatencyRecorder();
  return {
    type: 'result',
    measurement: {
      requests: outcome.requests,
      ...definedOnly({ errorDetails }),
      ledger: ledger.summary(),
      // The honest number is the corrected one: it is what a user arriving at this rate waits.
      latencyMs: corrected,
      coldLatencyMs: noCold.summary(),
      coldRoundMs: 0,
      throughputRps: outcome.elapsedMs > 0 ? (outcome.requests.ok / outcome.elapsedMs) * 1000 : 0,
      rounds: { samples: 0, warmupRounds: 0, meanMs: 0, rmePercent: 0 },
      durationMs: performance.now() - started,
      histograms: { latency: outcome.corrected.encode(), coldLatency: noCold.encode(), uncorrectedLatency: outcome.uncorrected.encode() },
      openLoop: {
        rateRps: load.rateRps,
        durationMs: load.durationMs,
        maxInFlight,
        maxBacklog: outcome.maxBacklog,
        scheduled: outcome.scheduled,
        sent: outcome.sent,
        late: outcome.late,
        lateThresholdMs: outcome.lateThresholdMs,
        dropped: outcome.dropped,
        maxLagMs: outcome.maxLagMs,
        correctedLatencyMs: corrected,
        uncorrectedLatencyMs: outcome.uncorrected.summary(),
      },
    },
  };
}
