/**
 * One case in its own process: ALPN caches, TLS session caches, agent pools and JIT
 * state never leak from one strategy into the next, and the client never shares an
 * event loop with the server. Receives a CaseSpec over IPC, answers one WorkerReply.
 */
import { errorCode } from '../errors.js';
import { ConnectionLedger } from '../ledger/ledger.js';
import { installTap } from '../ledger/tap.js';
import { TraceCollector } from '../trace/collector.js';
import { PhaseRecorder } from '../trace/phase-recorder.js';
import { phaseBreakdown, phaseHistograms } from '../trace/phases.js';
import { requestBody } from '../workload/request-body.js';
import { runLifetime } from '../workload/lifetime.js';
import { runRounds } from '../workload/rounds.js';
import { runSustained, shapeOf } from '../workload/sustained.js';
import { openLoopMeasurement } from './open-loop-case.js';
import { loadStrategy } from './load-strategy.js';
import { pathFor, type CaseSpec, type WorkerReply } from '../runner-kinds/protocol.js';
import { captureRuntime } from '../runtimes/capture.js';
import { watchParent } from '../process/parent-watch.js';
import { sampleClientMemory } from '../costs/client-memory.js';
import { definedOnly } from '../defined.js';

// A worker outlives no muxbench: it exits once the parent's IPC channel closes (even on SIGKILL).
watchParent();

async function runCase(spec: CaseSpec): Promise<WorkerReply> {
  const started = performance.now();
  const ledger = new ConnectionLedger();
  // The tap goes in before any client exists, so it sees the first socket.
  const tap = installTap(ledger);
  // The full per-request trace only when asked for: it keeps every request of the case.
  // The phase breakdown of every run comes from a recorder whose memory stays flat.
  const collector = spec.trace === true ? new TraceCollector(ledger) : undefined;
  const phaseRecorder = collector === undefined ? new PhaseRecorder(ledger) : undefined;
  const strategy = await loadStrategy(spec.strategy, spec.strategyFile);
  const open = (origin: string): ReturnType<typeof strategy.open> =>
    strategy.open({
      origin: new URL(origin),
      tls: spec.tls,
      concurrency: spec.scenario.concurrency,
      ledger,
      ...(spec.scenario.requestBytes !== undefined ? { requestBody: requestBody(spec.scenario.requestBytes) } : {}),
    });
  const client = await open(spec.origin);
  // The lifetime scenario: one client per origin, as a service with one client per
  // upstream has (a library with one process-wide pool, such as fetch's, shares it).
  const others = spec.scenario.lifetime !== undefined ? await Promise.all(lifetimeOrigins(spec).slice(1).map(open)) : [];
  // The client's memory from here (its library loaded, no request yet) to the end of the loop.
  const memory = sampleClientMemory();
  try {
    if (spec.openLoop !== undefined) return await openLoopMeasurement(spec, spec.openLoop, client, ledger, started);
    const common = {
      scenario: spec.scenario,
      ledger,
      pathFor: (delay: number) => pathFor(spec.pathTemplate, delay),
      requestTimeoutMs: spec.requestTimeoutMs,
      hardLimitMs: spec.hardLimitMs,
      keepStacks: spec.debug === true,
    };
    const lifetime = spec.scenario.lifetime !== undefined ? await runLifetime({ ...common, clients: [client, ...others] }) : undefined;
    const loop = shapeOf(spec.scenario) === 'sustained' ? runSustained : runRounds;
    const outcome = lifetime ?? (await loop({ ...common, client }));
    const clientMemory = memory.stop();
    const errorDetails = outcome.errors.details();
    const trace = collector?.snapshot();
    const phases = trace !== undefined ? phaseHistograms(trace) : phaseRecorder!.histograms;
    return {
      type: 'result',
      ...definedOnly({ trace }),
      measurement: {
        requests: outcome.requests,
        ...definedOnly({ errorDetails }),
        ledger: ledger.summary(),
        latencyMs: outcome.warm.summary(),
        coldLatencyMs: outcome.cold.summary(),
        coldRoundMs: outcome.coldRoundMs,
        throughputRps: outcome.throughputRps,
        clientMemory,
        measuredCpu: outcome.measuredCpu,
        rounds: outcome.rounds,
        durationMs: performance.now() - started,
        phases: trace !== undefined ? phaseBreakdown(trace) : phaseRecorder!.breakdown(),
        // The whole distributions cross to the parent as compressed strings (a few hundred
        // bytes each), so results from several hosts can be added up exactly.
        histograms: { latency: outcome.warm.encode(), coldLatency: outcome.cold.encode(), phases: phases.encode() },
        ...(lifetime !== undefined ? { lifetimeMarks: lifetime.marks } : {}),
      },
    };
  } finally {
    // The timer stays ref'd: a close() that never settles (a session already closed by
    // GOAWAY) must not let the event loop empty and the process exit before it replies.
    const closing = [client, ...others].map((c) => c.close().catch(() => {}));
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 2000))]);
    tap.uninstall();
  }
}

/** The origins a lifetime case spreads over: as many of the target's as the scenario asks for (at least its one origin). */
function lifetimeOrigins(spec: CaseSpec): string[] {
  const all = spec.origins ?? [spec.origin];
  return all.slice(0, Math.max(1, spec.scenario.lifetime?.origins ?? 1));
}

process.once('message', (spec: CaseSpec) => {
  runCase(spec)
    .catch((error: unknown): WorkerReply => ({
      type: 'error',
      code: errorCode(error),
      message: error instanceof Error ? error.message : String(error),
    }))
    .then((reply) => {
      // What this process really ran on, resolved here rather than assumed by the parent.
      const runtime = captureRuntime(process.env.MUXBENCH_RUNTIME_ID ?? 'current');
      // Exit once the reply is out: a strategy may leave sockets or timers behind.
      process.send?.({ ...reply, runtime }, () => process.exit(0));
    });
});
