/**
 * Open-loop load: requests arrive at a constant rate whatever the server does, like
 * wrk2. Closed-loop rounds wait for the slowest request before sending more, so a stall
 * delays the requests that would have suffered it and they are never measured
 * ("coordinated omission"). Here each request has an intended send time, start + i/rate;
 * its corrected latency runs from that time, its uncorrected latency from when it was
 * actually sent. At most `maxInFlight` requests run at once (like wrk2's fixed connection
 * count); later arrivals wait in a backlog (they are late) and arrivals beyond
 * `maxBacklog` are dropped. Every count is bounded: arrivals stop at `durationMs`, the
 * backlog is drained for at most `drainLimitMs`, and each request has its own timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, errorMessage } from '../errors.js';
import type { ConnectionLedger } from '../ledger/ledger.js';
import type { RequestCounts } from '../results.js';
import { ErrorSampler } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import type { StrategyClient } from '../strategies/types.js';

export interface OpenLoopOptions {
  client: StrategyClient;
  ledger?: ConnectionLedger;
  pathFor: (delayMs: number) => string;
  /** Server delays, taken round-robin per request. */
  delaysMs: readonly number[];
  rateRps: number;
  durationMs: number;
  maxInFlight: number;
  /** Default: one second of arrivals, at least maxInFlight. */
  maxBacklog?: number;
  requestTimeoutMs: number;
  /** How long the backlog may drain after the last arrival; what is left then is dropped. Default: requestTimeoutMs. */
  drainLimitMs?: number;
  /** A request sent later than this behind its intended time counts as late (default 1 ms, about timer resolution). */
  lateThresholdMs?: number;
  /** Keep the first stack of each error code (--debug). */
  keepStacks?: boolean;
}

export interface OpenLoopOutcome {
  requests: RequestCounts;
  /** What the failed requests said, per error code. */
  errors: ErrorSampler;
  corrected: LatencyRecorder;
  uncorrected: LatencyRecorder;
  scheduled: number;
  sent: number;
  late: number;
  dropped: number;
  maxLagMs: number;
  maxBacklog: number;
  lateThresholdMs: number;
  /** From the first intended send to the last response. */
  elapsedMs: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopOutcome> {
  const { client, ledger, rateRps, durationMs, maxInFlight, requestTimeoutMs } = options;
  if (!(rateRps > 0) || !(durationMs > 0) || !(maxInFlight >= 1)) {
    throw new RangeError(`open loop needs rate > 0, duration > 0 and maxInFlight ≥ 1, got ${rateRps}, ${durationMs}, ${maxInFlight}`);
  }
  const maxBacklog = options.maxBacklog ?? Math.max(maxInFlight, Math.ceil(rateRps));
  const lateThresholdMs = options.lateThresholdMs ?? 1;
  const drainLimitMs = options.drainLimitMs ?? requestTimeoutMs;
  const scheduled = Math.max(1, Math.round((rateRps * durationMs) / 1000));
  const intervalMs = 1000 / rateRps;
  const requests: RequestCounts = { total: 0, ok: 0, failed: 0, errors: {} };
  const errors = new ErrorSampler(options.keepStacks);
  const corrected = new LatencyRecorder();
  const uncorrected = new LatencyRecorder();
  const backlog: number[] = [];
  const running = new Set<Promise<void>>();
  let sent = 0;
  let late = 0;
  let dropped = 0;
  let maxLagMs = 0;
  let lastDone = 0;
  let wake: (() => void) | undefined;

  if (ledger) ledger.phase = 'cold';
  const send = (intended: number): void => {
    const delayMs = options.delaysMs.length > 0 ? (options.delaysMs[sent % options.delaysMs.length] ?? 0) : 0;
    const sentAt = performance.now();
    const lag = sentAt - intended;
    if (lag > lateThresholdMs) late += 1;
    if (lag > maxLagMs) maxLagMs = lag;
    sent += 1;
    requests.total += 1;
    // The first maxInFlight requests open the connections: that is the cold phase.
    if (ledger && sent === maxInFlight + 1) ledger.phase = 'warm';
    // A ping that throws instead of rejecting is a failed request too (as in the rounds loop).
    let ping: Promise<void>;
    try {
      ping = client.ping(options.pathFor(delayMs), AbortSignal.timeout(requestTimeoutMs + delayMs));
    } catch (error) {
      ping = Promise.reject(error);
    }
    const request = ping
      .then(
        () => {
          const done = performance.now();
          corrected.record(done - intended);
          uncorrected.record(done - sentAt);
          requests.ok += 1;
        },
        (error: unknown) => {
          requests.failed += 1;
          const code = errorCode(error);
          requests.errors[code] = (requests.errors[code] ?? 0) + 1;
          errors.record(code, errorMessage(error), error);
        },
      )
      .finally(() => {
        lastDone = performance.now();
        running.delete(request);
        dispatch();
        wake?.();
      });
    running.add(request);
  };
  const dispatch = (): void => {
    while (running.size < maxInFlight && backlog.length > 0) send(backlog.shift() as number);
  };

  const start = performance.now();
  let next = 0;
  while (next < scheduled) {
    const now = performance.now();
    while (next < scheduled && start + next * intervalMs <= now) {
      if (backlog.length >= maxBacklog) dropped += 1;
      else backlog.push(start + next * intervalMs);
      next += 1;
    }
    dispatch();
    if (next < scheduled) await sleep(Math.max(0, start + next * intervalMs - performance.now()));
  }

  // Drain the backlog, bounded; then wait for what is in flight (each has its own timeout).
  const drainDeadline = performance.now() + drainLimitMs;
  while (backlog.length > 0 && performance.now() < drainDeadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, Math.max(1, drainDeadline - performance.now())).unref();
    });
    wake = undefined;
  }
  dropped += backlog.length;
  backlog.length = 0;
  await Promise.all([...running]);
  if (ledger) ledger.phase = 'warm';
  return {
    requests,
    errors,
    corrected,
    uncorrected,
    scheduled,
    sent,
    late,
    dropped,
    maxLagMs,
    maxBacklog,
    lateThresholdMs,
    elapsedMs: Math.max(lastDone, performance.now()) - start,
  };
}
