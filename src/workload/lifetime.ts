/**
 * The lifetime scenario's loop: a burst of `concurrency` pings to every origin at once,
 * then an idle gap, once per gap; the last gap ends the case. What the client does with
 * its connections while idle is counted by the server (targets/server-lifetime.ts), from
 * the marks this loop returns: the wall-clock times (epoch ms, the server ledger's clock)
 * of each burst's start and end, and of the end of the last gap, taken before the worker
 * closes the clients. Bounded: as many bursts as gaps, each request under the request
 * timeout, and the loop stops starting bursts past `hardLimitMs`.
 */
import { setMaxListeners } from 'node:events';
import type { ConnectionLedger } from '../ledger/ledger.js';
import { tagPath } from '../ledger/request-tag.js';
import type { RequestCounts, RoundTiming, ScenarioInfo } from '../results.js';
import { ErrorSampler } from '../stats/error-details.js';
import { LatencyRecorder } from '../stats/histogram.js';
import type { StrategyClient } from '../strategies/types.js';
import type { LifetimeMarks } from '../targets/server-lifetime.js';
import { countFailure, measuredCpu, type RoundsOutcome } from './rounds.js';

export interface LifetimeOptions {
  scenario: ScenarioInfo;
  /** One client per origin, in the order of the target's origins. */
  clients: StrategyClient[];
  ledger: ConnectionLedger;
  pathFor: (delayMs: number) => string;
  requestTimeoutMs: number;
  hardLimitMs: number;
  keepStacks?: boolean;
}

const END_MARGIN_MS = 50;

/** The same clock as the server ledger's (serverNow in targets/server-ledger.ts), in this process. */
const wallNow = (): number => performance.timeOrigin + performance.now();

export type { LifetimeMarks };

export async function runLifetime(options: LifetimeOptions): Promise<RoundsOutcome & { marks: LifetimeMarks }> {
  const { scenario, clients, ledger, pathFor, requestTimeoutMs } = options;
  const gapsMs = scenario.lifetime?.gapsMs ?? [];
  const requests: RequestCounts = { total: 0, ok: 0, failed: 0, errors: {} };
  const errors = new ErrorSampler(options.keepStacks);
  const warm = new LatencyRecorder();
  const cold = new LatencyRecorder();
  const marks: LifetimeMarks = { bursts: [], endAt: 0 };
  const longestDelay = Math.max(0, ...scenario.delaysMs);
  const deadline = performance.now() + options.hardLimitMs;
  let nextRequest = 1;
  let coldRoundMs = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let burstMs = 0;

  for (let burst = 0; burst < gapsMs.length && performance.now() < deadline; burst++) {
    ledger.phase = burst === 0 ? 'cold' : 'warm';
    const recorder = burst === 0 ? cold : warm;
    const signal = AbortSignal.timeout(requestTimeoutMs + longestDelay);
    setMaxListeners(clients.length * scenario.delaysMs.length + 16, signal);
    const startAt = wallNow();
    const t0 = performance.now();
    const pings: Array<Promise<void>> = [];
    for (const client of clients) {
      for (const delayMs of scenario.delaysMs) {
        const id = nextRequest++;
        const path = tagPath(pathFor(delayMs), id);
        ledger.requestStarted(id, burst, path);
        requests.total += 1;
        const begin = performance.now();
        let ping: Promise<void>;
        try {
          ping = client.ping(path, signal);
        } catch (error) {
          ping = Promise.reject(error);
        }
        pings.push(
          ping.then(
            () => {
              recorder.record(performance.now() - begin);
              ledger.requestEnded(id);
              requests.ok += 1;
            },
            (error: unknown) => countFailure(requests, errors, ledger, id, error),
          ),
        );
      }
    }
    await Promise.all(pings);
    const took = performance.now() - t0;
    if (burst === 0) coldRoundMs = took;
    else burstMs += took;
    marks.bursts.push({ startAt, endAt: wallNow() });
    // The gap: nothing in flight, the client's connections idle. Not cut short by the
    // deadline: the gaps are what the case is about, and the runner's bound includes them.
    await new Promise((resolve) => setTimeout(resolve, gapsMs[burst] ?? 0));
  }
  marks.endAt = wallNow();
  // The worker closes the clients next: keep those closes clear of the end mark, so a
  // millisecond between the two processes' clocks cannot count one as the client's own.
  await new Promise((resolve) => setTimeout(resolve, END_MARGIN_MS));
  const cpu = process.cpuUsage(cpuStart);
  const warmBursts = Math.max(0, marks.bursts.length - 1);
  const rounds: RoundTiming = { samples: warmBursts, warmupRounds: 0, meanMs: warmBursts > 0 ? burstMs / warmBursts : 0, rmePercent: 0 };
  const elapsed = performance.now() - started;
  return {
    requests,
    errors,
    warm,
    cold,
    coldRoundMs,
    rounds,
    // Requests over the whole case, idle gaps included: not a speed figure.
    throughputRps: elapsed > 0 ? (requests.ok / elapsed) * 1000 : 0,
    measuredCpu: measuredCpu(cpu, requests.ok),
    marks,
  };
}
