/**
 * Closed-loop rounds: a round fires one ping per delay at once and waits for all.
 * The first round runs cold and alone; then warm-up rounds (not recorded); then
 * tinybench times the measured rounds. Every request's latency goes into a histogram.
 * Failures are counted by error code, never thrown: a fault is a result, not a crash.
 */
import { setMaxListeners } from 'node:events';
import { Bench } from 'tinybench';
import { errorCode, errorMessage } from '../errors.js';
import type { ConnectionLedger } from '../ledger/ledger.js';
import { tagParts } from '../ledger/request-tag.js';
import type { RequestCounts, RoundTiming, ScenarioInfo } from '../results.js';
import { ErrorSampler } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import type { StrategyClient } from '../strategies/types.js';

export interface RoundsOutcome {
  requests: RequestCounts;
  /** What the failed requests said, per error code. */
  errors: ErrorSampler;
  /** Latency of the measured (warm, timed) rounds. */
  warm: LatencyRecorder;
  /** Latency of the cold first round alone. */
  cold: LatencyRecorder;
  coldRoundMs: number;
  rounds: RoundTiming;
  /** Successful requests per second over the measured rounds, wall clock. */
  throughputRps: number;
  /**
   * This process's CPU time (user + system, ms) over the measured phase, and the successful
   * requests it covers: CPU per request does not depend on how much of a shared machine the
   * process got, which wall-clock throughput does (bench/overhead.ts reports both).
   */
  measuredCpu: { ms: number; requests: number; userUs: number; systemUs: number };
}

/** The worker's CPU over a measured window and the requests that window finished (RoundsOutcome.measuredCpu). */
export function measuredCpu(cpu: NodeJS.CpuUsage, requests: number): RoundsOutcome['measuredCpu'] {
  return { ms: (cpu.user + cpu.system) / 1000, requests, userUs: cpu.user, systemUs: cpu.system };
}

export interface RoundsOptions {
  scenario: ScenarioInfo;
  client: StrategyClient;
  ledger: ConnectionLedger;
  pathFor: (delayMs: number) => string;
  /** Per request; a request still running then is aborted and counted as failed. */
  requestTimeoutMs: number;
  /** Hard bound on the measured phase, whatever tinybench wants. */
  hardLimitMs: number;
  /** Keep the first stack of each error code (--debug). */
  keepStacks?: boolean;
}

/**
 * A request that failed: counted by its error code, its message kept (errors), and ended
 * in the ledger with both (both shapes). Only failures pay for the message.
 */
export function countFailure(requests: RequestCounts, errors: ErrorSampler, ledger: ConnectionLedger, id: number, error: unknown): void {
  requests.failed += 1;
  const code = errorCode(error);
  const message = errorMessage(error);
  ledger.requestEnded(id, code, message);
  requests.errors[code] = (requests.errors[code] ?? 0) + 1;
  errors.record(code, message, error);
}

export async function runRounds(options: RoundsOptions): Promise<RoundsOutcome> {
  const { scenario, client, ledger, pathFor, requestTimeoutMs } = options;
  const requests: RequestCounts = { total: 0, ok: 0, failed: 0, errors: {} };
  const errors = new ErrorSampler(options.keepStacks);
  const warm = new LatencyRecorder();
  const cold = new LatencyRecorder();
  let measuredOk = 0;
  // Round 0 is the cold round; request ids count from 1 over the whole case. Each path
  // carries its request id so the tap can tell which connection a request landed on.
  let roundIndex = -1;
  let nextRequest = 1;

  const longestDelay = Math.max(0, ...scenario.delaysMs);
  // Tagging a request is one concatenation (prefix + id + suffix), split once per delay.
  const paths = scenario.delaysMs.map((delayMs) => tagParts(pathFor(delayMs)));
  // What the request in each slot of the current round needs when it settles, in arrays:
  // the handlers are made once per slot, not a closure per request (docs/overhead.md).
  const slotId = new Float64Array(paths.length);
  const slotStart = new Float64Array(paths.length);
  let recorder: LatencyRecorder | undefined;
  let counting = false;
  // The round ends when its last request settles: a count, not a Promise.all over them.
  let left = 0;
  let roundDone: () => void = () => {};
  const settledOne = (): void => {
    left -= 1;
    if (left === 0) roundDone();
  };
  const settled = paths.map((_, slot) => ({
    ok: (): void => {
      recorder?.record(performance.now() - slotStart[slot]!);
      ledger.requestEnded(slotId[slot]!);
      requests.ok += 1;
      if (counting) measuredOk += 1;
      settledOne();
    },
    failed: (error: unknown): void => {
      countFailure(requests, errors, ledger, slotId[slot]!, error);
      settledOne();
    },
  }));
  const round = (roundRecorder: LatencyRecorder | undefined, roundCounting: boolean): Promise<unknown> => {
    roundIndex += 1;
    recorder = roundRecorder;
    counting = roundCounting;
    // One timeout per round, shared by its requests: the same bound per request as a
    // timer each, without 100 timers per round weighing on the measurement.
    const signal = AbortSignal.timeout(requestTimeoutMs + longestDelay);
    // Every request of the round listens on it: without this, Node warns (and captures a
    // stack) for each listener past 10, which cost about 20% of throughput at C=100.
    setMaxListeners(paths.length + 16, signal);
    const done = new Promise<void>((resolve) => {
      roundDone = resolve;
    });
    left = paths.length;
    if (left === 0) roundDone();
    for (let slot = 0; slot < paths.length; slot++) {
      const { prefix, suffix } = paths[slot]!;
      const id = nextRequest++;
      const path = prefix + id + suffix;
      slotId[slot] = id;
      ledger.requestStarted(id, roundIndex, path);
      requests.total += 1;
      const { ok, failed } = settled[slot]!;
      slotStart[slot] = performance.now();
      // A ping that throws instead of rejecting is a failed request too, as it was when
      // each request was an async function awaiting it.
      let ping: Promise<void>;
      try {
        ping = client.ping(path, signal);
      } catch (error) {
        ping = Promise.reject(error);
      }
      void ping.then(ok, failed);
    }
    return done;
  };

  ledger.phase = 'cold';
  const coldStart = performance.now();
  await round(cold, false);
  const coldRoundMs = performance.now() - coldStart;
  ledger.phase = 'warm';

  // idle-burst: every round after the cold one starts after an idle period (in turn).
  const idles = scenario.idleMs ?? [];
  let idleIndex = 0;
  const idle = async (): Promise<void> => {
    if (idles.length === 0) return;
    const ms = idles[idleIndex++ % idles.length] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, ms));
  };

  for (let i = 0; i < scenario.rounds.warmup; i++) {
    await idle();
    await round(undefined, false);
  }

  const bench = new Bench({
    time: scenario.rounds.maxTimeMs,
    iterations: scenario.rounds.min,
    warmup: false,
    signal: AbortSignal.timeout(options.hardLimitMs),
  });
  // An `async` function, not an arrow returning a promise: tinybench probes a plain
  // function by calling it once without awaiting, which overlaps two rounds (seen: 200
  // streams in flight at concurrency 100, confirmed by the server's own count).
  bench.add('round', async () => {
    // The idle is inside the timed round: idle-burst is about what the idle does to the
    // next burst's latency and errors, and its round time is idle + burst.
    await idle();
    await round(warm, true);
  });
  const measuredStart = performance.now();
  const cpuStart = process.cpuUsage();
  await bench.run();
  const measuredMs = performance.now() - measuredStart;
  const cpu = process.cpuUsage(cpuStart);

  const result = bench.tasks[0]?.result;
  let rounds: RoundTiming = { samples: 0, warmupRounds: scenario.rounds.warmup, meanMs: 0, rmePercent: 0 };
  switch (result?.state) {
    case 'completed':
    case 'aborted-with-statistics':
      rounds = {
        samples: result.latency.samplesCount,
        warmupRounds: scenario.rounds.warmup,
        meanMs: result.latency.mean,
        rmePercent: Number.isFinite(result.latency.rme) ? result.latency.rme : 0,
      };
      break;
    case 'errored':
      throw result.error;
    case 'aborted':
    case 'not-started':
    case 'started':
    case undefined:
      break;
    default: {
      const exhaustive: never = result;
      throw new Error(`unexpected tinybench state ${String(exhaustive)}`);
    }
  }
  return {
    requests,
    errors,
    warm,
    cold,
    coldRoundMs,
    rounds,
    throughputRps: measuredMs > 0 ? (measuredOk / measuredMs) * 1000 : 0,
    measuredCpu: measuredCpu(cpu, measuredOk),
  };
}
