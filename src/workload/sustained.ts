/**
 * The sustained shape: after the same cold round as the rounds shape (C requests at
 * once, recorded apart, so cold/warm connection counts mean the same), C lanes each
 * send a request as soon as their previous one ends, for a warm-up and then a measured
 * window: C requests in flight all the time, as `h2load -c 1 -m C -D`. No round barrier
 * waits for the slowest request.
 *
 * The hot path is kept lean (each change measured, see docs/overhead.md): no closure or
 * promise per request beyond the client's own, the request path built by one string
 * concatenation, the latency straight into the HDR histogram, window counts in a typed
 * array, and one timer for the whole case instead of one per request (timeouts below).
 */
import { setMaxListeners } from 'node:events';
import { tagParts } from '../ledger/request-tag.js';
import type { RequestCounts, RoundTiming, ScenarioInfo, SustainedBudget } from '../results.js';
import { ErrorSampler } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { countFailure, measuredCpu, type RoundsOptions, type RoundsOutcome } from './rounds.js';

/** Used when a scenario is sustained but names no budget: the throughput scenario's. */
export const DEFAULT_SUSTAINED: SustainedBudget = { warmupMs: 1000, durationMs: 1200, windows: 6 };

/**
 * Timeouts without a timer per request: requests take the signal of the current epoch;
 * one interval timer starts a new epoch every `epochMs` and aborts every epoch whose
 * requests have all run for longer than the timeout. A request that never answers is
 * aborted after between `timeoutMs` and `timeoutMs + 2 * epochMs`: bounded, as before.
 */
export class EpochTimeouts {
  private readonly epochs: Array<{ controller: AbortController; startedAt: number }> = [];
  private readonly timer: NodeJS.Timeout;
  current: AbortSignal;

  constructor(
    private readonly timeoutMs: number,
    readonly epochMs: number = Math.max(5, Math.min(250, timeoutMs / 4)),
  ) {
    this.current = this.next(performance.now());
    this.timer = setInterval(() => this.tick(performance.now()), this.epochMs);
  }

  private next(now: number): AbortSignal {
    const controller = new AbortController();
    // Every request of the epoch may listen on it (thousands): no listener-count warning.
    setMaxListeners(0, controller.signal);
    this.epochs.push({ controller, startedAt: now });
    return controller.signal;
  }

  private tick(now: number): void {
    this.current = this.next(now);
    // An epoch's last request started before startedAt + epochMs (the next epoch began then).
    while (this.epochs.length > 1 && now - (this.epochs[0]!.startedAt + this.epochMs) >= this.timeoutMs) {
      const old = this.epochs.shift()!;
      old.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** 97.5 % quantile of Student's t by degrees of freedom (1…30), for the windows' margin of error. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Relative margin of error (95 %, percent) of the mean of per-window counts, as tinybench's `rme`. */
export function windowRme(counts: ArrayLike<number>): number {
  const n = counts.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += counts[i]!;
  const mean = sum / n;
  if (mean === 0) return 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (counts[i]! - mean) ** 2;
  const sem = Math.sqrt(ss / (n - 1) / n);
  return ((T975[n - 2] ?? 1.96) * sem * 100) / mean;
}

export interface SustainedOptions extends RoundsOptions {
  /** Stop sending once this many requests were started (a bound for benchmarks; the window still bounds time). */
  maxRequests?: number;
}

export async function runSustained(options: SustainedOptions): Promise<RoundsOutcome> {
  const { scenario, client, ledger, pathFor, requestTimeoutMs } = options;
  const budget = scenario.sustained ?? DEFAULT_SUSTAINED;
  const requests: RequestCounts = { total: 0, ok: 0, failed: 0, errors: {} };
  const errors = new ErrorSampler(options.keepStacks);
  const warm = new LatencyRecorder();
  const cold = new LatencyRecorder();
  const longestDelay = Math.max(0, ...scenario.delaysMs);
  const parts = scenario.delaysMs.map((delayMs) => tagParts(pathFor(delayMs)));
  const timeouts = new EpochTimeouts(requestTimeoutMs + longestDelay);
  let nextRequest = 1;
  const lastRequest = options.maxRequests ?? Number.POSITIVE_INFINITY;

  const fail = (id: number, error: unknown): void => countFailure(requests, errors, ledger, id, error);

  // The cold round: C at once, wait for all, exactly as the rounds shape starts.
  const coldRequest = async (lane: number): Promise<void> => {
    const { prefix, suffix } = parts[lane]!;
    const id = nextRequest++;
    const path = prefix + id + suffix;
    ledger.requestStarted(id, 0, path);
    requests.total += 1;
    const started = performance.now();
    try {
      await client.ping(path, timeouts.current);
      cold.record(performance.now() - started);
      ledger.requestEnded(id);
      requests.ok += 1;
    } catch (error) {
      fail(id, error);
    }
  };

  let measureStart = 0;
  let measureEnd = 0;
  let windowMs = 0;
  let measuredOk = 0;
  let lastEnd = 0;
  // CPU from the first request that ended inside the window to the last lane's stop.
  let cpuStart: NodeJS.CpuUsage | undefined;
  const windowCounts = new Float64Array(Math.max(1, budget.windows));
  const lastWindow = windowCounts.length - 1;

  // One lane: its next request goes out as soon as the last one ended, until the window closes.
  const lane = async (index: number): Promise<void> => {
    const { prefix, suffix } = parts[index]!;
    let now = performance.now();
    while (now < measureEnd && nextRequest <= lastRequest) {
      const id = nextRequest++;
      const path = prefix + id + suffix;
      // Round 1 = the warm-up; round 2 + k = measured window k (the trace's round numbers).
      const round = now < measureStart ? 1 : 2 + Math.min(lastWindow, Math.floor((now - measureStart) / windowMs));
      ledger.requestStarted(id, round, path);
      requests.total += 1;
      try {
        await client.ping(path, timeouts.current);
        const ended = performance.now();
        ledger.requestEnded(id);
        requests.ok += 1;
        // Counted when it ended inside the measured window, as h2load counts after its warm-up.
        if (ended >= measureStart && ended < measureEnd) {
          cpuStart ??= process.cpuUsage();
          warm.record(ended - now);
          measuredOk += 1;
          windowCounts[Math.min(lastWindow, Math.floor((ended - measureStart) / windowMs))]! += 1;
        }
        now = ended;
        if (ended > lastEnd) lastEnd = ended;
      } catch (error) {
        fail(id, error);
        now = performance.now();
      }
    }
  };

  try {
    ledger.phase = 'cold';
    const coldStart = performance.now();
    await Promise.all(parts.map((_, i) => coldRequest(i)));
    const coldRoundMs = performance.now() - coldStart;
    ledger.phase = 'warm';

    measureStart = performance.now() + budget.warmupMs;
    measureEnd = measureStart + budget.durationMs;
    windowMs = budget.durationMs / windowCounts.length;
    await Promise.all(parts.map((_, i) => lane(i)));
    const cpu = cpuStart !== undefined ? process.cpuUsage(cpuStart) : { user: 0, system: 0 };

    const rounds: RoundTiming = {
      samples: windowCounts.length,
      warmupRounds: 0,
      meanMs: windowMs,
      rmePercent: windowRme(windowCounts),
    };
    return {
      requests,
      errors,
      warm,
      cold,
      coldRoundMs,
      rounds,
      // Over the window, or over the part of it before maxRequests stopped the lanes.
      throughputRps: measuredOk > 0 ? (measuredOk / (Math.min(measureEnd, lastEnd) - measureStart)) * 1000 : 0,
      measuredCpu: measuredCpu(cpu, measuredOk),
    };
  } finally {
    timeouts.stop();
  }
}

/** The loop a scenario's shape asks for. */
export function shapeOf(scenario: Pick<ScenarioInfo, 'shape'>): 'rounds' | 'sustained' {
  return scenario.shape ?? 'rounds';
}
